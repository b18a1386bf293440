package dev.notesbackup.backup.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.config.RateLimits;
import dev.notesbackup.backup.policy.BackupNames;
import dev.notesbackup.testsupport.InMemoryDynamoDb;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.BackupInUseException;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.CreateBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;

class BackupServiceTest {
    static final Instant SLOT = Instant.parse("2026-11-25T03:00:00Z");
    static final Instant NOW = SLOT.plusSeconds(2);
    static final String PREFIX = "scheduled";

    final InMemoryDynamoDb aws = new InMemoryDynamoDb().clock(() -> NOW);
    final List<Duration> sleeps = new ArrayList<>();
    final Retrier retrier = new Retrier(5, Duration.ofMillis(100), Duration.ofSeconds(2), sleeps::add, () -> 1.0);

    BackupService service(String tables) {
        return service(Map.of(BackupConfig.TABLES, tables, BackupConfig.RETENTION_DAYS, "7", BackupConfig.KEEP_AT_LEAST, "2"));
    }

    BackupService service(Map<String, String> env) {
        BackupConfig config = BackupConfig.fromEnvironment(env).withRates(RateLimits.UNLIMITED);
        return new BackupService(aws, Clock.fixed(NOW, ZoneOffset.UTC), config, retrier, d -> { }, System::nanoTime);
    }

    /** Daily backups of ours, {@code days} of them, the newest one day before the slot. */
    void dailyBackups(String table, int days) {
        for (int d = days; d >= 1; d--) {
            Instant slot = SLOT.minus(Duration.ofDays(d));
            aws.addBackup(table, BackupNames.forSlot(PREFIX, table, slot), slot.plusSeconds(3));
        }
    }

    static TableReport report(RunReport run, String table) {
        return run.tables().stream().filter(t -> t.table().equals(table)).findFirst().orElseThrow();
    }

    @Test
    void run_createsOneBackupPerTable_namedForTheSlot() {
        aws.withTables("notes", "replies");

        RunReport run = service("notes,replies").run(SLOT, TimeBudget.unlimited());

        List<CreateBackupRequest> created = aws.requests(CreateBackupRequest.class);
        assertThat(created).hasSize(2);
        assertThat(created).extracting(CreateBackupRequest::tableName, CreateBackupRequest::backupName)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("notes", "scheduled-20261125T030000Z-notes"),
                        org.assertj.core.groups.Tuple.tuple("replies", "scheduled-20261125T030000Z-replies"));
        assertThat(run.failed()).isFalse();
        assertThat(run.createdCount()).isEqualTo(2);
    }

    @Test
    void run_deletesOnlyExpiredBackupsOfOurs_keepingNewestN() {
        aws.withTables("notes");
        dailyBackups("notes", 10);
        BackupSummary manual = aws.addBackup("notes", "before-migration", SLOT.minus(Duration.ofDays(30)));
        BackupSummary system = aws.addBackup("notes", BackupNames.forSlot(PREFIX, "notes", SLOT.minus(Duration.ofDays(40))),
                SLOT.minus(Duration.ofDays(40)), "SYSTEM", "AVAILABLE");

        RunReport run = service("notes").run(SLOT, TimeBudget.unlimited());

        // retention 7 days: the backups of days 8, 9 and 10 before are expired; day 7's is 1 s short of 7 days old
        TableReport notes = report(run, "notes");
        assertThat(notes.deleted()).containsExactlyInAnyOrder(
                BackupNames.forSlot(PREFIX, "notes", SLOT.minus(Duration.ofDays(8))),
                BackupNames.forSlot(PREFIX, "notes", SLOT.minus(Duration.ofDays(9))),
                BackupNames.forSlot(PREFIX, "notes", SLOT.minus(Duration.ofDays(10))));
        assertThat(aws.backups()).extracting(BackupSummary::backupArn).contains(manual.backupArn(), system.backupArn());
        assertThat(notes.kept()).isEqualTo(8); // 7 within retention + the new one
    }

    @Test
    void run_redeliveredEvent_makesNoSecondBackup() {
        aws.withTables("notes", "replies");
        BackupService service = service("notes,replies");
        service.run(SLOT, TimeBudget.unlimited());

        RunReport second = service.run(SLOT, TimeBudget.unlimited());

        assertThat(aws.calls("CreateBackup")).isEqualTo(2);
        assertThat(second.skippedCount()).isEqualTo(2);
        assertThat(second.createdCount()).isZero();
        assertThat(aws.backupsOf("notes")).hasSize(1);
        assertThat(report(second, "notes").skipped()).isEqualTo("scheduled-20261125T030000Z-notes");
    }

    @Test
    void run_aDeletedBackupForTheSlot_doesNotCountAsMade() {
        aws.withTables("notes");
        aws.addBackup("notes", BackupNames.forSlot(PREFIX, "notes", SLOT), SLOT.plusSeconds(1), "USER", "DELETED");

        RunReport run = service("notes").run(SLOT, TimeBudget.unlimited());

        assertThat(report(run, "notes").created()).isEqualTo("scheduled-20261125T030000Z-notes");
        assertThat(report(run, "notes").skipped()).isNull();
    }

    @Test
    void startIndex_changesFromDayToDay_forEveryTableCount() {
        for (int tables = 2; tables <= 30; tables++) {
            java.util.Set<Integer> starts = new java.util.HashSet<>();
            for (int day = 0; day < 60; day++) {
                starts.add(BackupRun.startIndex(SLOT.plus(Duration.ofDays(day)), tables));
            }
            assertThat(starts).as(tables + " tables").hasSizeGreaterThan(Math.min(tables, 60) / 2);
        }
    }

    @Test
    void run_followsEveryListBackupsPage_accountWide() {
        List<String> names = IntStream.rangeClosed(1, 6).mapToObj(i -> "table-" + i).toList();
        aws.withTables(names.toArray(String[]::new));
        names.forEach(t -> dailyBackups(t, 10));
        aws.backupPageSize = 5; // the 18 expired backups (days 8-10), all the listing without a lower bound asks for: 4 pages

        RunReport run = service(String.join(",", names)).run(SLOT, TimeBudget.unlimited());

        List<ListBackupsRequest> lists = aws.requests(ListBackupsRequest.class);
        assertThat(lists).hasSizeGreaterThanOrEqualTo(4);
        List<ListBackupsRequest> pruneListing = lists.stream()
                .filter(r -> r.timeRangeLowerBound() == null).toList();
        assertThat(pruneListing).hasSizeGreaterThanOrEqualTo(3);
        assertThat(pruneListing).allSatisfy(r -> {
            assertThat(r.tableName()).isNull();
            assertThat(r.backupTypeAsString()).isEqualTo("USER");
        });
        assertThat(pruneListing.get(0).exclusiveStartBackupArn()).isNull();
        assertThat(pruneListing.subList(1, pruneListing.size())).allSatisfy(r -> assertThat(r.exclusiveStartBackupArn()).isNotNull());
        assertThat(run.deletedCount()).isEqualTo(6 * 3);
        names.forEach(t -> assertThat(aws.backupsOf(t)).hasSize(8));
    }

    /** The account-wide ListBackups ranges the run asked for (pages after the first carry the same bounds), in order. */
    List<String> listedRanges() {
        return aws.requests(ListBackupsRequest.class).stream()
                .filter(r -> r.tableName() == null && r.timeRangeUpperBound() != null && r.exclusiveStartBackupArn() == null)
                .map(r -> r.timeRangeLowerBound() + " .. " + r.timeRangeUpperBound())
                .toList();
    }

    /** What the account-wide listing asks for first: the backups created before now - 7 days (whole seconds). */
    static final String EXPIRED = "null .. " + NOW.minus(Duration.ofDays(7));
    /** Windows of a day, the first up to now, the next ones ending a day apart before the slot's lookback start. */
    static String window(int n) {
        Instant lookback = SLOT.minus(BackupRun.SLOT_LOOKBACK);
        return lookback.minus(Duration.ofDays(n)) + " .. " + (n == 1 ? NOW : lookback.minus(Duration.ofDays(n - 1)));
    }

    @Test
    void run_accountWide_listsOnlyTheExpiredBackupsAndTheNewestDay_whenThatSatisfiesKeepAtLeast() {
        List<String> names = IntStream.rangeClosed(1, 6).mapToObj(i -> "table-" + i).toList();
        aws.withTables(names.toArray(String[]::new));
        names.forEach(t -> dailyBackups(t, 30));

        RunReport run = service(Map.of(BackupConfig.TABLES, String.join(",", names), BackupConfig.RETENTION_DAYS, "7",
                BackupConfig.KEEP_AT_LEAST, "1")).run(SLOT, TimeBudget.unlimited());

        // retention 7 days, keep 1: the 23 oldest of each table go; days 2-7 never need to be listed
        assertThat(listedRanges()).containsExactly(EXPIRED, window(1));
        assertThat(run.deletedCount()).isEqualTo(6 * 23);
        assertThat(run.listingComplete()).isTrue();
        names.forEach(t -> assertThat(aws.backupsOf(t)).as(t).hasSize(8));
        names.forEach(t -> assertThat(report(run, t).listed()).as(t).isTrue());
    }

    /** As on AWS, a new backup is CREATING at first: keep-at-least does not count it, so the run looks one day further back. */
    @Test
    void run_accountWide_listsTheNewestDaysKeepAtLeastNeeds_withoutCountingABackupStillCreating() {
        List<String> names = IntStream.rangeClosed(1, 6).mapToObj(i -> "table-" + i).toList();
        aws.withTables(names.toArray(String[]::new));
        names.forEach(t -> dailyBackups(t, 30));
        aws.createdBackupStatus = "CREATING";

        RunReport run = service(String.join(",", names)).run(SLOT, TimeBudget.unlimited());

        // keep 2: yesterday's and the day before's stay, with the new one
        assertThat(listedRanges()).containsExactly(EXPIRED, window(1), window(2));
        assertThat(run.deletedCount()).isEqualTo(6 * 23);
        assertThat(run.listingComplete()).isTrue();
        names.forEach(t -> assertThat(aws.backupsOf(t)).as(t).hasSize(8));
    }

    @Test
    void run_accountWide_looksFurtherBack_untilKeepAtLeastIsSatisfied_orTheCutoff() {
        List<String> names = IntStream.rangeClosed(1, 4).mapToObj(i -> "table-" + i).toList();
        aws.withTables(names.toArray(String[]::new));
        for (String t : names.subList(0, 3)) {
            for (int d : new int[] {10, 9, 6, 5}) { // nothing in the newest 4 days
                Instant slot = SLOT.minus(Duration.ofDays(d));
                aws.addBackup(t, BackupNames.forSlot(PREFIX, t, slot), slot.plusSeconds(3));
            }
        }
        for (int d : new int[] {10, 9, 6}) { // too few newer backups even at the cutoff
            Instant slot = SLOT.minus(Duration.ofDays(d));
            aws.addBackup("table-4", BackupNames.forSlot(PREFIX, "table-4", slot), slot.plusSeconds(3));
        }

        RunReport run = service(Map.of(BackupConfig.TABLES, String.join(",", names), BackupConfig.RETENTION_DAYS, "7",
                BackupConfig.KEEP_AT_LEAST, "3")).run(SLOT, TimeBudget.unlimited());

        // as on a full listing: keep the new one and the 2 newest before it, delete what is older and expired
        for (String t : names.subList(0, 3)) {
            assertThat(report(run, t).deleted()).as(t).containsExactlyInAnyOrder(
                    BackupNames.forSlot(PREFIX, t, SLOT.minus(Duration.ofDays(9))),
                    BackupNames.forSlot(PREFIX, t, SLOT.minus(Duration.ofDays(10))));
        }
        assertThat(report(run, "table-4").deleted()).containsExactly(
                BackupNames.forSlot(PREFIX, "table-4", SLOT.minus(Duration.ofDays(10))));
        // table-4 never has 3 newer slots: every day down to the cutoff is listed, once, without a gap
        String cutoff = NOW.minus(Duration.ofDays(7)).toString();
        assertThat(listedRanges()).containsExactly(EXPIRED, window(1), window(2), window(3), window(4), window(5), window(6),
                cutoff + " .. " + SLOT.minus(BackupRun.SLOT_LOOKBACK).minus(Duration.ofDays(6)));
        assertThat(run.listingComplete()).isTrue();
    }

    /** Its backups may lie in the days the windows left out: the report does not claim it has none. */
    @Test
    void run_accountWide_aTableWithNoAvailableBackupInTheDaysListed_isNotReportedListed() {
        List<String> names = IntStream.rangeClosed(1, 4).mapToObj(i -> "table-" + i).toList();
        aws.withTables(names.toArray(String[]::new));
        names.subList(0, 3).forEach(t -> dailyBackups(t, 30));
        for (int d = 3; d <= 5; d++) { // table-4 missed its last two slots
            Instant slot = SLOT.minus(Duration.ofDays(d));
            aws.addBackup("table-4", BackupNames.forSlot(PREFIX, "table-4", slot), slot.plusSeconds(3));
        }
        aws.createdBackupStatus = "CREATING";

        RunReport run = service(Map.of(BackupConfig.TABLES, String.join(",", names), BackupConfig.RETENTION_DAYS, "7",
                BackupConfig.KEEP_AT_LEAST, "1")).run(SLOT, TimeBudget.unlimited());

        assertThat(listedRanges()).containsExactly(EXPIRED, window(1));
        assertThat(report(run, "table-4").lastBackup()).isNull();
        assertThat(report(run, "table-4").listed()).isFalse();
        assertThat(report(run, "table-1").listed()).isTrue();
        assertThat(report(run, "table-1").lastBackup()).isEqualTo(SLOT.minus(Duration.ofDays(1)).plusSeconds(3));
        assertThat(run.listingComplete()).isTrue();
    }

    /** A table a prefix selects that is gone since the previous slot is found in the newest day, though none of its backups expired. */
    @Test
    void run_tableSelectedByPrefixThatVanishedSinceThePreviousSlot_isReportedMissing_fromTheNewestDay() {
        aws.withTables("notes-live");
        dailyBackups("notes-live", 10);
        dailyBackups("notes-gone", 3);

        RunReport run = service("notes-*").run(SLOT, TimeBudget.unlimited());

        assertThat(report(run, "notes-gone").status()).isEqualTo(TableStatus.MISSING);
        assertThat(report(run, "notes-gone").error()).contains("no longer exists");
        assertThat(aws.backupsOf("notes-gone")).hasSize(3);
        assertThat(report(run, "notes-live").deleted()).hasSize(3);
    }

    @Test
    void run_followsEveryListBackupsPage_perTable_forFewTables() {
        aws.withTables("notes");
        dailyBackups("notes", 30);
        aws.backupPageSize = 10;

        RunReport run = service("notes").run(SLOT, TimeBudget.unlimited());

        List<ListBackupsRequest> lists = aws.requests(ListBackupsRequest.class);
        assertThat(lists).hasSizeGreaterThanOrEqualTo(3);
        assertThat(lists.stream().filter(r -> "notes".equals(r.tableName()))).hasSizeGreaterThanOrEqualTo(3);
        assertThat(run.deletedCount()).isEqualTo(30 - 7);
    }

    @Test
    void run_resolvesTablePrefixes_acrossListTablesPages() {
        IntStream.rangeClosed(1, 25).forEach(i -> aws.withTables(String.format("notes-%02d", i)));
        aws.withTables("other-table");
        aws.tablePageSize = 10;

        RunReport run = service("notes-*").run(SLOT, TimeBudget.unlimited());

        assertThat(aws.calls("ListTables")).isEqualTo(3);
        assertThat(run.tables()).hasSize(25).extracting(TableReport::table).doesNotContain("other-table");
        assertThat(run.createdCount()).isEqualTo(25);
    }

    @Test
    void run_tableSelectedByPrefixThatWasDeleted_isReportedMissing_andLosesNothing() {
        aws.withTables("notes-live", "other");
        dailyBackups("notes-live", 10);
        dailyBackups("notes-deleted", 10);                                    // its table is gone
        aws.addBackup("notes-retired", "manual-export", SLOT.minus(Duration.ofDays(60))); // not ours: no concern of ours

        RunReport run = service("notes-*").run(SLOT, TimeBudget.unlimited());

        assertThat(report(run, "notes-deleted").status()).isEqualTo(TableStatus.MISSING);
        assertThat(report(run, "notes-deleted").error()).contains("no longer exists");
        assertThat(aws.backupsOf("notes-deleted")).hasSize(10);
        assertThat(run.tables()).extracting(TableReport::table).containsExactlyInAnyOrder("notes-live", "notes-deleted");
        assertThat(report(run, "notes-live").deleted()).hasSize(3);
        assertThat(run.failed()).isTrue();
    }

    @Test
    void run_missingTable_isReportedAndLosesNothing() {
        aws.withTables("notes");
        dailyBackups("notes", 10);
        dailyBackups("deleted-table", 10);

        RunReport run = service("notes,deleted-table").run(SLOT, TimeBudget.unlimited());

        assertThat(report(run, "deleted-table").status()).isEqualTo(TableStatus.MISSING);
        assertThat(aws.backupsOf("deleted-table")).hasSize(10);
        assertThat(report(run, "notes").deleted()).hasSize(3);
        assertThat(run.failed()).isTrue();
    }

    @Test
    void run_oneTableFailing_doesNotStopTheOthers_andItsBackupsStay() {
        List<String> names = IntStream.rangeClosed(1, 8).mapToObj(i -> "table-" + i).toList();
        aws.withTables(names.toArray(String[]::new));
        names.forEach(t -> dailyBackups(t, 9));
        aws.beforeCall("CreateBackup", request -> {
            if (((CreateBackupRequest) request).tableName().equals("table-4")) {
                throw DynamoDbException.builder().message("Access denied").statusCode(400).build();
            }
        });

        RunReport run = service(String.join(",", names)).run(SLOT, TimeBudget.unlimited());

        assertThat(report(run, "table-4").status()).isEqualTo(TableStatus.FAILED);
        assertThat(report(run, "table-4").error()).contains("Access denied");
        assertThat(aws.backupsOf("table-4")).hasSize(9);
        assertThat(run.failures()).extracting(TableReport::table).containsExactly("table-4");
        names.stream().filter(t -> !t.equals("table-4"))
                .forEach(t -> assertThat(report(run, t).deleted()).as(t).hasSize(2));
    }

    @Test
    void run_retriesCreateWithGrowingBackoff_whenLimitExceededOrBackupInUse() {
        aws.withTables("notes");
        dailyBackups("notes", 8);
        AtomicInteger creates = new AtomicInteger();
        // the run's own retrier (CreateBackup only; the SDK retries the other calls, see AwsClientsTest)
        aws.beforeCall("CreateBackup", r -> {
            int attempt = creates.incrementAndGet();
            if (attempt <= 2) {
                throw LimitExceededException.builder().message("Too many operations").statusCode(400).build();
            }
            if (attempt == 3) {
                throw BackupInUseException.builder().message("Backup in use").statusCode(400).build();
            }
        });

        RunReport run = service("notes").run(SLOT, TimeBudget.unlimited());

        assertThat(run.failed()).isFalse();
        assertThat(report(run, "notes").created()).isNotNull();
        assertThat(report(run, "notes").deleted()).hasSize(1);
        assertThat(run.retries()).isEqualTo(3);
        assertThat(run.throttles()).isEqualTo(2);
        // random() is pinned to 1.0, so each delay is its ceiling: 100 ms, then 200 ms
        assertThat(sleeps).contains(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void run_throttlingThatNeverEnds_failsTheTableAfterBoundedAttempts() {
        aws.withTables("notes", "replies");
        dailyBackups("notes", 9);
        aws.beforeCall("CreateBackup", r -> {
            if (((CreateBackupRequest) r).tableName().equals("notes")) {
                throw DynamoDbException.builder().message("Rate exceeded").statusCode(400)
                        .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                .errorCode("ThrottlingException").build()).build();
            }
        });

        RunReport run = service("notes,replies").run(SLOT, TimeBudget.unlimited());

        assertThat(aws.calls("CreateBackup")).isEqualTo(5 + 1);
        assertThat(report(run, "notes").status()).isEqualTo(TableStatus.FAILED);
        assertThat(aws.backupsOf("notes")).hasSize(9);
        assertThat(report(run, "replies").status()).isEqualTo(TableStatus.OK);
        assertThat(sleeps).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void run_createThatFailedAmbiguously_isNotRepeatedIfItHappened() {
        aws.withTables("notes");
        AtomicInteger creates = new AtomicInteger();
        aws.beforeCall("CreateBackup", r -> {
            if (creates.incrementAndGet() == 1) {
                // the backup is made, but the answer is lost
                aws.addBackup("notes", ((CreateBackupRequest) r).backupName(), NOW);
                throw SdkClientException.builder().message("Read timed out")
                        .cause(new java.net.SocketTimeoutException("Read timed out")).build();
            }
        });

        RunReport run = service("notes").run(SLOT, TimeBudget.unlimited());

        assertThat(creates.get()).isEqualTo(1);
        assertThat(aws.backupsOf("notes")).hasSize(1);
        assertThat(report(run, "notes").status()).isEqualTo(TableStatus.OK);
    }

    @Test
    void run_listingFailure_deletesNothing_andFailsTheRun() {
        List<String> names = IntStream.rangeClosed(1, 5).mapToObj(i -> "table-" + i).toList();
        aws.withTables(names.toArray(String[]::new));
        names.forEach(t -> dailyBackups(t, 10));
        aws.beforeCall("ListBackups", r -> {
            if (((ListBackupsRequest) r).timeRangeLowerBound() == null) {
                throw DynamoDbException.builder().message("Access denied").statusCode(400).build();
            }
        });

        RunReport run = service(String.join(",", names)).run(SLOT, TimeBudget.unlimited());

        assertThat(aws.requests(DeleteBackupRequest.class)).isEmpty();
        assertThat(run.failed()).isTrue();
        assertThat(run.createdCount()).isEqualTo(5);
    }

    @Test
    void run_stopsStartingWork_whenTheTimeBudgetRunsOut_andTheNextRunFinishes() {
        List<String> names = IntStream.rangeClosed(1, 10).mapToObj(i -> "table-" + i).toList();
        aws.withTables(names.toArray(String[]::new));
        names.forEach(t -> dailyBackups(t, 9));
        // a clock that moves one second per API call; 4 s of budget, 1 s of margin
        AtomicLong fakeNanos = new AtomicLong();
        aws.beforeCall("CreateBackup", r -> fakeNanos.addAndGet(1_000_000_000L));
        TimeBudget budget = TimeBudget.fromRemaining(Duration.ofSeconds(4), Duration.ofSeconds(1), fakeNanos::get);

        RunReport first = service(String.join(",", names)).run(SLOT, budget);

        assertThat(first.workLeft()).isTrue();
        assertThat(first.failed()).isFalse();
        assertThat(first.count(TableStatus.NOT_REACHED)).isGreaterThan(0);
        assertThat(first.createdCount()).isLessThan(10);
        // up to 3 s of budget at 1 s a call, plus the calls already under way on the create threads
        assertThat(aws.calls("CreateBackup")).isBetween(1L, 6L);

        RunReport next = service(String.join(",", names)).run(SLOT, TimeBudget.unlimited());

        assertThat(next.workLeft()).isFalse();
        assertThat(next.createdCount() + next.skippedCount()).isEqualTo(10);
        names.forEach(t -> assertThat(aws.backupsOf(t)).as(t).hasSize(8));
    }

    @Test
    void dryRun_reportsWhatItWouldDo_andChangesNothing() {
        aws.withTables("notes");
        dailyBackups("notes", 10);
        int before = aws.backups().size();

        RunReport run = service(Map.of(BackupConfig.TABLES, "notes,gone", BackupConfig.RETENTION_DAYS, "7",
                BackupConfig.KEEP_AT_LEAST, "2", BackupConfig.DRY_RUN, "true")).run(SLOT, TimeBudget.unlimited());

        assertThat(aws.requests(CreateBackupRequest.class)).isEmpty();
        assertThat(aws.requests(DeleteBackupRequest.class)).isEmpty();
        assertThat(aws.backups()).hasSize(before);
        assertThat(run.dryRun()).isTrue();
        assertThat(report(run, "notes").created()).isEqualTo("scheduled-20261125T030000Z-notes");
        assertThat(report(run, "notes").deleted()).hasSize(3);
        assertThat(report(run, "notes").kept()).isEqualTo(8);
        assertThat(report(run, "gone").status()).isEqualTo(TableStatus.MISSING);
        assertThat(run.summary()).startsWith("DRY RUN");
    }

    @Test
    void report_isOneJsonObjectOnOneLine() throws Exception {
        aws.withTables("notes");
        dailyBackups("notes", 10);

        RunReport run = service("notes").run(SLOT, TimeBudget.unlimited());

        String json = run.toJson();
        assertThat(json).doesNotContain("\n");
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(tree.get("slot").asText()).isEqualTo("2026-11-25T03:00:00Z");
        assertThat(tree.get("tables").get(0).get("created").asText()).isEqualTo("scheduled-20261125T030000Z-notes");
        assertThat(tree.get("tables").get(0).get("deleted")).hasSize(3);
        assertThat(tree.get("totals").get("kept").asInt()).isEqualTo(8);
    }

    /** With a listing per table, one table's ListBackups failure is that table's alone. */
    @Test
    void run_perTableListing_aFailedListingFailsOnlyItsTable_andTheOthersArePruned() {
        aws.withTables("notes", "replies", "users");
        dailyBackups("notes", 10);
        dailyBackups("replies", 10);
        dailyBackups("users", 10);
        aws.beforeCall("ListBackups", request -> {
            ListBackupsRequest r = (ListBackupsRequest) request;
            if ("replies".equals(r.tableName()) && r.timeRangeLowerBound() == null) {
                throw DynamoDbException.builder().message("Internal error").statusCode(500).build();
            }
        });

        RunReport run = service("notes,replies,users").run(SLOT, TimeBudget.unlimited());

        assertThat(report(run, "replies").status()).isEqualTo(TableStatus.FAILED);
        assertThat(report(run, "replies").error()).contains("ListBackups failed");
        assertThat(report(run, "replies").deleted()).isEmpty();
        assertThat(report(run, "replies").listed()).isFalse();
        for (String table : List.of("notes", "users")) {
            assertThat(report(run, table).status()).as(table).isEqualTo(TableStatus.OK);
            assertThat(report(run, table).deleted()).as(table).hasSize(3); // 11 backups, 7 days' retention, past it: 3
            assertThat(report(run, table).listed()).as(table).isTrue();
        }
        assertThat(aws.backupsOf("replies")).hasSize(11);
    }
}
