package dev.notesbackup.backup.vault;

import java.time.Instant;

/**
 * How an export ended, written to the vault ({@link VaultLayout#COMPLETION_FILE}) by the first run
 * that sees it ended (and again by later runs within the tracking window: the same content, a new
 * version). Together with the {@link RestoreManifest} it is the restore manifest of one slot.
 *
 * @param exportArn       the export
 * @param status          COMPLETED or FAILED
 * @param exportTime      the point in time the export read the table at
 * @param startTime       when the export started
 * @param endTime         when it ended
 * @param itemCount       items exported (COMPLETED only, else null)
 * @param billedSizeBytes bytes billed (COMPLETED only, else null)
 * @param failureCode     DynamoDB's failure code (FAILED only, else null)
 * @param failureMessage  DynamoDB's failure message (FAILED only, else null)
 */
public record ExportCompletion(
        int formatVersion,
        String exportArn,
        String status,
        Instant exportTime,
        Instant startTime,
        Instant endTime,
        Long itemCount,
        Long billedSizeBytes,
        String failureCode,
        String failureMessage) {

    public static final int FORMAT_VERSION = 1;
}
