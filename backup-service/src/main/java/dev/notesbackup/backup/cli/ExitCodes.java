package dev.notesbackup.backup.cli;

/** The CLI's exit codes, documented in the README and in every command's help. */
public final class ExitCodes {
    /** Everything done, everything protected, the deployment is safe. */
    public static final int OK = 0;
    /** Some table failed, or the audit found a missing protection. */
    public static final int FAILED = 1;
    /** The deploy guard refused the change set. */
    public static final int REFUSED = 2;
    /** An error stopped the command (AWS, network, a restore that cannot be done). */
    public static final int ERROR = 3;
    /** Bad command-line input or configuration. */
    public static final int USAGE = 64;

    public static final String FOOTER = "%nExit codes: 0 done / all protected / safe, 1 some table failed or a protection is"
            + " missing, 2 the guard refused the change, 3 error, 64 bad input.";

    private ExitCodes() {
    }
}
