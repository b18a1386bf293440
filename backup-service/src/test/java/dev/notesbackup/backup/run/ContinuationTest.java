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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;

/** A slot's work that one invocation's budget cut short, finished by the continuations it hands on. */
class ContinuationTest {
    static final Instant SLOT = Instant.parse("2026-11-25T03:00:00Z");
    static final Instant NOW = SLOT.plusSeconds(2);
    static final List<String> TABLES = IntStream.rangeClosed(1, 10).mapToObj(i -> "table-" + i).toList();

    final InMemoryDynamoDb aws = new InMemoryDynamoDb().clock(() -> NOW);
    final AtomicLong fakeNanos = new AtomicLong();
    final BackupService service = new BackupService(aws, Clock.fixed(NOW, ZoneOffset.UTC),
            BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, String.join(",", TABLES), BackupConfig.RETENTION_DAYS, "7",
                    BackupConfig.KEEP_AT_LEAST, "2")).withRates(RateLimits.UNLIMITED),
            new Retrier(5, Duration.ofMillis(100), Duration.ofSeconds(2), d -> { }, () -> 1.0), d -> { }, System::nanoTime);

    ContinuationTest() {
        aws.withTables(TABLES.toArray(String[]::new));
        // 9 daily backups each: with retention 7 and keep 2, those of days 8 and 9 go (20 in all)
        for (String table : TABLES) {
            for (int d = 9; d >= 1; d--) {
                Instant slot = SLOT.minus(Duration.ofDays(d));
                aws.addBackup(table, BackupNames.forSlot("scheduled", table, slot), slot.plusSeconds(3));
            }
        }
    }

    void assertEveryTableEndsAsAFullRunLeavesIt() {
        TABLES.forEach(t -> assertThat(aws.backupsOf(t)).as(t).hasSize(8)
                .extracting(BackupSummary::backupName).contains(BackupNames.forSlot("scheduled", t, SLOT))
                .doesNotContain(BackupNames.forSlot("scheduled", t, SLOT.minus(Duration.ofDays(8))),
                        BackupNames.forSlot("scheduled", t, SLOT.minus(Duration.ofDays(9)))));
    }

    /**
     * This slot's backups made already (by an earlier delivery: no create in the run), and 4 s of
     * budget less 1 s of margin on a clock that moves one second per DeleteBackup call: the run
     * leaves deletions only, however loaded the machine.
     */
    TimeBudget onlyDeletionsLeft_oneSecondEach() {
        TABLES.forEach(t -> aws.addBackup(t, BackupNames.forSlot("scheduled", t, SLOT), SLOT.plusSeconds(1)));
        aws.beforeCall("DeleteBackup", r -> fakeNanos.addAndGet(1_000_000_000L));
        return TimeBudget.fromRemaining(Duration.ofSeconds(4), Duration.ofSeconds(1), fakeNanos::get);
    }

    @Test
    void deletionsTheBudgetStopped_areHandedOn_andTheContinuationDeletesThemWithoutListingAgain() {
        RunReport first = service.run(SLOT, onlyDeletionsLeft_oneSecondEach());

        assertThat(first.invocation()).isEqualTo(1);
        assertThat(first.deletedCount()).isBetween(1, 6);
        Continuation left = first.leftWork();
        assertThat(left.invocation()).isEqualTo(2);
        assertThat(left.toBackUp()).isEmpty();
        assertThat(left.deletionCount()).isEqualTo(20 - first.deletedCount()).isEqualTo(first.deletesLeftCount());
        assertThat(left.listingComplete()).isTrue();

        aws.forgetRequests();
        RunReport second = service.run(SLOT, TimeBudget.unlimited(), RunListener.NONE, left);

        assertThat(second.invocation()).isEqualTo(2);
        assertThat(second.leftWork()).isNull();
        assertThat(second.workLeft()).isFalse();
        assertThat(second.deletedCount()).isEqualTo(left.deletionCount());
        assertThat(aws.calls("ListBackups")).as("ListBackups calls of the continuation").isZero();
        assertThat(aws.calls("ListTables")).isZero();
        assertThat(aws.calls("CreateBackup")).isZero();
        assertThat(aws.calls("DeleteBackup")).isEqualTo(left.deletionCount());
        assertThat(first.skippedCount()).isEqualTo(TABLES.size());
        assertEveryTableEndsAsAFullRunLeavesIt();
        // the names the report gives are DeleteBackup's
        assertThat(second.tables()).flatExtracting(TableReport::deleted).allMatch(name -> name.startsWith("scheduled-"));
    }

    @Test
    void aContinuationDeliveredTwice_changesNothingTheFirstDidNot() {
        Continuation left = service.run(SLOT, onlyDeletionsLeft_oneSecondEach()).leftWork();
        service.run(SLOT, TimeBudget.unlimited(), RunListener.NONE, left);
        List<BackupSummary> after = aws.backups();

        RunReport again = service.run(SLOT, TimeBudget.unlimited(), RunListener.NONE, left);

        assertThat(aws.backups()).containsExactlyInAnyOrderElementsOf(after);
        assertThat(again.failed()).isFalse();
        assertThat(again.leftWork()).isNull();
        assertEveryTableEndsAsAFullRunLeavesIt();
    }

    @Test
    void tablesNotReached_areBackedUpByTheContinuation_thenLoseWhatThePolicyDeletes() {
        // one create every 2 s, real time, and 3 s of work: the in-memory listing ends long before the budget
        BackupService slowCreates = new BackupService(aws, Clock.fixed(NOW, ZoneOffset.UTC),
                service.config().withRates(new RateLimits(0.5, 0, 0)), new Retrier(5, Duration.ofMillis(100),
                Duration.ofSeconds(2), d -> { }, () -> 1.0), Sleeper.REAL, System::nanoTime);
        RunReport first = slowCreates.run(SLOT, TimeBudget.fromRemaining(Duration.ofSeconds(4), Duration.ofSeconds(1)));
        assertThat(first.listingComplete()).isTrue();

        List<String> notReached = first.notReached().stream().map(TableReport::table).toList();
        assertThat(notReached).isNotEmpty();
        Continuation left = first.leftWork();
        assertThat(left.toBackUp().keySet()).containsExactlyInAnyOrderElementsOf(notReached);
        assertThat(left.toBackUp().values()).allSatisfy(arns -> assertThat(arns).hasSize(2));

        aws.forgetRequests();
        RunReport second = service.run(SLOT, TimeBudget.unlimited(), RunListener.NONE, left);

        assertThat(second.createdCount()).isEqualTo(notReached.size());
        assertThat(second.leftWork()).isNull();
        assertThat(second.failed()).isFalse();
        // the continuation lists only this slot's backups: to find one a duplicate made, and copies after its creates
        assertThat(aws.requests(ListBackupsRequest.class)).isNotEmpty().allSatisfy(r ->
                assertThat(r.timeRangeLowerBound()).isAfterOrEqualTo(SLOT.minus(BackupRun.SLOT_LOOKBACK)));
        assertThat(aws.calls("CreateBackup")).isEqualTo(notReached.size());
        assertEveryTableEndsAsAFullRunLeavesIt();
    }

    @Test
    void aContinuationCutShortInTurn_handsOnTheRest_toTheNextInvocation() {
        Continuation left = service.run(SLOT, onlyDeletionsLeft_oneSecondEach()).leftWork();
        fakeNanos.set(0);

        RunReport second = service.run(SLOT, TimeBudget.fromRemaining(Duration.ofSeconds(4), Duration.ofSeconds(1), fakeNanos::get),
                RunListener.NONE, left);

        Continuation third = second.leftWork();
        assertThat(third.invocation()).isEqualTo(3);
        assertThat(third.deletionCount()).isEqualTo(left.deletionCount() - second.deletedCount());
        assertThat(second.deletedCount()).isPositive();

        RunReport last = service.run(SLOT, TimeBudget.unlimited(), RunListener.NONE, third);
        assertThat(last.invocation()).isEqualTo(3);
        assertThat(last.leftWork()).isNull();
        assertEveryTableEndsAsAFullRunLeavesIt();
    }
}
