package dev.notesbackup.backup.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.BackupInUseException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;

class RetrierTest {
    final List<Duration> sleeps = new ArrayList<>();

    @Test
    void delay_growsExponentially_upToTheCap_withFullJitter() {
        Retrier atCeiling = new Retrier(10, Duration.ofMillis(100), Duration.ofSeconds(1), sleeps::add, () -> 1.0);
        Retrier atHalf = new Retrier(10, Duration.ofMillis(100), Duration.ofSeconds(1), sleeps::add, () -> 0.5);

        assertThat(List.of(2, 3, 4, 5, 6, 9).stream().map(atCeiling::delayBefore).toList())
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                        Duration.ofMillis(800), Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(atHalf.delayBefore(4)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void call_givesUpAfterMaxAttempts_withTheLastError() {
        Retrier retrier = new Retrier(3, Duration.ofMillis(10), Duration.ofMillis(50), sleeps::add, () -> 1.0);
        AtomicInteger attempts = new AtomicInteger();
        CallStats stats = new CallStats();

        assertThatThrownBy(() -> retrier.call("CreateBackup", stats, TimeBudget.unlimited(), (n, previous) -> {
            attempts.incrementAndGet();
            throw LimitExceededException.builder().message("attempt " + n).build();
        })).hasMessageContaining("attempt 3");
        assertThat(attempts).hasValue(3);
        assertThat(stats.callsByOperation()).containsEntry("CreateBackup", 3L);
        assertThat(stats.throttles()).isEqualTo(3);
        assertThat(stats.retries()).isEqualTo(2);
    }

    @Test
    void call_doesNotRetryErrorsThatWillNotGoAway() {
        Retrier retrier = Retrier.standard();
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retrier.call("CreateBackup", new CallStats(), TimeBudget.unlimited(), (n, previous) -> {
            attempts.incrementAndGet();
            throw TableNotFoundException.builder().message("gone").build();
        })).isInstanceOf(TableNotFoundException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void call_stopsRetrying_whenTheBackoffWouldPassTheTimeBudget() {
        AtomicLong nanos = new AtomicLong();
        TimeBudget budget = TimeBudget.fromRemaining(Duration.ofMillis(1150), Duration.ofSeconds(1), nanos::get);
        Retrier retrier = new Retrier(8, Duration.ofMillis(100), Duration.ofSeconds(5),
                d -> nanos.addAndGet(d.toNanos()), () -> 1.0);
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retrier.call("DeleteBackup", new CallStats(), budget, (n, previous) -> {
            attempts.incrementAndGet();
            throw BackupInUseException.builder().message("in use").build();
        })).isInstanceOf(BackupInUseException.class);
        // 150 ms usable: waits 100 ms, then a 200 ms wait would pass the budget
        assertThat(attempts).hasValue(2);
    }

    @Test
    void isRetryable_coversThrottlingLimitsInUse5xxAndNetworkErrors() {
        assertThat(Retrier.isRetryable(LimitExceededException.builder().build())).isTrue();
        assertThat(Retrier.isRetryable(BackupInUseException.builder().build())).isTrue();
        assertThat(Retrier.isRetryable(DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build())).isTrue();
        assertThat(Retrier.isRetryable(DynamoDbException.builder().statusCode(500).build())).isTrue();
        assertThat(Retrier.isRetryable(SdkClientException.builder().cause(new IOException("reset")).build())).isTrue();
        assertThat(Retrier.isRetryable(DynamoDbException.builder().statusCode(400).build())).isFalse();
        assertThat(Retrier.isRetryable(SdkClientException.builder().message("Unable to load credentials").build())).isFalse();
    }

    @Test
    void mayHaveSucceeded_onlyWhereTheServerMayHaveActed() {
        assertThat(Retrier.mayHaveSucceeded(DynamoDbException.builder().statusCode(500).build())).isTrue();
        assertThat(Retrier.mayHaveSucceeded(SdkClientException.builder().cause(new IOException("reset")).build())).isTrue();
        assertThat(Retrier.mayHaveSucceeded(LimitExceededException.builder().statusCode(400).build())).isFalse();
    }
}
