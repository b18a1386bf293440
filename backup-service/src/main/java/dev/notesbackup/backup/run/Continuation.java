package dev.notesbackup.backup.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A schedule slot's work that one invocation decided but could not finish, handed to the next
 * invocation of the function: the deletions the retention policy selected, and the tables whose
 * backup for the slot is not made yet, each with the deletions that become due once it exists.
 *
 * <p>A continuation lists nothing the invocation before it listed: every decision in it was made
 * on that invocation's listing, and stays right until it is carried out, since the policy is
 * monotone in what it sees and a backup past retention only grows older. A delivery that comes
 * twice is harmless: a backup already deleted answers BackupNotFoundException, which counts as
 * done, and a table's backup for the slot is looked for before it is made.
 *
 * @param invocation      the number of the invocation this work is for (2 for the first continuation)
 * @param deletions       per table, the ARNs of the backups to delete
 * @param toBackUp        per table not yet backed up for the slot, the ARNs to delete once its backup exists
 * @param listingComplete whether the listing the decisions were made on saw every backup it asked for
 * @param vaultTables     tables whose export into the vault for this slot is still to start (the time
 *                        budget stopped the export before them)
 */
public record Continuation(int invocation, Map<String, List<String>> deletions, Map<String, List<String>> toBackUp,
                           boolean listingComplete, List<String> vaultTables) {
    public Continuation {
        if (invocation < 2) {
            throw new IllegalArgumentException("a continuation is the 2nd invocation of a slot or later, not the " + invocation + "th");
        }
        deletions = copy(deletions);
        toBackUp = copy(toBackUp);
        vaultTables = List.copyOf(vaultTables);
    }

    /** Without vault exports to go on with. */
    public Continuation(int invocation, Map<String, List<String>> deletions, Map<String, List<String>> toBackUp,
                        boolean listingComplete) {
        this(invocation, deletions, toBackUp, listingComplete, List.of());
    }

    /** This work, and the vault exports of {@code tables} too. */
    public Continuation withVaultTables(List<String> tables) {
        return new Continuation(invocation, deletions, toBackUp, listingComplete, tables);
    }

    /** Deletions in all, whether due now or once a table's backup exists. */
    public int deletionCount() {
        return deletions.values().stream().mapToInt(List::size).sum() + toBackUp.values().stream().mapToInt(List::size).sum();
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> tables) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        tables.forEach((table, arns) -> copy.put(table, List.copyOf(arns)));
        return java.util.Collections.unmodifiableMap(copy);
    }
}
