package dev.notesbackup.backup.guard;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the guard waits for a change set to be created, and how often it asks meanwhile.
 *
 * @param maxWait      give up after this long (the change set may still be created later)
 * @param pollInterval the time between two DescribeChangeSet calls while it is being created
 */
public record ChangeSetWait(Duration maxWait, Duration pollInterval) {
    /** Five minutes, asking every two seconds: CloudFormation creates most change sets within seconds. */
    public static final ChangeSetWait DEFAULT = new ChangeSetWait(Duration.ofMinutes(5), Duration.ofSeconds(2));

    public ChangeSetWait {
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (maxWait.isNegative() || maxWait.isZero() || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("the wait for a change set needs a positive maxWait and pollInterval, not "
                    + maxWait + " and " + pollInterval);
        }
    }

    /** The first DescribeChangeSet, then one every poll interval until the wait is over. */
    int maxAttempts() {
        return (int) Math.min(Integer.MAX_VALUE - 1, maxWait.toMillis() / Math.max(1, pollInterval.toMillis())) + 1;
    }
}
