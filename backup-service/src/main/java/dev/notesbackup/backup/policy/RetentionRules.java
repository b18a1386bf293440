package dev.notesbackup.backup.policy;

import java.time.Duration;

/** The retention settings the policy applies: whose backups, how long, and how many always remain. */
public record RetentionRules(String namePrefix, Duration retention, int keepAtLeast) {
    public RetentionRules {
        if (keepAtLeast < 1) {
            throw new IllegalArgumentException("keepAtLeast must be at least 1, was " + keepAtLeast);
        }
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative, was " + retention);
        }
    }
}
