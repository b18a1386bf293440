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
     * This slot's backups made already (by an earlier delivery: no create in the run), then a run
     * with 3 s of work, real time, deleting 2 backups a second: the in-memory listing ends within
     * milliseconds, so the run leaves deletions only, and most of them.
     */
    RunReport firstRunLeavingDeletions() {
        TABLES.forEach(t -> aws.addBackup(t, BackupNames.forSlot("scheduled", t, SLOT), SLOT.plusSeconds(1)));
        return slowDeletes().run(SLOT, threeSecondsOfWork());
    }

    BackupService slowDeletes() {
        return new BackupService(aws, Clock.fixed(NOW, ZoneOffset.UTC), service.config().withRates(new RateLimits(0, 2, 0)),
                new Retrier(5, Duration.ofMillis(100), Duration.ofSeconds(2), d -> { }, () -> 1.0), Sleeper.REAL, System::nanoTime);
    }

    static TimeBudget threeSecondsOfWork() {
        return TimeBudget.fromRemaining(Duration.ofSeconds(4), Duration.ofSeconds(1));
    }

    @Test
    void deletionsTheBudgetStopped_areHandedOn_andTheContinuationDeletesThemWithoutListingAgain() {
        RunReport first = firstRunLeavingDeletions();

        assertThat(first.invocation()).isEqualTo(1);
        assertThat(first.listingComplete()).isTrue();
        assertThat(first.deletedCount()).isBetween(1, 10);
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
        Continuation left = firstRunLeavingDeletions().leftWork();
        service.run(SLOT, TimeBudget.unlimited(), RunListener.NONE, left);
        List<BackupSummary> after = aws.backups();

        RunReport again = service.run(SLOT, TimeBudget.unlimited(), RunListener.NONE, left);

        assertThat(aws.backups()).containsExactlyInAnyOrderElementsOf(after);
        assertThat(again.failed()).isFalse();
        assertThat(again.leftWork()).isNull();
        assertEveryTableEndsAsAFullRunLeavesIt();
    }

    /** One create every 2 s, real time: with 3 s of work, most tables are not reached, and the in-memory listing ends long before. */
    BackupService slowCreates(BackupConfig config) {
        return new BackupService(aws, Clock.fixed(NOW, ZoneOffset.UTC), config.withRates(new RateLimits(0.5, 0, 0)),
                new Retrier(5, Duration.ofMillis(100), Duration.ofSeconds(2), d -> { }, () -> 1.0), Sleeper.REAL, System::nanoTime);
    }

    @Test
    void tablesNotReached_underAPrefix_areTheContinuationsOnly_theOthersAreNotTakenForVanished() {
        BackupConfig byPrefix = BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, "table-*", BackupConfig.RETENTION_DAYS, "7",
                BackupConfig.KEEP_AT_LEAST, "2")).withRates(RateLimits.UNLIMITED);
        Continuation left = slowCreates(byPrefix).run(SLOT, threeSecondsOfWork()).leftWork();
        assertThat(left.toBackUp()).isNotEmpty().hasSizeLessThan(TABLES.size());

        RunReport second = new BackupService(aws, Clock.fixed(NOW, ZoneOffset.UTC), byPrefix).run(SLOT, TimeBudget.unlimited(), RunListener.NONE, left);

        assertThat(second.failed()).as(second.summary()).isFalse();
        assertThat(second.tables()).extracting(TableReport::table).containsExactlyInAnyOrderElementsOf(left.toBackUp().keySet());
        assertEveryTableEndsAsAFullRunLeavesIt();
    }

    @Test
    void keepAtLeast_holdsInTheContinuation_whileItsNewBackupIsStillCreating() {
        InMemoryDynamoDb account = new InMemoryDynamoDb().clock(() -> NOW);
        account.withTables(TABLES.toArray(String[]::new));
        account.createdBackupStatus = "CREATING";
        for (String table : TABLES) { // only three slots, all past the 7 days: keep-at-least 3 keeps them all
            for (int d : new int[] {8, 9, 10}) {
                Instant slot = SLOT.minus(Duration.ofDays(d));
                account.addBackup(table, BackupNames.forSlot("scheduled", table, slot), slot.plusSeconds(3));
            }
        }
        BackupConfig keep3 = BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, String.join(",", TABLES),
                BackupConfig.RETENTION_DAYS, "7", BackupConfig.KEEP_AT_LEAST, "3"));
        BackupService slow = new BackupService(account, Clock.fixed(NOW, ZoneOffset.UTC), keep3.withRates(new RateLimits(0.5, 0, 0)),
                new Retrier(5, Duration.ofMillis(100), Duration.ofSeconds(2), d -> { }, () -> 1.0), Sleeper.REAL, System::nanoTime);

        Continuation left = slow.run(SLOT, threeSecondsOfWork()).leftWork();
        assertThat(left.toBackUp()).isNotEmpty().allSatisfy((table, due) -> assertThat(due).as(table).isEmpty());
        RunReport second = new BackupService(account, Clock.fixed(NOW, ZoneOffset.UTC), keep3.withRates(RateLimits.UNLIMITED))
                .run(SLOT, TimeBudget.unlimited(), RunListener.NONE, left);

        assertThat(second.deletedCount()).isZero();
        TABLES.forEach(t -> assertThat(account.backupsOf(t)).as(t).hasSize(4));
    }

    @Test
    void tablesNotReached_areBackedUpByTheContinuation_thenLoseWhatThePolicyDeletes() {
        RunReport first = slowCreates(service.config()).run(SLOT, threeSecondsOfWork());
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
        Continuation left = firstRunLeavingDeletions().leftWork();

        RunReport second = slowDeletes().run(SLOT, threeSecondsOfWork(), RunListener.NONE, left);

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
