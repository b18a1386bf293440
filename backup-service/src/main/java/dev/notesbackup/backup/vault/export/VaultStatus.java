package dev.notesbackup.backup.vault.export;

/** How a table fared in the vault export of one run. NO_PITR, FAILED and NOT_REACHED make the invocation fail. */
public enum VaultStatus {
    /** This run started the slot's export and wrote its restore manifest. */
    STARTED,
    /** The slot's export was already started (a redelivered event, a retry, an overlapping run); its manifest was written again. */
    ALREADY_STARTED,
    /** The table does not exist: nothing to export; its earlier exports are still tracked. The backup run reports it MISSING. */
    MISSING,
    /** Point-in-time recovery is off, and an export needs it: no export, counted as failed for the vault. */
    NO_PITR,
    /** A call failed (access denied, limits after the SDK's retries ...); the error says which. */
    FAILED,
    /** The time budget ran out before the vault step reached this table; a retry of the slot does it. */
    NOT_REACHED;

    /** Counted in VaultExportsFailed. */
    public boolean isFailure() {
        return this == NO_PITR || this == FAILED;
    }
}
