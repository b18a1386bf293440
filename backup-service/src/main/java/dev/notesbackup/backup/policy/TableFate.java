package dev.notesbackup.backup.policy;

/**
 * What became of a table's backup for this schedule slot, as far as pruning goes: only a table
 * whose backup exists, or (in a dry run or a preview) would be made, allows any deletion.
 */
public sealed interface TableFate {
    /** This slot's backup was made now, or already existed from an earlier delivery. */
    TableFate BACKED_UP = new BackedUp();
    /** The backup failed, the table is missing, or the run has not (yet) made it: nothing is pruned. */
    TableFate NOT_BACKED_UP = new NotBackedUp();

    /** A backup that a run would make now, by this name; it counts among the newest slots like a made one. */
    static TableFate planned(String backupName) {
        return new Planned(backupName);
    }

    record BackedUp() implements TableFate {
    }

    record NotBackedUp() implements TableFate {
    }

    record Planned(String backupName) implements TableFate {
    }

    default boolean allowsPruning() {
        return !(this instanceof NotBackedUp);
    }
}
