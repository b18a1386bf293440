package dev.notesbackup.backup.vault.restore;

import java.time.Instant;

/**
 * What DynamoDB's own files of an export say (AWS's documented export layout:
 * {@code AWSDynamoDB/<export id>/manifest-summary.json} and {@code manifest-files.json}).
 *
 * @param summaryItemCount  manifest-summary.json's itemCount (null when the summary is absent)
 * @param billedSizeBytes   manifest-summary.json's billedSizeBytes
 * @param exportTime        manifest-summary.json's exportTime
 * @param dataFiles         lines of manifest-files.json, one per data file (0 when absent)
 * @param filesItemCount    the sum of manifest-files.json's itemCount (null when absent)
 * @param missingDataFiles  data files manifest-files.json names that the bucket does not hold
 */
public record AwsExportFiles(Long summaryItemCount, Long billedSizeBytes, Instant exportTime,
                             int dataFiles, Long filesItemCount, int missingDataFiles) {
    public static final AwsExportFiles ABSENT = new AwsExportFiles(null, null, null, 0, null, 0);

    public boolean hasSummary() {
        return summaryItemCount != null;
    }
}
