package dev.notesbackup.backup.run;

import dev.notesbackup.backup.aws.BackupPager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;

/**
 * The time ranges of the account-wide listing, as ListBackups bounds (lower inclusive, upper
 * exclusive): first {@link #expired} (created before the retention cutoff: all the policy may
 * delete), then {@link #newest}(1), (2) ... going back from {@code now} one day at a time down to
 * the cutoff. Consecutive ranges share their bound, so they never overlap and leave no gap, and
 * every shared bound is a whole second, so that DynamoDB and the pager's own check of each summary
 * put a backup on the same side of it whatever precision a request's timestamp carries (the
 * expired range ends at the cutoff rounded up: a backup up to a second younger is listed with the
 * expired ones, which is harmless).
 *
 * <p>The first window runs from a day before the slot's lookback start to {@code now}; the next
 * ones are whole days before that. With a daily schedule, each window then holds exactly one
 * earlier slot's backups (made from up to the lookback before their slot until the day after),
 * so keep-at-least N needs N windows, not N+1 when a run started a little earlier in its day than
 * the one before. The first window also holds this slot's backups that earlier deliveries made;
 * what this run makes is created after {@code now} and comes into view from the create itself and
 * from the run's look for concurrent copies, not from a window.
 *
 * <p>The ranges follow from ({@code now}, the slot's lookback start, the retention) alone: an
 * invocation given the same values gets the same ranges, so a window's number and an
 * ExclusiveStartBackupArn within it name where a listing stopped. Whether a further window is
 * needed depends on the backups seen before, which the ranges do not carry.
 *
 * @param cutoff the lower end of every window: now minus the retention, rounded up to a second
 * @param top    the upper end of the first window: now
 * @param anchor the slot's lookback start, rounded down to a second; the windows' inner bounds
 *               are whole days before it
 */
record ListingWindows(Instant cutoff, Instant top, Instant anchor) {
    /** A window holds one day: one slot of the daily schedule. */
    static final Duration WINDOW = Duration.ofDays(1);

    static ListingWindows of(Instant now, Instant slotLookbackStart, Duration retention) {
        Instant cutoff = now.minus(retention);
        Instant wholeCutoff = cutoff.truncatedTo(ChronoUnit.SECONDS);
        return new ListingWindows(wholeCutoff.equals(cutoff) ? cutoff : wholeCutoff.plusSeconds(1), now,
                slotLookbackStart.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Every backup of ours the policy may delete: those created before the cutoff. */
    BackupPager.Query expired() {
        return new BackupPager.Query(null, BackupTypeFilter.USER, null, cutoff);
    }

    /** The {@code n}-th window going back from now ({@code n} from 1), or empty once the windows reached the cutoff. */
    Optional<BackupPager.Query> newest(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("windows are numbered from 1, not " + n);
        }
        Instant before = n == 1 ? top : anchor.minus(WINDOW.multipliedBy(n - 1));
        if (!before.isAfter(cutoff)) {
            return Optional.empty();
        }
        Instant since = anchor.minus(WINDOW.multipliedBy(n));
        return Optional.of(new BackupPager.Query(null, BackupTypeFilter.USER, since.isAfter(cutoff) ? since : cutoff, before));
    }
}
