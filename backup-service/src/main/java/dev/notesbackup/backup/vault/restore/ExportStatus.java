package dev.notesbackup.backup.vault.restore;

/** What the vault's files say of one slot's export. */
public enum ExportStatus {
    /** Our completion record says COMPLETED and DynamoDB's data files are there: restorable. */
    COMPLETED,
    /** Our completion record says FAILED (with DynamoDB's failure code). */
    FAILED,
    /** A restore manifest, no completion record yet, and the slot is recent: the export may still run. */
    IN_PROGRESS,
    /**
     * Not restorable as it lies: a restore manifest without a completion record long after its slot,
     * no restore manifest, or a completion without DynamoDB's data files.
     */
    INCOMPLETE
}
