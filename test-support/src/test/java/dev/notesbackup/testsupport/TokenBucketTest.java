package dev.notesbackup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private int acquired(TokenBucket bucket, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (bucket.tryAcquire()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void tryAcquire_allowsABurstOfOneSecondsWorth_thenRefillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(5, now::get);

        assertThat(acquired(bucket, 20)).isEqualTo(5);
        now.addAndGet(200_000_000L); // 0.2 s: one token
        assertThat(acquired(bucket, 20)).isEqualTo(1);
        now.addAndGet(10_000_000_000L); // long idle: capped at the burst
        assertThat(acquired(bucket, 20)).isEqualTo(5);
    }

    @Test
    void tryAcquire_neverThrottles_whenPacedAtTheRate() {
        TokenBucket bucket = new TokenBucket(10, now::get);
        for (int i = 0; i < 100; i++) {
            assertThat(bucket.tryAcquire()).as("call %d", i).isTrue();
            now.addAndGet(100_000_000L);
        }
    }

    @Test
    void slowRates_allowOneCall_thenWaitForAWholeToken() {
        TokenBucket bucket = new TokenBucket(0.5, now::get);
        assertThat(bucket.tryAcquire()).isTrue();
        now.addAndGet(1_900_000_000L);
        assertThat(bucket.tryAcquire()).isFalse();
        now.addAndGet(100_000_000L);
        assertThat(bucket.tryAcquire()).isTrue();
    }

    @Test
    void constructor_rejectsNonPositiveRates() {
        assertThatThrownBy(() -> new TokenBucket(0, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(Double.NaN, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
