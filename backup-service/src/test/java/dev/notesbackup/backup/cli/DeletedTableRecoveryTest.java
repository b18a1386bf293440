package dev.notesbackup.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.backup.cfn.FakeCloudFormation;
import dev.notesbackup.backup.restore.RestoreService;
import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.testsupport.InMemoryDynamoDb;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.DeleteBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;

/**
 * Disaster 2, a table deleted by hand while point-in-time recovery is on, recovered with the
 * operator's commands. DynamoDB then keeps a SYSTEM backup {@code <table>$DeletedTableBackup} of
 * the table as it was when deleted, for 35 days. moto makes none (see InMemoryDynamoDbIT), so this
 * runs on the in-memory fake, which makes it as AWS documents; {@code DeletedTableRestoreIT} runs
 * on moto what moto does. Writes after the last scheduled backup are in that SYSTEM backup, so the
 * restore gets every item back without the write-ahead log: lost 0, doubled 0, altered 0.
 */
class DeletedTableRecoveryTest {
    static final String TABLE = "quarantine-notes-NotesTable-1A2B3C";
    static final Instant BACKED_UP = Instant.parse("2026-12-01T03:00:00Z");
    static final Instant DELETED = Instant.parse("2026-12-01T15:30:00Z");
    static final Instant DEADLINE = Instant.parse("2027-01-05T15:30:00Z");

    final AtomicReference<Instant> now = new AtomicReference<>(BACKED_UP);
    final InMemoryDynamoDb dynamo = new InMemoryDynamoDb().clock(now::get);
    final FakeCloudFormation cfn = new FakeCloudFormation();
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    final CliHarness cli = new CliHarness(Map.of("BACKUP_TABLES", TABLE), clock, aws -> dynamo, aws -> cfn.client);
    final Map<String, Map<String, AttributeValue>> written = new TreeMap<>();

    @BeforeEach
    void tableWithItemsBackedUpThenWrittenThenDeletedByHand() {
        dynamo.table(TABLE, false, true);
        for (String id : List.of("n1", "n2", "n3")) {
            write(id, "first text of " + id + " ü 😀");
        }
        assertThat(cli.run("run")).as(cli.out()).isZero();
        now.set(DELETED.minusSeconds(3600));
        write("n4", "written after the backup, नमस्ते");
        write("n2", "n2 changed after the backup");
        now.set(DELETED);
        dynamo.deleteTable(DeleteTableRequest.builder().tableName(TABLE).build());
        now.set(DELETED.plusSeconds(600));
        dynamo.forgetRequests();
    }

    @Test
    void restoreLatest_choosesTheDeletedTableBackup_andGetsBackEveryItemAsItWasAtDeletion() {
        assertThat(cli.run("restore", "--table", TABLE, "--latest", "--target-table", TABLE, "--wait")).as(cli.err()).isZero();

        assertThat(cli.out()).contains("Newest available backup of " + TABLE + ": " + TABLE + "$DeletedTableBackup (SYSTEM, created " + DELETED + ")")
                .contains("Why: chose the SYSTEM backup DynamoDB kept when the table was deleted at " + DELETED
                        + " (DynamoDB deletes it at " + DEADLINE + "): it holds the table as it was when deleted, newer than the newest"
                        + " other backup, scheduled-20261201T030000Z-" + TABLE + " (USER, created " + BACKED_UP + ")");
        List<Map<String, AttributeValue>> restored = dynamo.items(TABLE);
        assertThat(restored).hasSize(written.size()); // nothing doubled, nothing lost
        assertThat(byId(restored)).isEqualTo(written); // every item as written, the later change included
        assertThat(cli.out()).contains("point-in-time recovery on", "deletion protection on");
        assertThat(systemBackups()).hasSize(1);
        assertThat(dynamo.requests(DeleteBackupRequest.class)).isEmpty();
    }

    @Test
    void scheduledRun_reportsTheTableMissing_namingTheDayDynamoDbDeletesItsBackup_andDeletesNothing() {
        now.set(DELETED.plusSeconds(86400));

        assertThat(cli.run("run", "--retention-days", "1", "--keep-at-least", "1")).isEqualTo(ExitCodes.FAILED);

        assertThat(cli.out()).contains(TABLE).contains("MISSING")
                .contains("table not found: " + TABLE + "; DynamoDB kept a backup of it when it was deleted (" + TABLE
                        + "$DeletedTableBackup, " + DELETED + ") and deletes that backup at " + DEADLINE
                        + ": restore it before then (restore --table " + TABLE + " --latest)");
        assertThat(dynamo.requests(DeleteBackupRequest.class)).isEmpty();
        assertThat(dynamo.backupsOf(TABLE)).hasSize(2);
    }

    @Test
    void afterTheRestore_scheduledRunsPruneOurExpiredBackups_butNeverTheDeletedTableBackup() {
        assertThat(cli.run("restore", "--table", TABLE, "--latest", "--target-table", TABLE, "--wait")).isZero();
        for (int day = 1; day <= 3; day++) {
            now.set(DELETED.plusSeconds(day * 86400L));
            assertThat(cli.run("run", "--retention-days", "1", "--keep-at-least", "1")).as(cli.out()).isZero();
        }

        assertThat(dynamo.requests(DeleteBackupRequest.class)).isNotEmpty(); // the pruning ran ...
        assertThat(systemBackups()).singleElement() // ... and left DynamoDB's backup alone
                .satisfies(b -> assertThat(b.backupName()).isEqualTo(TABLE + "$DeletedTableBackup"));
        assertThat(new RestoreService(dynamo, clock, Duration.ofSeconds(1), Duration.ofMinutes(1)).chooseLatest(TABLE).reason())
                .isEqualTo("chose the newest available backup, scheduled-20261204T153000Z-" + TABLE
                + " (USER, created 2026-12-04T15:30:00Z), newer than the backup DynamoDB kept when the table was deleted at " + DELETED);
    }

    @Test
    void list_showsTheDeletedTableBackupAndTheDayItDisappears_withoutAllTypes() {
        assertThat(cli.run("list", "--table", TABLE)).isZero();

        assertThat(cli.out()).contains(TABLE + " (TABLE MISSING: all its backups are kept; DynamoDB kept a backup of it when it was deleted ("
                        + TABLE + "$DeletedTableBackup, " + DELETED + ") and deletes that backup at " + DEADLINE + "): 2 backups")
                .containsPattern("\\Q" + TABLE + "$DeletedTableBackup\\E +\\Q" + DELETED + "\\E +AVAILABLE .*SYSTEM +keep: .*"
                        + "DynamoDB's backup of the table at its deletion, which DynamoDB deletes at \\Q" + DEADLINE + "\\E");
    }

    @Test
    void audit_namesTheDeletedTableBackupAndItsDeadline_inTheMissingTablesMessage() {
        assertThat(cli.run("audit", "--tables", TABLE)).isEqualTo(ExitCodes.FAILED);

        assertThat(cli.out()).contains("table " + TABLE + " does not exist: restore it from its newest backup (backups outlive their"
                + " table); DynamoDB kept a backup of it when it was deleted (" + TABLE + "$DeletedTableBackup, " + DELETED
                + ") and deletes that backup at " + DEADLINE + ": restore --table " + TABLE + " --latest takes it");
    }

    private void write(String id, String text) {
        Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS(id), "text", AttributeValue.fromS(text));
        dynamo.putItem(r -> r.tableName(TABLE).item(item));
        written.put(id, item);
    }

    private static Map<String, Map<String, AttributeValue>> byId(List<Map<String, AttributeValue>> items) {
        Map<String, Map<String, AttributeValue>> result = new TreeMap<>();
        items.forEach(i -> result.merge(i.get("id").s(), i, (a, b) -> {
            throw new AssertionError("item " + a.get("id").s() + " twice");
        }));
        return result;
    }

    private List<BackupSummary> systemBackups() {
        List<BackupSummary> system = new ArrayList<>();
        dynamo.backupsOf(TABLE).stream().filter(b -> "SYSTEM".equals(b.backupTypeAsString())).forEach(system::add);
        return system;
    }
}
