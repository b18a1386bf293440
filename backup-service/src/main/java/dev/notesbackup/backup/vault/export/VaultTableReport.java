package dev.notesbackup.backup.vault.export;

import java.time.Instant;
import java.util.List;

/**
 * The vault export's outcome for one table.
 *
 * @param exportArn          the slot's export (started or found), or null
 * @param manifestKey        the restore manifest written in this run, or null
 * @param inProgress         tracked exports still running (ARNs)
 * @param completions        completion records written in this run (keys), for exports that ended
 * @param newestCompleted    the point in time of the newest COMPLETED export seen, or null
 * @param error              what went wrong, or null
 */
public record VaultTableReport(
        String table,
        VaultStatus status,
        String exportArn,
        String manifestKey,
        List<String> inProgress,
        List<String> completions,
        Instant newestCompleted,
        String error) {

    public VaultTableReport {
        inProgress = List.copyOf(inProgress);
        completions = List.copyOf(completions);
    }
}
