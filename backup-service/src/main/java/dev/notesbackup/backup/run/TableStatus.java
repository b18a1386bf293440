package dev.notesbackup.backup.run;

/** How a table fared in one run. MISSING and FAILED make the invocation fail. */
public enum TableStatus {
    /** Backed up (or already backed up for this slot) and pruned as far as the time allowed. */
    OK,
    /** Creating the backup, listing or deleting failed; nothing of it was pruned after the failure. */
    FAILED,
    /** The table does not exist; its backups are all kept. */
    MISSING,
    /** The time budget ran out before the run reached this table; the next run does it. */
    NOT_REACHED;

    public boolean isFailure() {
        return this == FAILED || this == MISSING;
    }
}
