package dev.notesbackup.backup.run;

import dev.notesbackup.backup.config.BackupConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The backup run: for every configured table, make this schedule slot's backup, then delete what
 * the retention policy selects. Collaborators come in through the constructor; one instance serves
 * every invocation of a Lambda container, each run keeps its own state.
 */
public final class BackupService {
    private final DynamoDbClient dynamo;
    private final Clock clock;
    private final BackupConfig config;
    private final Retrier retrier;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;

    public BackupService(DynamoDbClient dynamo, Clock clock, BackupConfig config) {
        this(dynamo, clock, config, Retrier.standard(), Sleeper.REAL, System::nanoTime);
    }

    public BackupService(DynamoDbClient dynamo, Clock clock, BackupConfig config, Retrier retrier,
                         Sleeper sleeper, LongSupplier nanoTime) {
        this.dynamo = dynamo;
        this.clock = clock;
        this.config = config;
        this.retrier = retrier;
        this.sleeper = sleeper;
        this.nanoTime = nanoTime;
    }

    public BackupConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** Runs one schedule slot. Never throws for a table's failure: the report says which failed. */
    public RunReport run(Instant slot, TimeBudget budget) {
        return run(slot, budget, RunListener.NONE);
    }

    public RunReport run(Instant slot, TimeBudget budget, RunListener listener) {
        return run(slot, budget, listener, null);
    }

    /**
     * Runs one schedule slot, or (when {@code carried} is not null) continues the work an earlier
     * invocation of the slot handed on; the report's {@link RunReport#leftWork} is what this one hands on.
     */
    public RunReport run(Instant slot, TimeBudget budget, RunListener listener, Continuation carried) {
        return new BackupRun(dynamo, config, clock, retrier, sleeper, nanoTime, slot, budget, listener, carried).execute();
    }
}
