package dev.notesbackup.backup.run;

import java.time.Instant;
import java.util.List;

/**
 * The outcome for one table.
 *
 * @param created      name of the backup made in this run (or that a dry run would make)
 * @param skipped      name of this slot's backup that already existed, so none was made
 * @param deleted      names of the backups deleted (or that a dry run would delete)
 * @param kept         backups of ours that remain after the run, of those the run saw
 * @param listed       true when the run saw every backup of the table (so {@code kept} is exact);
 *                     false when its listing was cut short or failed ({@code kept} is then a lower bound)
 * @param deletesLeft  deletions the policy selected but the time budget left for the next run
 * @param lastBackup   creation time of the newest available backup of ours, or null if none
 * @param error        what went wrong, or null
 */
public record TableReport(
        String table,
        TableStatus status,
        String created,
        String skipped,
        List<String> deleted,
        int kept,
        boolean listed,
        int deletesLeft,
        Instant lastBackup,
        String error) {

    public TableReport {
        deleted = List.copyOf(deleted);
    }
}
