package dev.notesbackup.drill;

import java.time.Duration;
import java.util.List;

/**
 * How one scenario ended: what the API accepted, where the recovered items came from, and what of
 * the accepted was lost, altered or doubled. It passes only with lost, altered and duplicated at 0
 * and every check of its own ({@code failures} empty).
 *
 * @param done            what the scenario did, in a few words
 * @param accepted        notes and replies the API answered 201 to
 * @param fromBackup      items back from an on-demand (or SYSTEM) backup
 * @param fromPointInTime items back from point-in-time recovery
 * @param fromVault       items back from the vault's export
 * @param fromLog         items written by the replay of the write-ahead log
 * @param timeToRecover   wall time of the recovery steps on moto (not AWS's times); null when nothing was recovered
 * @param failures        the scenario's own checks that did not hold (e.g. the guard allowed, a table survived)
 */
record ScenarioResult(String scenario, String done, int accepted, long fromBackup, long fromPointInTime, long fromVault,
                      long fromLog, int lost, int duplicated, int altered, Duration timeToRecover, List<String> failures) {

    ScenarioResult {
        failures = List.copyOf(failures);
    }

    boolean passed() {
        return lost == 0 && duplicated == 0 && altered == 0 && failures.isEmpty();
    }
}
