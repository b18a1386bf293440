package dev.notesbackup.backup.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.BackupInUseException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;

/**
 * Retries the run's CreateBackup calls with bounded exponential backoff and full jitter: on
 * {@code LimitExceededException}, {@code BackupInUseException}, throttling, 5xx answers and
 * network errors, and gives up early rather than wait past the time budget. Only CreateBackup:
 * backup names are not unique, so after a failure that may have made the backup anyway the attempt
 * first looks for it ({@link #mayHaveSucceeded}), which the SDK's retries cannot do; those are off
 * for that request, and every other call is retried by the SDK ({@code AwsClients.DYNAMODB_RETRIES}).
 */
public final class Retrier {
    /** One attempt; {@code previous} is the failure of the attempt before, null on the first. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run(int attempt, RuntimeException previous);
    }

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    public Retrier(int maxAttempts, Duration baseDelay, Duration maxDelay, Sleeper sleeper, DoubleSupplier random) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** 8 attempts, 100 ms doubling up to 5 s, real sleeping: at most about 20 s of waiting per call. */
    public static Retrier standard() {
        return new Retrier(8, Duration.ofMillis(100), Duration.ofSeconds(5), Sleeper.REAL, Math::random);
    }

    public <T> T call(String operation, CallStats stats, TimeBudget budget, Attempt<T> attempt) {
        RuntimeException previous = null;
        for (int n = 1; ; n++) {
            stats.call(operation);
            try {
                return attempt.run(n, previous);
            } catch (RuntimeException e) {
                if (isThrottling(e)) {
                    stats.throttled();
                }
                if (!isRetryable(e) || n >= maxAttempts) {
                    throw e;
                }
                Duration delay = delayBefore(n + 1);
                if (!budget.allowsWaiting(delay)) {
                    throw e;
                }
                stats.retry();
                sleep(delay);
                previous = e;
            }
        }
    }

    /** Full jitter: uniformly random in [0, min(max, base * 2^(attempt-2))]. */
    Duration delayBefore(int attempt) {
        long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 2, 20));
        return Duration.ofMillis((long) (random.getAsDouble() * ceiling));
    }

    public static boolean isRetryable(Throwable e) {
        if (e instanceof LimitExceededException || e instanceof BackupInUseException) {
            return true;
        }
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof ApiCallAttemptTimeoutException
                || e instanceof ApiCallTimeoutException
                || (e instanceof SdkClientException && hasIoCause(e))
                || e instanceof UncheckedIOException;
    }

    static boolean isThrottling(Throwable e) {
        return e instanceof LimitExceededException
                || (e instanceof AwsServiceException service && service.isThrottlingException());
    }

    /**
     * True when a failed call may have taken effect anyway (a timeout, a dropped connection, a 5xx):
     * before repeating a create after such a failure, the caller checks whether it happened.
     */
    public static boolean mayHaveSucceeded(Throwable e) {
        if (e instanceof AwsServiceException service) {
            return service.statusCode() >= 500;
        }
        return true;
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private void sleep(Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
