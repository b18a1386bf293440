package dev.notesbackup.backup.policy;

/** What became of a table's backup in this run; only {@link #BACKED_UP} allows any pruning. */
public enum TableOutcome {
    /** This slot's backup was created now, or already existed from an earlier delivery. */
    BACKED_UP,
    /** Creating the backup failed. */
    FAILED,
    /** The table does not exist (any more). */
    MISSING,
    /** The run has not (yet) made this table's backup. */
    PENDING
}
