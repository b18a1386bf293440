package dev.notesbackup.backup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.notesbackup.backup.aws.AwsClients;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.config.RateLimits;
import dev.notesbackup.backup.lambda.BackupRunFailedException;
import dev.notesbackup.backup.lambda.ScheduledBackupHandler;
import dev.notesbackup.backup.policy.BackupNames;
import dev.notesbackup.backup.run.BackupService;
import dev.notesbackup.backup.run.Retrier;
import dev.notesbackup.backup.run.RunReport;
import dev.notesbackup.backup.run.Sleeper;
import dev.notesbackup.backup.run.TableReport;
import dev.notesbackup.backup.run.TableStatus;
import dev.notesbackup.testsupport.AwsLimitsProxy;
import dev.notesbackup.testsupport.AwsLimitsProxy.Fault;
import dev.notesbackup.testsupport.LambdaTestContext;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The backup run through the real SDK over HTTP against moto, with the limits/fault proxy in
 * front where AWS behaviour matters (paging, rate limits, faults) and its virtual clock making
 * days pass for the backups' creation times.
 */
@ExtendWith(MotoExtension.class)
class BackupRunIT {
    static final Instant DAY0 = Instant.parse("2026-11-01T03:00:00Z");
    static final String PREFIX = BackupConfig.DEFAULT_NAME_PREFIX;

    AwsLimitsProxy proxy;
    DynamoDbClient dynamo;
    final AtomicReference<Instant> now = new AtomicReference<>(DAY0);

    @BeforeEach
    void startProxy(MotoServer moto) {
        proxy = AwsLimitsProxy.start(moto.endpoint()).virtualClock(now::get);
        // the run's own client configuration (its SDK retries), with short attempts for the TIMEOUT fault
        dynamo = LocalAws.client(DynamoDbClient.builder(), proxy.endpoint(), AwsClients.RUN_OVERRIDES.toBuilder()
                .apiCallAttemptTimeout(Duration.ofSeconds(2))
                .build());
    }

    @AfterEach
    void stopProxy() {
        dynamo.close();
        proxy.close();
    }

    // ---- helpers -----------------------------------------------------------------------------

    void createTables(List<String> names) {
        for (String name : names) {
            dynamo.createTable(r -> r.tableName(name)
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            dynamo.putItem(r -> r.tableName(name).item(Map.of("id", AttributeValue.fromS("n1"), "text", AttributeValue.fromS("hello"))));
        }
    }

    static List<String> tables(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> String.format("%s%03d", prefix, i)).toList();
    }

    BackupService service(List<String> tables, int retentionDays, int keepAtLeast, RateLimits rates, Retrier retrier) {
        return service(String.join(",", tables), retentionDays, keepAtLeast, rates, retrier);
    }

    BackupService service(String tables, int retentionDays, int keepAtLeast, RateLimits rates, Retrier retrier) {
        BackupConfig config = BackupConfig.fromEnvironment(Map.of(
                        BackupConfig.TABLES, tables,
                        BackupConfig.RETENTION_DAYS, String.valueOf(retentionDays),
                        BackupConfig.KEEP_AT_LEAST, String.valueOf(keepAtLeast)))
                .withRates(rates)
                .withTimeMargin(Duration.ofSeconds(1));
        return new BackupService(dynamo, Clock.fixed(now.get(), ZoneOffset.UTC), config, retrier, Sleeper.REAL, System::nanoTime);
    }

    /** Invokes the real handler for the slot {@code day} days after DAY0, with the clocks set to that slot. */
    RunReport runDay(int day, java.util.function.Function<Instant, BackupService> service, Duration timeLeft) {
        Instant slot = DAY0.plus(Duration.ofDays(day));
        now.set(slot.plusSeconds(5));
        ScheduledEvent event = new ScheduledEvent().withSource("aws.events").withDetailType("Scheduled Event")
                .withTime(new DateTime(slot.toEpochMilli(), DateTimeZone.UTC));
        try {
            return new ScheduledBackupHandler(service.apply(slot), null, null, line -> { }).invoke(event, new LambdaTestContext(timeLeft));
        } catch (BackupRunFailedException e) {
            return e.report();
        }
    }

    /** Seeds {@code count} daily backups of ours per table, made through the proxy on earlier virtual days. */
    void seedDailyBackups(List<String> tables, int fromDay, int count) {
        for (int d = fromDay; d < fromDay + count; d++) {
            Instant slot = DAY0.plus(Duration.ofDays(d));
            now.set(slot.plusSeconds(3));
            for (String table : tables) {
                dynamo.createBackup(r -> r.tableName(table).backupName(BackupNames.forSlot(PREFIX, table, slot)));
            }
        }
    }

    Map<String, List<BackupSummary>> backupsByTable() {
        proxy.pageListBackups(false);
        try {
            return dynamo.listBackups(r -> r.backupType(BackupTypeFilter.ALL)).backupSummaries().stream()
                    .collect(Collectors.groupingBy(BackupSummary::tableName));
        } finally {
            proxy.pageListBackups(true);
        }
    }

    static Retrier fastRetrier(int attempts) {
        return new Retrier(attempts, Duration.ofMillis(20), Duration.ofMillis(200), Sleeper.REAL, Math::random);
    }

    // ---- tests -------------------------------------------------------------------------------

    @Test
    void run_over120Tables_pagesThroughListTablesAndListBackups() {
        List<String> names = tables("it-notes-", 120);
        createTables(names);
        seedDailyBackups(names, 0, 3);               // 360 backups of ours, days 0-2
        proxy.listTablesPageSize(50);               // 120 tables: 3 ListTables pages
        proxy.resetStats();

        RunReport run = runDay(10, slot -> service("it-notes-*", 7, 1, RateLimits.UNLIMITED, fastRetrier(5)), Duration.ofMinutes(5));

        assertThat(run.failed()).isFalse();
        assertThat(run.tables()).hasSize(120).allSatisfy(t -> assertThat(t.status()).isEqualTo(TableStatus.OK));
        assertThat(proxy.stats("ListTables").received()).isGreaterThanOrEqualTo(3);
        // the slot pre-listing plus the account-wide listing of 360 to 480 backups (the new ones
        // appear as they are made) at 100 a page
        assertThat(proxy.stats("ListBackups").received()).isGreaterThanOrEqualTo(1 + 4);
        assertThat(run.createdCount()).isEqualTo(120);
        assertThat(run.deletedCount()).isEqualTo(360);
        Map<String, List<BackupSummary>> left = backupsByTable();
        names.forEach(t -> assertThat(left.get(t)).extracting(BackupSummary::backupName)
                .containsExactly(BackupNames.forSlot(PREFIX, t, DAY0.plus(Duration.ofDays(10)))));
    }

    @Test
    void run_withAwsRateLimitsOn_completesWithNoFailedTable() {
        List<String> names = tables("limited-", 40);
        createTables(names);
        seedDailyBackups(names, 0, 2);
        proxy.awsBackupLimits().resetStats();

        RunReport run = runDay(10, slot -> service(names, 7, 1, RateLimits.AWS_DEFAULTS, Retrier.standard()), Duration.ofMinutes(5));

        assertThat(run.failures()).isEmpty();
        assertThat(run.createdCount()).isEqualTo(40);
        assertThat(run.deletedCount()).isEqualTo(80);
        // 80 deletions at 10/s cannot take less than ~8 s: the limit was really in force
        assertThat(run.duration()).isGreaterThan(Duration.ofSeconds(7));
    }

    @Test
    void run_withInjectedFaults_failsOnlyWhatFailed_andAFailedTableLosesNothing() {
        List<String> names = tables("faulty-", 12);
        createTables(names);
        seedDailyBackups(names, 0, 3);
        proxy.timeoutHold(Duration.ofSeconds(3))
                .faultWhenBodyContains("CreateBackup", Fault.INTERNAL_ERROR, "\"faulty-007\"") // never succeeds
                .faultBurst("CreateBackup", Fault.THROTTLING, 1, 2)
                .faultOnCall("CreateBackup", Fault.TIMEOUT, 5)
                .faultOnCall("CreateBackup", Fault.INTERNAL_ERROR_AFTER_FORWARD, 8)
                .faultOnCall("CreateBackup", Fault.CONNECTION_RESET, 11)
                .faultBurst("DeleteBackup", Fault.BACKUP_IN_USE, 1, 2)
                .faultOnCall("DeleteBackup", Fault.INTERNAL_ERROR, 4)
                .faultOnCall("ListBackups", Fault.THROTTLING, 2);

        RunReport run = runDay(10, slot -> service(names, 7, 1, RateLimits.UNLIMITED, fastRetrier(5)), Duration.ofMinutes(5));

        assertThat(run.failures()).extracting(TableReport::table).containsExactly("faulty-007");
        Map<String, List<BackupSummary>> left = backupsByTable();
        String slotName = "scheduled-20261111T030000Z-";
        assertThat(left.get("faulty-007")).hasSize(3);
        names.stream().filter(t -> !t.equals("faulty-007")).forEach(t ->
                // exactly one backup for the slot, though one create timed out and another got a 500 after it was made
                assertThat(left.get(t)).as(t).extracting(BackupSummary::backupName).containsExactly(slotName + t));
        assertThat(run.retries()).isGreaterThanOrEqualTo(4 + 6);
        assertThat(proxy.stats("CreateBackup").faulted()).isGreaterThanOrEqualTo(5 + 5);
    }

    @Test
    void invocation_fails_whenAnyTableFailed_afterDoingTheOthers() {
        List<String> names = tables("half-", 4);
        createTables(names);
        seedDailyBackups(names, 0, 2);
        dynamo.deleteTable(r -> r.tableName("half-002"));
        Instant slot = DAY0.plus(Duration.ofDays(10));
        now.set(slot.plusSeconds(5));
        ScheduledEvent event = new ScheduledEvent().withTime(new DateTime(slot.toEpochMilli(), DateTimeZone.UTC));

        assertThatThrownBy(() -> new ScheduledBackupHandler(service(names, 7, 1, RateLimits.UNLIMITED, fastRetrier(3)), null, null, line -> { })
                .handleRequest(event, new LambdaTestContext(Duration.ofMinutes(5))))
                .isInstanceOf(BackupRunFailedException.class)
                .hasMessageContaining("half-002 (MISSING");
        Map<String, List<BackupSummary>> left = backupsByTable();
        assertThat(left.get("half-001")).hasSize(1);
        assertThat(left.get("half-002")).hasSize(2);
    }

    @Test
    void deletedTable_keepsEveryBackup_throughAnyNumberOfLaterRuns() {
        List<String> names = List.of("kept-notes", "gone-notes");
        createTables(names);
        seedDailyBackups(names, 0, 5);
        dynamo.deleteTable(r -> r.tableName("gone-notes"));

        for (int day = 10; day <= 400; day += 30) {
            RunReport run = runDay(day, slot -> service(names, 7, 1, RateLimits.UNLIMITED, fastRetrier(3)), Duration.ofMinutes(5));
            assertThat(run.tables()).filteredOn(t -> t.table().equals("gone-notes"))
                    .singleElement().satisfies(t -> assertThat(t.status()).isEqualTo(TableStatus.MISSING));
        }

        Map<String, List<BackupSummary>> left = backupsByTable();
        assertThat(left.get("gone-notes")).hasSize(5);       // ~400 days past a 7-day retention, all still there
        assertThat(left.get("kept-notes")).hasSize(1);       // the live table is pruned to its newest
    }

    @Test
    void backupsNotMadeByTheService_areNeverTouched() {
        List<String> names = List.of("shared-notes");
        createTables(names);
        now.set(DAY0);
        Map<String, String> foreign = new HashMap<>();
        for (String name : List.of("before-migration", "scheduled-manual", "nightly-20261101T030000Z-shared-notes",
                BackupNames.forSlot(PREFIX, "shared-notes-old", DAY0))) {
            foreign.put(name, dynamo.createBackup(r -> r.tableName("shared-notes").backupName(name)).backupDetails().backupArn());
        }
        seedDailyBackups(names, 0, 3);

        for (int day = 30; day <= 300; day += 90) {
            runDay(day, slot -> service(names, 7, 1, RateLimits.UNLIMITED, fastRetrier(3)), Duration.ofMinutes(5));
        }

        List<BackupSummary> left = backupsByTable().get("shared-notes");
        assertThat(left).extracting(BackupSummary::backupArn).containsAll(foreign.values());
        assertThat(left).hasSize(foreign.size() + 1);
    }

    @Test
    void sameEventDeliveredTwice_makesOneBackupPerTable() {
        List<String> names = tables("twice-", 5);
        createTables(names);

        RunReport first = runDay(3, slot -> service(names, 7, 2, RateLimits.UNLIMITED, fastRetrier(3)), Duration.ofMinutes(5));
        now.set(now.get().plusSeconds(40)); // the redelivery comes a little later
        RunReport second = runDay(3, slot -> service(names, 7, 2, RateLimits.UNLIMITED, fastRetrier(3)), Duration.ofMinutes(5));

        assertThat(first.createdCount()).isEqualTo(5);
        assertThat(second.createdCount()).isZero();
        assertThat(second.skippedCount()).isEqualTo(5);
        backupsByTable().forEach((table, backups) -> assertThat(backups).as(table).hasSize(1));
    }

    @Test
    void littleTimeLeft_endsCleanly_withWorkReportedLeft_andTheNextRunFinishesIt() {
        List<String> names = tables("budget-", 30);
        createTables(names);
        seedDailyBackups(names, 0, 2);
        proxy.latencyAll(Duration.ofMillis(40));

        // 1.6 s left with a 1 s margin: 0.6 s of new work at 10 deletions/s and 40 ms a call
        RunReport first = runDay(10, slot -> service(names, 7, 1, RateLimits.AWS_DEFAULTS, fastRetrier(3)), Duration.ofMillis(1600));

        assertThat(first.failed()).isFalse();
        assertThat(first.workLeft()).isTrue();
        assertThat(first.deletedCount()).isLessThan(60);

        RunReport next = runDay(10, slot -> service(names, 7, 1, RateLimits.AWS_DEFAULTS, fastRetrier(3)), Duration.ofMinutes(5));

        assertThat(next.failed()).isFalse();
        assertThat(next.workLeft()).isFalse();
        assertThat(first.createdCount() + next.createdCount()).isEqualTo(30);
        Map<String, List<BackupSummary>> left = backupsByTable();
        names.forEach(t -> assertThat(left.get(t)).as(t).extracting(BackupSummary::backupName)
                .containsExactly(BackupNames.forSlot(PREFIX, t, DAY0.plus(Duration.ofDays(10)))));
    }

    /**
     * Without reserved concurrency Lambda may run several deliveries of one slot at once. However
     * many overlap, each table ends with one backup of ours for the slot, and keep-at-least keeps
     * that many distinct slots (two copies of today never push yesterday out). Repeated, since
     * the overlap differs from trial to trial.
     */
    @Test
    void overlappingRunsOfOneSlot_leaveOneBackupPerTable_andKeepAtLeastCountsSlots() throws Exception {
        for (int trial = 1; trial <= 7; trial++) {
            List<String> names = tables("overlap" + trial + "-", 3);
            createTables(names);
            seedDailyBackups(names, 0, 3);            // slots of days 0, 1, 2
            Instant slot = DAY0.plus(Duration.ofDays(3));
            now.set(slot.plusSeconds(5));
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(3);
            java.util.concurrent.ExecutorService runs = java.util.concurrent.Executors.newFixedThreadPool(3);
            try {
                List<java.util.concurrent.Future<RunReport>> reports = IntStream.range(0, 3).mapToObj(i -> runs.submit(() -> {
                    BackupService service = service(names, 1, 2, RateLimits.UNLIMITED, fastRetrier(3));
                    start.await();
                    return service.run(slot, dev.notesbackup.backup.run.TimeBudget.unlimited());
                })).toList();
                for (java.util.concurrent.Future<RunReport> report : reports) {
                    assertThat(report.get().failed()).isFalse();
                }
            } finally {
                runs.shutdownNow();
            }
            Map<String, List<BackupSummary>> left = backupsByTable();
            for (String table : names) {
                assertThat(left.get(table)).as("trial " + trial + ", " + table).extracting(BackupSummary::backupName)
                        .containsExactlyInAnyOrder(BackupNames.forSlot(PREFIX, table, slot),
                                BackupNames.forSlot(PREFIX, table, DAY0.plus(Duration.ofDays(2))));
            }
        }
    }

    /** A slot given by hand may lie ahead of the clock: its backup is still found on the second run. */
    @Test
    void sameSlotInTheFuture_runTwice_makesOneBackupPerTable() {
        List<String> names = tables("ahead-", 2);
        createTables(names);
        now.set(DAY0.plus(Duration.ofDays(5)));
        Instant slot = now.get().plus(Duration.ofHours(3));

        RunReport first = service(names, 7, 2, RateLimits.UNLIMITED, fastRetrier(3)).run(slot, dev.notesbackup.backup.run.TimeBudget.unlimited());
        now.set(now.get().plusSeconds(30));
        RunReport second = service(names, 7, 2, RateLimits.UNLIMITED, fastRetrier(3)).run(slot, dev.notesbackup.backup.run.TimeBudget.unlimited());

        assertThat(first.createdCount()).isEqualTo(2);
        assertThat(second.createdCount()).isZero();
        assertThat(second.skippedCount()).isEqualTo(2);
        backupsByTable().forEach((table, backups) -> assertThat(backups).as(table).hasSize(1));
    }

    /** A table a prefix selected that is gone reports the backups it still has, not zero. */
    @Test
    void vanishedTableUnderAPrefix_reportsTheBackupsItKeeps() {
        List<String> names = List.of("vanish-a", "vanish-b");
        createTables(names);
        seedDailyBackups(names, 0, 4);
        dynamo.deleteTable(r -> r.tableName("vanish-b"));

        RunReport run = runDay(10, slot -> service("vanish-*", 7, 1, RateLimits.UNLIMITED, fastRetrier(3)), Duration.ofMinutes(5));

        assertThat(run.tables()).filteredOn(t -> t.table().equals("vanish-b")).singleElement().satisfies(t -> {
            assertThat(t.status()).isEqualTo(TableStatus.MISSING);
            assertThat(t.kept()).isEqualTo(4);
            assertThat(t.listed()).isTrue();
        });
        assertThat(backupsByTable().get("vanish-b")).hasSize(4);
    }
}
