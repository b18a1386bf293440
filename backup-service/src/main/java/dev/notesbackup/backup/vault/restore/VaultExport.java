package dev.notesbackup.backup.vault.restore;

import dev.notesbackup.backup.vault.ExportCompletion;
import dev.notesbackup.backup.vault.RestoreManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One slot's export of one table, as the vault holds it.
 *
 * @param prefix        the app account's folder
 * @param table         the table
 * @param slot          the schedule slot
 * @param slotFolder    the export's S3Prefix
 * @param status        see {@link ExportStatus}
 * @param exportTime    the point in time the export read the table at (null if no file says)
 * @param itemCount     items exported (the completion record's, else DynamoDB's summary's; null if unknown)
 * @param sizeBytes     bytes billed (likewise)
 * @param lockedUntil   the earliest Object Lock retain-until date of the restore manifest and the data
 *                      (null: not locked, or not readable)
 * @param dataObjects   objects the bucket holds under the export's data folder
 * @param manifest      our restore manifest, null if absent
 * @param completion    our completion record, null if absent
 * @param aws           what DynamoDB's own manifest files say
 * @param notes         what is wrong or worth knowing, one sentence each
 */
public record VaultExport(String prefix, String table, Instant slot, String slotFolder, ExportStatus status,
                          Instant exportTime, Long itemCount, Long sizeBytes, Instant lockedUntil, int dataObjects,
                          RestoreManifest manifest, ExportCompletion completion, AwsExportFiles aws, List<String> notes) {
    /**
     * A restore manifest without a completion record counts as IN_PROGRESS for this long after its
     * slot: DynamoDB ends even a large table's export within hours, and the next runs record it.
     */
    public static final Duration IN_PROGRESS_WINDOW = Duration.ofHours(24);

    public VaultExport {
        Objects.requireNonNull(status, "status");
        aws = aws == null ? AwsExportFiles.ABSENT : aws;
        notes = List.copyOf(notes);
    }

    /** True when a restore can use it: COMPLETED, with its restore manifest and its data. */
    public boolean restorable() {
        return status == ExportStatus.COMPLETED;
    }

    /** The export's time if known, else its slot: what "newest" and "before" are measured by. */
    public Instant pointInTime() {
        return exportTime != null ? exportTime : slot;
    }

    /**
     * Judges one slot from its files (pure): the status, time, item count and size, and notes on
     * what disagrees.
     */
    public static VaultExport assess(String prefix, String table, Instant slot, String slotFolder, RestoreManifest manifest,
                                     ExportCompletion completion, AwsExportFiles aws, int dataObjects, Instant lockedUntil,
                                     List<String> readNotes, Instant now) {
        List<String> notes = new ArrayList<>(readNotes);
        aws = aws == null ? AwsExportFiles.ABSENT : aws;
        ExportStatus status;
        if (manifest == null) {
            status = ExportStatus.INCOMPLETE;
            notes.add("no restore manifest: the table's schema and settings are unknown, so this slot cannot be restored");
        } else if (completion == null) {
            boolean recent = Duration.between(slot, now).compareTo(IN_PROGRESS_WINDOW) <= 0;
            status = recent ? ExportStatus.IN_PROGRESS : ExportStatus.INCOMPLETE;
            if (!recent) {
                notes.add("no completion record " + Duration.between(slot, now).toHours() + " h after the slot: no backup run"
                        + " saw this export end");
            }
            if (aws.hasSummary()) {
                notes.add("DynamoDB's manifest-summary.json is there (" + aws.summaryItemCount() + " items), but no run"
                        + " recorded the export as completed");
            }
        } else if ("FAILED".equals(completion.status())) {
            status = ExportStatus.FAILED;
            notes.add("the export failed: " + completion.failureCode() + ": " + completion.failureMessage());
        } else if ("COMPLETED".equals(completion.status())) {
            status = dataObjects > 0 && aws.missingDataFiles() == 0 ? ExportStatus.COMPLETED : ExportStatus.INCOMPLETE;
            if (dataObjects == 0) {
                notes.add("completed, but the bucket holds no data files under the export's data folder");
            }
            if (aws.missingDataFiles() > 0) {
                notes.add(aws.missingDataFiles() + " of the " + aws.dataFiles() + " data files that manifest-files.json names"
                        + " are not in the bucket");
            }
        } else {
            status = ExportStatus.INCOMPLETE;
            notes.add("the completion record's status is '" + completion.status() + "', expected COMPLETED or FAILED");
        }
        if (completion != null && completion.itemCount() != null && aws.hasSummary()
                && !completion.itemCount().equals(aws.summaryItemCount())) {
            notes.add("the completion record says " + completion.itemCount() + " items, DynamoDB's manifest-summary.json "
                    + aws.summaryItemCount());
        }
        if (aws.hasSummary() && aws.filesItemCount() != null && !aws.filesItemCount().equals(aws.summaryItemCount())) {
            notes.add("manifest-files.json counts " + aws.filesItemCount() + " items, manifest-summary.json "
                    + aws.summaryItemCount());
        }
        Instant exportTime = completion != null && completion.exportTime() != null ? completion.exportTime()
                : aws.exportTime() != null ? aws.exportTime()
                : manifest != null ? manifest.exportTime() : null;
        Long items = completion != null && completion.itemCount() != null ? completion.itemCount() : aws.summaryItemCount();
        Long size = completion != null && completion.billedSizeBytes() != null ? completion.billedSizeBytes() : aws.billedSizeBytes();
        return new VaultExport(prefix, table, slot, slotFolder, status, exportTime, items, size, lockedUntil, dataObjects,
                manifest, completion, aws, notes);
    }
}
