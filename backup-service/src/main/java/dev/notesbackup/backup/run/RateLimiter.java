package dev.notesbackup.backup.run;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces calls of one operation evenly at a given rate, so the run stays under the AWS account
 * limit instead of provoking throttling and paying for the retries. A rate of 0 means no pacing.
 */
final class RateLimiter {
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long nextFreeNanos;

    RateLimiter(double perSecond, LongSupplier nanoTime, Sleeper sleeper) {
        this.intervalNanos = perSecond <= 0 ? 0 : (long) (1_000_000_000L / perSecond);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.nextFreeNanos = nanoTime.getAsLong();
    }

    /**
     * Waits for this caller's turn. Returns false, without taking a turn, when the turn would come
     * after the budget stops new work.
     */
    boolean acquire(TimeBudget budget) throws InterruptedException {
        if (intervalNanos == 0) {
            return budget.allowsNewWork();
        }
        long waitNanos;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            long slot = Math.max(now, nextFreeNanos);
            waitNanos = slot - now;
            if (!budget.allowsWaiting(Duration.ofNanos(waitNanos))) {
                return false;
            }
            nextFreeNanos = slot + intervalNanos;
        }
        if (waitNanos > 0) {
            sleeper.sleep(Duration.ofNanos(waitNanos));
        }
        return true;
    }
}
