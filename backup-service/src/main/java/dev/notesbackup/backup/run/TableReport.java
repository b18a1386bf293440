package dev.notesbackup.backup.run;

import java.time.Instant;
import java.util.List;

/**
 * The outcome for one table.
 *
 * @param created      name of the backup made in this run (or that a dry run would make)
 * @param skipped      name of this slot's backup that already existed, so none was made
 * @param deleted      names of the backups deleted (or that a dry run would delete)
 * @param kept         backups of ours that remain after the run, of those the run saw: all of them
 *                     when every backup of the table was listed (a listing per table, for a few
 *                     tables); with the account-wide listing, which leaves out the days within the
 *                     retention period that the decision does not need (nothing there may be
 *                     deleted), a lower bound: the expired ones kept and those of the days listed
 * @param listed       true when the listing the decision needs was complete for the table, so that
 *                     {@code deleted} and {@code deletesLeft} hold all the policy deletes today: every
 *                     backup of it (listing per table), or every backup created before the retention
 *                     cutoff and the newest days back to where keep-at-least was decided (account-wide);
 *                     and, with a null {@code lastBackup}, no day was left out, so the table has no
 *                     available backup of ours. False when the time budget or a failure cut the
 *                     listing short, or when the days left out may hold the table's only backups
 * @param deletesLeft  deletions the policy selected but the time budget left for the next run
 * @param lastBackup   creation time of the newest available backup of ours the run saw, or null if
 *                     none (the account-wide listing lists the newest day, always, and the days before
 *                     it back to where keep-at-least was decided)
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
