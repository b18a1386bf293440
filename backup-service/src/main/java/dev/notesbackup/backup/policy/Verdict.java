package dev.notesbackup.backup.policy;

/** The policy's decision for one backup, with the reason a backup is kept. */
public enum Verdict {
    DELETE("past retention and not among the newest kept"),
    KEEP_NOT_OURS("not a USER backup made by this service with its prefix"),
    KEEP_OTHER_TABLE("belongs to another table"),
    KEEP_NOT_AVAILABLE("not AVAILABLE"),
    KEEP_TABLE_NOT_BACKED_UP("this run did not back the table up (failed, missing or not reached)"),
    KEEP_NEWEST_N("among the newest kept backups"),
    KEEP_WITHIN_RETENTION("within the retention period");

    private final String explanation;

    Verdict(String explanation) {
        this.explanation = explanation;
    }

    public String explanation() {
        return explanation;
    }
}
