package dev.notesbackup.backup.audit;

/** The outcome of one protection check. */
public enum CheckStatus {
    /** The protection is in place. */
    OK,
    /** The protection is missing (or, for backups, none recent enough). */
    MISSING,
    /** The audit could not tell (an error, a value computed by an intrinsic function ...): not counted as protected. */
    UNKNOWN,
    /** The check does not apply: e.g. stack policies for a table that belongs to no stack. */
    NOT_APPLICABLE;

    /** OK and NOT_APPLICABLE leave nothing to fix. */
    public boolean satisfied() {
        return this == OK || this == NOT_APPLICABLE;
    }
}
