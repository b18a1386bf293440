package dev.notesbackup.notes.repair;

import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.notes.replay.InputUnit;
import dev.notesbackup.notes.replay.LogReplayer;
import dev.notesbackup.notes.replay.ReplaySummary;
import dev.notesbackup.notes.replay.ReplayWindow;
import dev.notesbackup.notes.replay.TableMapping;
import dev.notesbackup.notes.store.Entity;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.DescribeContinuousBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableFromBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.TableAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * A copy of the notes tables as they were at a time T, in NEW tables, table by table: by
 * point-in-time recovery (RestoreTableToPointInTime to T) when it is on and T is in its window,
 * otherwise from the newest backup before T ({@link BackupChoice}) with the write-ahead log
 * replayed into the copy from that backup's time (minus {@link #LOG_OVERLAP}) up to T. The replay is the
 * {@link LogReplayer}'s, idempotent, so the overlap doubles nothing.
 */
public final class CopyAsOf {
    /** The log is replayed from this long before a backup's creation time: a backup holds the writes of about that moment. */
    public static final Duration LOG_OVERLAP = Duration.ofMinutes(1);
    /** CloudWatch Logs stamps an event when Lambda hands it on, a little after its line's 'at': events are fetched this much past T. */
    static final Duration EVENT_LAG = Duration.ofMinutes(1);

    /** Where the copy comes from: {@code auto} is point-in-time recovery when it can give T, else a backup and the log. */
    public enum Method { AUTO, POINT_IN_TIME, BACKUP }

    /**
     * The write-ahead log, for the backup way.
     *
     * @param describe its replay options ({@code --file wal.log}, {@code --log-group G}), for the report
     * @param asFile   the file 'replay --file' would read it from, for the operator's manual step if the wait times out
     * @param read     its units whose events fall between the two times (a file ignores them: the replay window selects)
     */
    public record LogInput(String describe, String asFile, BiFunction<Instant, Instant, Iterable<InputUnit>> read) {
    }

    /**
     * What was done.
     *
     * @param methods per entity, POINT_IN_TIME or BACKUP
     * @param backups per entity copied from a backup, the backup restored
     * @param replay  the log replay's summary (null if no table came from a backup)
     */
    public record Result(Map<Entity, Method> methods, Map<Entity, BackupChoice> backups, ReplaySummary replay) {
        public int exitCode() {
            return replay == null ? ExitCodes.OK : replay.exitCode();
        }
    }

    private final DynamoDbClient db;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration maxWait;
    private final Consumer<String> progress;
    private final PrintStream problems;

    /**
     * @param progress where progress lines go
     * @param problems where the replay reports rejected lines
     */
    public CopyAsOf(DynamoDbClient db, Clock clock, Duration pollInterval, Duration maxWait, Consumer<String> progress,
                    PrintStream problems) {
        this.db = db;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.maxWait = maxWait;
        this.progress = progress;
        this.problems = problems;
    }

    /**
     * Makes the copy; throws IllegalArgumentException for a T or a name that cannot be (in the future, outside
     * the point-in-time window when that was asked for, a copy table that exists) and RecoveryException when
     * the account has no way to T (no backup before it).
     *
     * @param log the write-ahead log, needed unless point-in-time recovery gives T; may be null
     */
    public Result copy(NotesTables live, NotesTables copy, Instant asOf, Method method, String backupPrefix, LogInput log) {
        Instant now = clock.instant();
        if (asOf.isAfter(now)) {
            throw new IllegalArgumentException("the time " + asOf + " is in the future (now is " + now
                    + "): a copy can only be of a moment that has passed");
        }
        for (String name : copy.names()) {
            if (describe(name).isPresent()) {
                throw new IllegalArgumentException("table " + name + " already exists: the copy goes into NEW tables"
                        + " (DynamoDB restores only into a table that does not exist); choose another name or delete that table");
            }
        }
        for (String name : live.names()) {
            if (describe(name).isEmpty()) {
                throw new RecoveryException("the live table " + name + " does not exist (check the name and the region)");
            }
        }
        Map<Entity, Method> methods = decide(live, asOf, method, log);
        Map<Entity, BackupChoice> backups = new EnumMap<>(Entity.class);
        for (Entity entity : Entity.values()) {
            if (methods.get(entity) == Method.BACKUP) {
                String table = live.table(entity);
                BackupChoice choice = BackupChoice.choose(userBackups(table, asOf), table, asOf, backupPrefix)
                        .orElseThrow(() -> new RecoveryException("no AVAILABLE USER backup of " + table + " was created before "
                                + asOf + ": there is nothing to start a copy as of then from (ListBackups shows the table's backups;"
                                + " choose a later time, or replay the whole log into new tables with 'replay')"));
                progress.accept("chose backup " + choice.backup().backupName() + " of " + table + " (created "
                        + choice.created() + "): " + choice.why());
                backups.put(entity, choice);
            }
        }
        for (Entity entity : Entity.values()) {
            String target = copy.table(entity);
            BackupChoice choice = backups.get(entity);
            if (choice == null) {
                progress.accept("restoring " + live.table(entity) + " as of " + asOf + " (point-in-time recovery) into " + target + " ...");
                restore(target, () -> db.restoreTableToPointInTime(RestoreTableToPointInTimeRequest.builder()
                        .sourceTableName(live.table(entity))
                        .targetTableName(target)
                        .useLatestRestorableTime(false)
                        .restoreDateTime(asOf)
                        .build()));
            } else {
                progress.accept("restoring backup " + choice.backup().backupName() + " into " + target + " ...");
                restore(target, () -> db.restoreTableFromBackup(RestoreTableFromBackupRequest.builder()
                        .backupArn(choice.backup().backupArn())
                        .targetTableName(target)
                        .build()));
            }
        }
        if (backups.isEmpty()) {
            waitUntilActive(copy, "point-in-time recovery keeps restoring in AWS; the copy is usable once ACTIVE");
            return new Result(methods, backups, null);
        }
        Instant start = backups.values().stream().map(BackupChoice::created).min(Instant::compareTo).orElseThrow()
                .minus(LOG_OVERLAP);
        ReplayWindow window = new ReplayWindow(start, asOf);
        waitUntilActive(copy, "once it is, replay the log into it by each line's own time: replay --file "
                + log.asFile()
                + " --start " + start + " --end " + asOf + " --notes-table " + copy.notes() + " --replies-table " + copy.replies());
        // Into both copies: a copy by point-in-time recovery already holds every record up to T, which the replay
        // then counts as already present; a record left to the table named in its line would go to the LIVE table.
        progress.accept("replaying the write-ahead log (" + log.describe() + "), " + window + ", into the copy (" + copy + ") ...");
        ReplaySummary replay = new LogReplayer(db, new TableMapping(copy.notes(), copy.replies()), false, problems, window)
                .replay(log.read().apply(start, asOf.plus(EVENT_LAG)));
        return new Result(methods, backups, replay);
    }

    /** Per table: point-in-time recovery when it can give T (and was not ruled out), else a backup and the log. */
    private Map<Entity, Method> decide(NotesTables live, Instant asOf, Method method, LogInput log) {
        Map<Entity, Method> methods = new EnumMap<>(Entity.class);
        Map<Entity, String> problems = new EnumMap<>(Entity.class);
        for (Entity entity : Entity.values()) {
            if (method != Method.BACKUP) {
                pointInTimeProblem(live.table(entity), asOf).ifPresent(problem -> problems.put(entity, problem));
            }
            methods.put(entity, method == Method.BACKUP || problems.containsKey(entity) ? Method.BACKUP : Method.POINT_IN_TIME);
        }
        String why = String.join("; ", problems.values());
        if (method == Method.POINT_IN_TIME && !problems.isEmpty()) {
            throw new IllegalArgumentException("point-in-time recovery cannot give " + asOf + ": " + why);
        }
        if (method == Method.BACKUP) {
            requireLog(log, "a copy from a backup");
        } else if (!problems.isEmpty()) {
            requireLog(log, "point-in-time recovery cannot give " + asOf + " (" + why + "), so the copy comes from a backup");
        }
        problems.forEach((entity, problem) -> progress.accept("point-in-time recovery cannot give " + asOf + ": " + problem
                + "; " + live.table(entity) + " comes from its newest backup before then and the write-ahead log"));
        return methods;
    }

    private static void requireLog(LogInput log, String what) {
        if (log == null) {
            throw new IllegalArgumentException(what + " needs the write-ahead log up to that time: give --file or --log-group");
        }
    }

    /** Why point-in-time recovery cannot restore {@code table} to {@code asOf}; empty if it can. */
    private Optional<String> pointInTimeProblem(String table, Instant asOf) {
        PointInTimeRecoveryDescription pitr = db.describeContinuousBackups(DescribeContinuousBackupsRequest.builder()
                .tableName(table).build()).continuousBackupsDescription().pointInTimeRecoveryDescription();
        if (pitr == null || pitr.pointInTimeRecoveryStatus() != PointInTimeRecoveryStatus.ENABLED) {
            return Optional.of("it is off for " + table);
        }
        Instant earliest = pitr.earliestRestorableDateTime();
        Instant latest = pitr.latestRestorableDateTime();
        if (earliest != null && asOf.isBefore(earliest)) {
            return Optional.of(asOf + " is before " + table + "'s earliest restorable time " + earliest
                    + " (it keeps at most 35 days, and nothing from before it was turned on)");
        }
        if (latest != null && asOf.isAfter(latest)) {
            return Optional.of(asOf + " is after " + table + "'s latest restorable time " + latest
                    + " (it is about 5 minutes behind: wait, or choose an earlier time)");
        }
        return Optional.empty();
    }

    /** Every USER backup of the table created before {@code before}, every page (the SDK has no ListBackups paginator). */
    private List<BackupSummary> userBackups(String table, Instant before) {
        List<BackupSummary> summaries = new ArrayList<>();
        String start = null;
        do {
            ListBackupsResponse page = db.listBackups(ListBackupsRequest.builder()
                    .tableName(table)
                    .backupType(BackupTypeFilter.USER)
                    .timeRangeUpperBound(before)
                    .exclusiveStartBackupArn(start)
                    .build());
            summaries.addAll(page.backupSummaries());
            start = page.lastEvaluatedBackupArn();
        } while (start != null);
        return summaries;
    }

    private void restore(String target, Runnable call) {
        try {
            call.run();
        } catch (TableAlreadyExistsException e) {
            throw new IllegalArgumentException("table " + target + " already exists (created meanwhile): nothing restored into it", e);
        }
    }

    private Optional<TableDescription> describe(String table) {
        try {
            return Optional.of(db.describeTable(DescribeTableRequest.builder().tableName(table).build()).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Waits with the SDK's TableExists waiter (ACTIVE), polling every {@code pollInterval}, at most {@code maxWait} per table. */
    private void waitUntilActive(NotesTables copy, String whenLate) {
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(db)
                .overrideConfiguration(WaiterOverrideConfiguration.builder()
                        .maxAttempts(Integer.MAX_VALUE) // the time out bounds the wait, not a count
                        .waitTimeout(maxWait)
                        .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(pollInterval))
                        .build())
                .build()) {
            for (String table : copy.names()) {
                Instant started = clock.instant();
                progress.accept("waiting for " + table + " to become ACTIVE ...");
                try {
                    waiter.waitUntilTableExists(DescribeTableRequest.builder().tableName(table).build());
                } catch (SdkClientException e) {
                    throw new RecoveryException("table " + table + " is still "
                            + describe(table).map(TableDescription::tableStatusAsString).orElse("not there") + " after "
                            + (maxWait.toMinutes() > 0 ? maxWait.toMinutes() + " minutes" : maxWait.toMillis() + " ms") + "; "
                            + whenLate, e);
                }
                progress.accept(table + " is ACTIVE (" + Duration.between(started, clock.instant()).toSeconds() + " s)");
            }
        }
    }
}
