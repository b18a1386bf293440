package dev.notesbackup.backup.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.config.RateLimits;
import dev.notesbackup.backup.lambda.ScheduledBackupHandler;
import dev.notesbackup.backup.run.BackupService;
import dev.notesbackup.backup.run.TimeBudget;
import dev.notesbackup.testsupport.LambdaTestContext;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

@ExtendWith(MotoExtension.class)
class RestoreDrillIT {
    static final Instant NOW = Instant.parse("2026-11-25T03:00:05Z");
    static final String OURS = "scheduled-20261125T030000Z-notes";
    DynamoDbClient dynamo;

    @BeforeEach
    void setUp(MotoServer moto) {
        dynamo = LocalAws.dynamoDb(moto.endpoint());
    }

    void tableWithItems(String name, int items) {
        dynamo.createTable(r -> r.tableName(name)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        for (int i = 0; i < items; i++) {
            String id = "note-" + i;
            dynamo.putItem(r -> r.tableName(name).item(Map.of("id", AttributeValue.fromS(id), "text", AttributeValue.fromS("t"))));
        }
    }

    RestoreDrill drill(DynamoDbClient client) {
        return new RestoreDrill(client, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(50), "scheduled");
    }

    List<String> tables() {
        return dynamo.listTables().tableNames();
    }

    @Test
    void drill_restoresChecksAndDeletesScratchTable_whenBackupOfOursExists() {
        tableWithItems("notes", 30);
        dynamo.createBackup(r -> r.tableName("notes").backupName("scheduled-20261125T030000Z-notes"));

        RestoreDrill.Result result = drill(dynamo).run("notes", TimeBudget.unlimited());

        assertThat(result.passed()).as(result.failure()).isTrue();
        assertThat(result.backupName()).isEqualTo("scheduled-20261125T030000Z-notes");
        assertThat(result.expectedItems()).isEqualTo(30);
        assertThat(result.restoredItems()).isEqualTo(30);
        assertThat(result.sampled()).isEqualTo(20);
        assertThat(result.scratchTable()).startsWith("backup-drill-notes-");
        assertThat(tables()).containsExactly("notes");
    }

    @Test
    void drill_failsAndTouchesNothing_whenNoBackupOfOurs() {
        tableWithItems("notes", 3);
        dynamo.createBackup(r -> r.tableName("notes").backupName("made-by-hand"));

        RestoreDrill.Result result = drill(dynamo).run("notes", TimeBudget.unlimited());

        assertThat(result.passed()).isFalse();
        assertThat(result.failure()).contains("No available backup of table notes made by this service");
        assertThat(tables()).containsExactly("notes");
    }

    @Test
    void drill_failsAndDeletesScratchTable_whenCountsDiffer() {
        tableWithItems("notes", 12);
        dynamo.createBackup(r -> r.tableName("notes").backupName(OURS));
        DynamoDbClient lying = spy(dynamo);
        doAnswer(call -> {
            DescribeBackupResponse real = (DescribeBackupResponse) call.callRealMethod();
            return real.toBuilder().backupDescription(real.backupDescription().toBuilder()
                    .sourceTableDetails(real.backupDescription().sourceTableDetails().toBuilder().itemCount(500L).build())
                    .build()).build();
        }).when(lying).describeBackup(any(DescribeBackupRequest.class));

        RestoreDrill.Result result = drill(lying).run("notes", TimeBudget.unlimited());

        assertThat(result.passed()).isFalse();
        assertThat(result.failure()).isEqualTo("restored 12 items, but the backup recorded 500");
        assertThat(tables()).containsExactly("notes");
    }

    /** A client whose scans of the drill's scratch tables return what {@code restore} makes of each item: a broken restore. */
    DynamoDbClient restoringWrongly(java.util.function.UnaryOperator<Map<String, AttributeValue>> restore) {
        DynamoDbClient broken = spy(dynamo);
        doAnswer(call -> {
            ScanResponse real = (ScanResponse) call.callRealMethod();
            ScanRequest request = call.getArgument(0);
            if (!request.tableName().startsWith(RestoreDrill.SCRATCH_PREFIX) || !real.hasItems()) {
                return real;
            }
            return real.toBuilder().items(real.items().stream().map(restore).toList()).build();
        }).when(broken).scan(any(ScanRequest.class));
        return broken;
    }

    @Test
    void drill_fails_whenRestoreAlteredItems() {
        tableWithItems("notes", 30);
        dynamo.createBackup(r -> r.tableName("notes").backupName(OURS));
        DynamoDbClient altering = restoringWrongly(item -> {
            Map<String, AttributeValue> altered = new java.util.HashMap<>(item);
            altered.put("text", AttributeValue.fromS("garbled"));
            return altered;
        });

        RestoreDrill.Result result = drill(altering).run("notes", TimeBudget.unlimited());

        assertThat(result.passed()).isFalse();
        assertThat(result.failure()).startsWith("20 of 20 sampled items differ from the source table's items with the same key")
                .contains("attribute text differs");
        assertThat(tables()).containsExactly("notes");
    }

    @Test
    void drill_fails_whenRestoreLostAnAttribute() {
        tableWithItems("notes", 30);
        dynamo.createBackup(r -> r.tableName("notes").backupName(OURS));
        DynamoDbClient partial = restoringWrongly(item -> Map.of("id", item.get("id")));

        RestoreDrill.Result result = drill(partial).run("notes", TimeBudget.unlimited());

        assertThat(result.passed()).isFalse();
        assertThat(result.failure()).contains("sampled items differ").contains("attribute text is missing");
    }

    @Test
    void drill_passes_whenAFewItemsChangedSinceBackup() {
        tableWithItems("notes", 30);
        dynamo.createBackup(r -> r.tableName("notes").backupName(OURS));
        for (String id : List.of("note-3", "note-17")) {
            dynamo.putItem(r -> r.tableName("notes").item(Map.of("id", AttributeValue.fromS(id), "text", AttributeValue.fromS("edited"))));
        }

        RestoreDrill.Result result = drill(dynamo).run("notes", TimeBudget.unlimited());

        assertThat(result.passed()).as(result.failure()).isTrue();
        assertThat(RestoreDrill.sampleTolerance(result.sampled())).isEqualTo(2);
    }

    @Test
    void drill_deletesOnlyScratchTables_whenAnEarlierDrillLeftSome() {
        tableWithItems("notes", 2);
        tableWithItems("backup-drill-notes-1700000000", 1);
        tableWithItems("backup-drills-are-not-ours", 1);
        dynamo.createBackup(r -> r.tableName("notes").backupName(OURS));

        RestoreDrill.Result result = drill(dynamo).run("notes", TimeBudget.unlimited());

        assertThat(result.passed()).isTrue();
        assertThat(result.cleanedUp()).containsExactly("backup-drill-notes-1700000000");
        assertThat(tables()).containsExactlyInAnyOrder("notes", "backup-drills-are-not-ours");
    }

    @Test
    void handler_runsDrillAfterBackupsAndReportsMetric_whenDrillOn() throws Exception {
        tableWithItems("notes", 4);
        tableWithItems("replies", 5);
        BackupConfig config = BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, "notes,replies", BackupConfig.RESTORE_DRILL, "true"))
                .withRates(RateLimits.UNLIMITED);
        BackupService service = new BackupService(dynamo, Clock.fixed(NOW, ZoneOffset.UTC), config);
        LambdaTestContext context = new LambdaTestContext(Duration.ofMinutes(5));
        ScheduledEvent event = new ScheduledEvent().withTime(new DateTime(Instant.parse("2026-11-25T03:00:00Z").toEpochMilli(), DateTimeZone.UTC));

        List<String> lines = new java.util.ArrayList<>();
        new ScheduledBackupHandler(service, drill(dynamo), null, lines::add).invoke(event, context);

        ObjectMapper json = new ObjectMapper();
        JsonNode drillReport = lines.stream().map(line -> read(json, line))
                .filter(n -> "restore-drill-report".equals(n.path("type").asText())).findFirst().orElseThrow();
        assertThat(drillReport.get("passed").asBoolean()).isTrue();
        assertThat(drillReport.get("table").asText()).isEqualTo(RestoreDrill.tableFor(Instant.parse("2026-11-25T03:00:00Z"),
                List.of("notes", "replies")).orElseThrow());
        assertThat(lines.stream().map(line -> read(json, line)))
                .anySatisfy(n -> assertThat(n.path("RestoreDrillFailed").isNumber() && !n.has("TableName")).isTrue());
        assertThat(tables()).containsExactlyInAnyOrder("notes", "replies");
    }

    @Test
    void countTolerance_allowsSlowItemCountButNotALostTable_always() {
        assertThat(RestoreDrill.countTolerance(12)).isEqualTo(10);
        assertThat(RestoreDrill.countTolerance(5_000)).isEqualTo(500);
    }

    @Test
    void tableFor_rotatesThroughTables_whenDaysPass() {
        List<String> tables = List.of("c", "a", "b");
        Instant day = Instant.parse("2026-11-25T03:00:00Z");

        List<String> picked = java.util.stream.IntStream.range(0, 6)
                .mapToObj(d -> RestoreDrill.tableFor(day.plus(Duration.ofDays(d)), tables).orElseThrow()).toList();

        assertThat(picked.subList(0, 3)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(picked.subList(3, 6)).isEqualTo(picked.subList(0, 3));
    }

    private static JsonNode read(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(line, e);
        }
    }
}
