package dev.notesbackup.backup.vault.watchdog;

import dev.notesbackup.backup.vault.ExportCompletion;
import java.time.Instant;
import java.util.Optional;

/** Reads the two kinds of file that tell an export completed (S3 in the watchdog, a map in tests). */
public interface ExportFiles {
    /** Our {@code export-complete.json}; empty when it cannot be read as one. */
    Optional<ExportCompletion> completion(VaultObject file);

    /** The {@code exportTime} of DynamoDB's {@code manifest-summary.json}; empty when it has none or cannot be read. */
    Optional<Instant> summaryExportTime(VaultObject file);
}
