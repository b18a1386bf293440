package dev.notesbackup.backup.vault.watchdog;

import dev.notesbackup.backup.vault.ExportCompletion;
import dev.notesbackup.backup.vault.VaultLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A vault in memory: the listing, and what each completion or summary file says; it records which files were read. */
final class FakeExportFiles implements ExportFiles {
    static final String EXPORT_ID = "01764558000000-a1b2c3d4";

    final List<VaultObject> objects = new ArrayList<>();
    final Map<String, ExportCompletion> completions = new HashMap<>();
    final Map<String, Instant> summaries = new HashMap<>();
    final List<String> read = new ArrayList<>();

    /** Our completion file for the slot, written by S3 at {@code written}. */
    FakeExportFiles completion(String prefix, String table, Instant slot, String status, Instant exportTime, Instant written) {
        String key = VaultLayout.completionKey(prefix, table, slot);
        objects.add(new VaultObject(key, written));
        completions.put(key, completion(status, exportTime));
        return this;
    }

    /** An unreadable completion file (the reader gives nothing). */
    FakeExportFiles brokenCompletion(String prefix, String table, Instant slot, Instant written) {
        objects.add(new VaultObject(VaultLayout.completionKey(prefix, table, slot), written));
        return this;
    }

    /** DynamoDB's manifest-summary.json for the slot, by AWS's documented layout. */
    FakeExportFiles summary(String prefix, String table, Instant slot, Instant exportTime, Instant written) {
        String key = VaultLayout.awsManifestSummaryKey(VaultLayout.slotFolder(prefix, table, slot), exportArn(table));
        objects.add(new VaultObject(key, written));
        summaries.put(key, exportTime);
        return this;
    }

    FakeExportFiles object(String key, Instant written) {
        objects.add(new VaultObject(key, written));
        return this;
    }

    static String exportArn(String table) {
        return "arn:aws:dynamodb:us-east-1:111111111111:table/" + table + "/export/" + EXPORT_ID;
    }

    static ExportCompletion completion(String status, Instant exportTime) {
        boolean ok = status.equals("COMPLETED");
        return new ExportCompletion(ExportCompletion.FORMAT_VERSION, exportArn("t"), status, exportTime,
                exportTime, exportTime.plusSeconds(60), ok ? 10L : null, ok ? 100L : null,
                ok ? null : "S3NoSuchBucket", ok ? null : "no bucket");
    }

    @Override
    public Optional<ExportCompletion> completion(VaultObject file) {
        read.add(file.key());
        return Optional.ofNullable(completions.get(file.key()));
    }

    @Override
    public Optional<Instant> summaryExportTime(VaultObject file) {
        read.add(file.key());
        return Optional.ofNullable(summaries.get(file.key()));
    }
}
