package dev.notesbackup.backup.audit;

/** What the audit checks for each table, in report order. */
public enum Protection {
    EXISTS("exists"),
    DELETION_PROTECTION("deletion protection"),
    POINT_IN_TIME_RECOVERY("point-in-time recovery"),
    RECENT_BACKUP("recent backup"),
    DELETION_POLICY("DeletionPolicy Retain"),
    UPDATE_REPLACE_POLICY("UpdateReplacePolicy Retain"),
    /** Checked only when a vault is configured. */
    VAULT_EXPORT("vault export");

    private final String label;

    Protection(String label) {
        this.label = label;
    }

    /** A short human name, e.g. "point-in-time recovery". */
    public String label() {
        return label;
    }
}
