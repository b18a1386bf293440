package dev.notesbackup.backup.run;

/** Hears about a run's progress as it happens (the CLI prints it); called from the run's threads. */
public interface RunListener {
    RunListener NONE = new RunListener() {
    };

    /** This slot's backup of {@code table} exists now: made in this run, or by an earlier delivery. */
    default void backedUp(String table, String backupName, boolean alreadyExisted) {
    }

    /** The table failed or is missing; its backups are kept. */
    default void failed(String table, String error) {
    }

    /** One backup was deleted (or, in a dry run, would be). */
    default void deleted(String table, String backupName) {
    }
}
