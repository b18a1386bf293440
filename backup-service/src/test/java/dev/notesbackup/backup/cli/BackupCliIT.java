package dev.notesbackup.backup.cli;

import dev.notesbackup.cli.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.testsupport.AwsLimitsProxy;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** The operator's commands through the real SDK over HTTP against moto (via the proxy, for time and paging). */
@ExtendWith(MotoExtension.class)
class BackupCliIT {
    static final Instant DAY0 = Instant.parse("2026-11-01T03:00:00Z");

    AwsLimitsProxy proxy;
    DynamoDbClient dynamo;
    final AtomicReference<Instant> now = new AtomicReference<>(DAY0);
    CliHarness cli;

    @BeforeEach
    void setUp(MotoServer moto) {
        proxy = AwsLimitsProxy.start(moto.endpoint()).virtualClock(now::get);
        dynamo = LocalAws.dynamoDb(proxy.endpoint());
        Clock clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now.get(); }
        };
        cli = new CliHarness(Map.of(BackupConfig.RETENTION_DAYS, "7", BackupConfig.KEEP_AT_LEAST, "2"), clock,
                aws -> LocalAws.dynamoDb(proxy.endpoint()));
    }

    @AfterEach
    void tearDown() {
        dynamo.close();
        proxy.close();
    }

    void createTable(String name) {
        dynamo.createTable(r -> r.tableName(name)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        for (int i = 0; i < 5; i++) {
            String id = "n" + i;
            dynamo.putItem(r -> r.tableName(name).item(Map.of("id", AttributeValue.fromS(id))));
        }
    }

    int runOnDay(int day, String... args) {
        now.set(DAY0.plus(Duration.ofDays(day)));
        return cli.run(args);
    }

    @Test
    void run_backsUpPrunesAndPrintsProgressAndSummary() {
        createTable("notes");
        createTable("replies");
        for (int day = 0; day < 10; day++) {
            assertThat(runOnDay(day, "run", "--tables", "notes,replies")).isZero();
        }

        assertThat(cli.out()).contains("backed up as scheduled-20261110T030000Z-notes", "deleted scheduled-20261102T030000Z-notes")
                .contains("TABLE", "STATUS", "2 tables: 2 ok");
        assertThat(dynamo.listBackups(r -> r.tableName("notes")).backupSummaries()).hasSize(8);
    }

    @Test
    void run_dryRun_changesNothing_andFailsForAMissingTable() {
        createTable("notes");

        assertThat(runOnDay(0, "run", "--tables", "notes,gone", "--dry-run")).isEqualTo(ExitCodes.FAILED);

        assertThat(cli.out()).contains("DRY RUN", "would back up as scheduled-20261101T030000Z-notes", "gone: FAILED: table not found");
        assertThat(dynamo.listBackups(r -> r.tableName("notes")).backupSummaries()).isEmpty();
    }

    @Test
    void list_showsEachBackupWithTheVerdictOfTheNextRun() {
        createTable("notes");
        for (int day = 0; day < 9; day++) {
            runOnDay(day, "run", "--tables", "notes", "--retention-days", "30");
        }
        now.set(DAY0.minus(Duration.ofDays(40)));
        dynamo.createBackup(r -> r.tableName("notes").backupName("before-migration"));

        assertThat(runOnDay(10, "list", "--table", "notes")).isZero();

        List<String> lines = cli.out().lines().toList();
        // at day 10 with 7 days of retention, backups before 11-04T03:00 are past it
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("scheduled-20261103T030000Z-notes", "DELETE"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("scheduled-20261104T030000Z-notes", "keep: within the retention period"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("scheduled-20261109T030000Z-notes", "keep: the first copy of one of the newest kept slots"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("before-migration", "keep: not a USER backup made by this service"));
    }

    @Test
    void list_saysATableIsMissing_andKeepsAllItsBackups() {
        createTable("gone");
        for (int day = 0; day < 3; day++) {
            runOnDay(day, "run", "--tables", "gone");
        }
        dynamo.deleteTable(r -> r.tableName("gone"));

        assertThat(runOnDay(100, "list", "--table", "gone")).isZero();

        assertThat(cli.out()).contains("TABLE MISSING")
                .containsOnlyOnce("keep: this run did not back the table up")
                .doesNotContain("DELETE");
    }

    @Test
    void restore_latest_intoANewTable_reappliesTheSourcesSettings() {
        createTable("notes");
        String arn = dynamo.describeTable(r -> r.tableName("notes")).table().tableArn();
        dynamo.updateContinuousBackups(r -> r.tableName("notes").pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        dynamo.updateTable(r -> r.tableName("notes").deletionProtectionEnabled(true));
        dynamo.updateTimeToLive(r -> r.tableName("notes").timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));
        dynamo.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("app").value("notes").build()));
        runOnDay(0, "run", "--tables", "notes");

        assertThat(runOnDay(1, "restore", "--table", "notes", "--latest", "--target-table", "notes-restored", "--wait")).isZero();

        assertThat(cli.out()).contains("Newest available backup of notes: scheduled-20261101T030000Z-notes")
                .contains("Re-applied: point-in-time recovery on, deletion protection on, time to live on attribute expiresAt, 1 tags");
        TableDescription restored = dynamo.describeTable(r -> r.tableName("notes-restored")).table();
        assertThat(restored.deletionProtectionEnabled()).isTrue();
        assertThat(dynamo.scan(r -> r.tableName("notes-restored")).count()).isEqualTo(5);
        assertThat(dynamo.describeContinuousBackups(r -> r.tableName("notes-restored")).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        assertThat(dynamo.describeTimeToLive(r -> r.tableName("notes-restored")).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(dynamo.listTagsOfResource(r -> r.resourceArn(restored.tableArn())).tags())
                .extracting(Tag::key).contains("app");
    }

    @Test
    void restore_afterTheTableIsGone_underItsOwnName_turnsProtectionOn() {
        createTable("notes");
        runOnDay(0, "run", "--tables", "notes");
        String backupArn = dynamo.listBackups(r -> r.tableName("notes")).backupSummaries().get(0).backupArn();
        dynamo.deleteTable(r -> r.tableName("notes"));

        assertThat(runOnDay(1, "restore", "--backup-arn", backupArn, "--target-table", "notes", "--wait")).isZero();

        assertThat(cli.out()).contains("the source table notes is gone").contains("point-in-time recovery on, deletion protection on");
        assertThat(dynamo.describeTable(r -> r.tableName("notes")).table().deletionProtectionEnabled()).isTrue();
        assertThat(dynamo.scan(r -> r.tableName("notes")).count()).isEqualTo(5);
    }

    @Test
    void restore_intoAnExistingTable_isRefused_andChangesNothing() {
        createTable("notes");
        createTable("other");
        runOnDay(0, "run", "--tables", "notes");

        assertThat(runOnDay(1, "restore", "--table", "notes", "--latest", "--target-table", "other")).isEqualTo(ExitCodes.ERROR);

        assertThat(cli.err().strip()).isEqualTo("error: Table other already exists. DynamoDB restores only into a new table:"
                + " choose another --target-table, or delete or rename the existing table first.");
        assertThat(dynamo.scan(r -> r.tableName("other")).count()).isEqualTo(5);
    }

    @Test
    void restore_ofAnUnknownBackup_saysSo() {
        assertThat(cli.run("restore", "--backup-arn", "arn:aws:dynamodb:us-east-1:123456789012:table/x/backup/01",
                "--target-table", "y")).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.err()).contains("does not exist").contains("list --table");
    }
}
