package dev.notesbackup.backup.policy;

/** The policy's decision for one backup, with the reason a backup is kept. */
public enum Verdict {
    DELETE("past retention and not among the newest kept slots"),
    DELETE_LATER_COPY("a later copy of a slot whose first copy is available"),
    KEEP_NOT_OURS("not a USER backup made by this service with its prefix"),
    KEEP_OTHER_TABLE("belongs to another table"),
    KEEP_NOT_AVAILABLE("not AVAILABLE"),
    KEEP_TABLE_NOT_BACKED_UP("this run did not back the table up (failed, missing or not reached)"),
    KEEP_NEWEST_N("the first copy of one of the newest kept slots"),
    KEEP_WITHIN_RETENTION("within the retention period");

    private final String explanation;

    Verdict(String explanation) {
        this.explanation = explanation;
    }

    /** True for the verdicts that delete the backup. */
    public boolean deletes() {
        return this == DELETE || this == DELETE_LATER_COPY;
    }

    public String explanation() {
        return explanation;
    }
}
