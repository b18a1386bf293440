package dev.notesbackup.cli;

/** The exit codes of every operator command (backup CLI and notes tools), documented in the README and in each help. */
public final class ExitCodes {
    /** Everything done: all backed up, all protected, the deployment safe, every line replayed. */
    public static final int OK = 0;
    /** Some of the work failed: a table, a missing protection, replayed lines rejected or not written. */
    public static final int FAILED = 1;
    /** The deploy guard refused the change set. */
    public static final int REFUSED = 2;
    /** An error stopped the command (AWS, network, a restore or replay that cannot go on). */
    public static final int ERROR = 3;
    /** Bad command-line input or configuration. */
    public static final int USAGE = 64;

    public static final String FOOTER = "%nExit codes: 0 done (all protected, safe, all replayed), 1 some of it failed"
            + " (a table, a protection, a replayed line), 2 the guard refused the change, 3 error, 64 bad input.";

    private ExitCodes() {
    }
}
