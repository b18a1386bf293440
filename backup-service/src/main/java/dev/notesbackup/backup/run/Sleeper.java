package dev.notesbackup.backup.run;

import java.time.Duration;

/** Waits; injected so that tests of backoff and pacing need not wait for real. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

    void sleep(Duration duration) throws InterruptedException;
}
