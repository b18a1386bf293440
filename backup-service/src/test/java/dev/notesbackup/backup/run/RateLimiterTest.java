package dev.notesbackup.backup.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    final AtomicLong nanos = new AtomicLong();

    @Test
    void acquire_spacesCallsAtTheRate() throws Exception {
        RateLimiter limiter = new RateLimiter(10, nanos::get, d -> nanos.addAndGet(d.toNanos()));

        for (int i = 0; i < 21; i++) {
            assertThat(limiter.acquire(TimeBudget.unlimited())).isTrue();
        }

        // 21 calls at 10/s: the first at once, the 21st two seconds later
        assertThat(Duration.ofNanos(nanos.get())).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void acquire_refusesATurnThatComesAfterTheBudget() throws Exception {
        RateLimiter limiter = new RateLimiter(2, nanos::get, d -> nanos.addAndGet(d.toNanos()));
        TimeBudget budget = TimeBudget.fromRemaining(Duration.ofMillis(1700), Duration.ofSeconds(1), nanos::get);

        assertThat(limiter.acquire(budget)).isTrue();  // t = 0
        assertThat(limiter.acquire(budget)).isTrue();  // t = 0.5 s
        assertThat(limiter.acquire(budget)).isFalse(); // t = 1.0 s would pass the 0.7 s budget
    }

    @Test
    void acquire_withoutRate_neverWaits() throws Exception {
        RateLimiter limiter = new RateLimiter(0, nanos::get, d -> nanos.addAndGet(d.toNanos()));
        for (int i = 0; i < 100; i++) {
            limiter.acquire(TimeBudget.unlimited());
        }
        assertThat(nanos.get()).isZero();
    }
}
