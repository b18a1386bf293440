package dev.notesbackup.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.testsupport.UnicodeTexts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Disaster 2 on moto, as far as moto goes: a table with point-in-time recovery on, backed up by the
 * scheduled run, deleted by hand; the run reports it MISSING and deletes nothing; restore --latest
 * into its own name gives every item back as written, none twice. moto 5.2.1 makes no SYSTEM
 * {@code $DeletedTableBackup} on DeleteTable (AWS does; InMemoryDynamoDbIT pins the difference),
 * so here the newest backup is the scheduled one, and the writes after it would come from the
 * write-ahead log; {@code DeletedTableRecoveryTest} covers the SYSTEM backup on the fake.
 */
@ExtendWith(MotoExtension.class)
class DeletedTableRestoreIT {
    static final String TABLE = "quarantine-notes-NotesTable-DTR";

    DynamoDbClient dynamo;
    CliHarness cli;
    final Map<String, Map<String, AttributeValue>> written = new TreeMap<>();

    @BeforeEach
    void setUp(MotoServer moto) {
        dynamo = LocalAws.dynamoDb(moto.endpoint());
        cli = new CliHarness(Map.of("BACKUP_TABLES", TABLE), Clock.systemUTC(), aws -> LocalAws.dynamoDb(moto.endpoint()));
    }

    @AfterEach
    void tearDown() {
        dynamo.close();
    }

    @Test
    void tableDeletedByHand_isReportedMissing_thenRestoredWithEveryItemOnce() {
        dynamo.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
        dynamo.updateContinuousBackups(r -> r.tableName(TABLE).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        List<String> texts = UnicodeTexts.samples();
        for (int i = 0; i < 40; i++) {
            Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS("n" + i),
                    "text", AttributeValue.fromS(texts.get(i % texts.size())), "n", AttributeValue.fromN(String.valueOf(i)));
            dynamo.putItem(r -> r.tableName(TABLE).item(item));
            written.put("n" + i, item);
        }
        assertThat(cli.run("run")).as(cli.out()).isZero();

        dynamo.deleteTable(r -> r.tableName(TABLE));

        String nextSlot = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES).toString();
        assertThat(cli.run("run", "--slot", nextSlot)).as(cli.out()).isEqualTo(ExitCodes.FAILED);
        // no $DeletedTableBackup on moto, so no deadline to name: the bare MISSING text
        assertThat(cli.out()).contains("MISSING     no       0        1     table not found: " + TABLE + System.lineSeparator())
                .contains("deleted 0").doesNotContain(": deleted ");
        assertThat(dynamo.listBackups(r -> r.tableName(TABLE).backupType(BackupTypeFilter.ALL)).backupSummaries()).hasSize(1);
        assertThat(cli.run("list", "--table", TABLE)).isZero();
        assertThat(cli.out()).contains(TABLE + " (TABLE MISSING: all its backups are kept): 1 backups");

        assertThat(cli.run("restore", "--table", TABLE, "--latest", "--target-table", TABLE, "--wait")).as(cli.err()).isZero();

        assertThat(cli.out()).contains("Why: chose the newest available backup, scheduled-");
        List<Map<String, AttributeValue>> restored = dynamo.scanPaginator(r -> r.tableName(TABLE).consistentRead(true)).items().stream().toList();
        assertThat(restored).hasSize(written.size()); // nothing doubled, nothing lost
        Map<String, Map<String, AttributeValue>> byId = new TreeMap<>();
        restored.forEach(i -> byId.put(i.get("id").s(), i));
        assertThat(byId).isEqualTo(written); // nothing altered
        assertThat(dynamo.describeTable(r -> r.tableName(TABLE)).table().deletionProtectionEnabled()).isTrue();
    }
}
