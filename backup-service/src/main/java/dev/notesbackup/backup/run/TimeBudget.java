package dev.notesbackup.backup.run;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long the run may go on starting new work: until the invocation's deadline less a margin
 * that covers the longest single call, so nothing is cut off mid-call.
 */
public final class TimeBudget {
    private final LongSupplier nanoTime;
    private final long stopStartingAtNanos;

    private TimeBudget(LongSupplier nanoTime, long stopStartingAtNanos) {
        this.nanoTime = nanoTime;
        this.stopStartingAtNanos = stopStartingAtNanos;
    }

    public static TimeBudget unlimited() {
        return new TimeBudget(System::nanoTime, Long.MAX_VALUE);
    }

    /** A budget of {@code remaining} from now, of which the last {@code margin} is not used for new work. */
    public static TimeBudget fromRemaining(Duration remaining, Duration margin) {
        return fromRemaining(remaining, margin, System::nanoTime);
    }

    static TimeBudget fromRemaining(Duration remaining, Duration margin, LongSupplier nanoTime) {
        long usable = Math.max(0, remaining.minus(margin).toNanos());
        return new TimeBudget(nanoTime, nanoTime.getAsLong() + usable);
    }

    public boolean allowsNewWork() {
        return stopStartingAtNanos == Long.MAX_VALUE || nanoTime.getAsLong() - stopStartingAtNanos < 0;
    }

    /** True if the budget still has at least {@code wait} before new work must stop. */
    public boolean allowsWaiting(Duration wait) {
        return stopStartingAtNanos == Long.MAX_VALUE || nanoTime.getAsLong() + wait.toNanos() - stopStartingAtNanos < 0;
    }

    /** How long until new work must stop (about 292 years when unlimited). */
    public Duration untilNewWorkStops() {
        if (stopStartingAtNanos == Long.MAX_VALUE) {
            return Duration.ofNanos(Long.MAX_VALUE);
        }
        return Duration.ofNanos(Math.max(0, stopStartingAtNanos - nanoTime.getAsLong()));
    }
}
