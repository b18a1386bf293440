package dev.notesbackup.backup.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.config.ConfigException;
import dev.notesbackup.backup.config.RateLimits;
import dev.notesbackup.backup.run.BackupService;
import dev.notesbackup.testsupport.InMemoryDynamoDb;
import dev.notesbackup.testsupport.LambdaTestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateBackupRequest;

class ScheduledBackupHandlerTest {
    /** The same file works with {@code sam local invoke -e backup-service/events/scheduled-event.json}. */
    static final String EVENT = "events/scheduled-event.json";

    final InMemoryDynamoDb dynamo = new InMemoryDynamoDb().clock(() -> Instant.parse("2026-11-25T03:00:04Z"));
    final List<String> lines = new ArrayList<>();

    ScheduledBackupHandler handler(String tables) {
        BackupConfig config = BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, tables)).withRates(RateLimits.UNLIMITED);
        return new ScheduledBackupHandler(new BackupService(dynamo, Clock.fixed(Instant.parse("2026-11-25T03:00:04Z"), ZoneOffset.UTC), config),
                null, null, lines::add);
    }

    void anAccountWithTablesAndNoBackups() {
        dynamo.withTables("notes", "replies");
    }

    @Test
    void handleRequest_backsUpForEventsSlotAndLogsOneJsonReport_whenTableExists() throws Exception {
        ScheduledEvent event = EventLoader.loadScheduledEvent(EVENT);
        anAccountWithTablesAndNoBackups();
        LambdaTestContext context = new LambdaTestContext(Duration.ofMinutes(1));

        String result = handler("notes").handleRequest(event, context);

        assertThat(dynamo.requests(CreateBackupRequest.class)).singleElement()
                .extracting(CreateBackupRequest::backupName).isEqualTo("scheduled-20261125T030000Z-notes");
        assertThat(result).contains("1 tables: 1 ok");
        assertThat(lines).hasSize(1 + 2); // the report, then metrics for the table and the totals
        JsonNode report = new ObjectMapper().readTree(lines.get(0));
        assertThat(report.get("type").asText()).isEqualTo("backup-run-report");
        assertThat(report.get("slot").asText()).isEqualTo("2026-11-25T03:00:00Z");
        assertThat(report.get("tables").get(0).get("status").asText()).isEqualTo("OK");
        JsonNode tableMetrics = new ObjectMapper().readTree(lines.get(1));
        assertThat(tableMetrics.get("TableName").asText()).isEqualTo("notes");
        assertThat(tableMetrics.get("BackupsCreated").asInt()).isEqualTo(1);
        assertThat(tableMetrics.get("SecondsSinceLastBackup").asLong()).isZero();
    }

    @Test
    void handleRequest_failsInvocationAfterAllTables_whenOneFailed() throws Exception {
        ScheduledEvent event = EventLoader.loadScheduledEvent(EVENT);
        anAccountWithTablesAndNoBackups();
        // no table "gone": CreateBackup answers TableNotFoundException
        LambdaTestContext context = new LambdaTestContext(Duration.ofMinutes(1));

        assertThatThrownBy(() -> handler("notes,gone").handleRequest(event, context))
                .isInstanceOf(BackupRunFailedException.class)
                .hasMessageContaining("1 of 2 tables failed")
                .hasMessageContaining("gone (MISSING");
        JsonNode report = new ObjectMapper().readTree(lines.get(0));
        assertThat(report.get("failed").asBoolean()).isTrue();
        assertThat(report.get("totals").get("ok").asInt()).isEqualTo(1);
    }

    /** A run the deadline cut short fails, so that Lambda retries the slot, and says which tables it did not reach. */
    @Test
    void handleRequest_failsInvocation_whenDeadlineLeftTablesNotBackedUp() throws Exception {
        ScheduledEvent event = EventLoader.loadScheduledEvent(EVENT);
        anAccountWithTablesAndNoBackups();
        dynamo.beforeCall("ListBackups", r -> {
            try {
                Thread.sleep(1_500); // the look for this slot's backups outlasts the 1 s this invocation has for work
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        LambdaTestContext context = new LambdaTestContext(Duration.ofSeconds(31)); // the margin is 30 s

        assertThatThrownBy(() -> handler("notes,replies").handleRequest(event, context))
                .isInstanceOf(BackupRunFailedException.class)
                .hasMessageContaining("2 of 2 tables not reached before the deadline");
        assertThat(dynamo.requests(CreateBackupRequest.class)).isEmpty();
        JsonNode totals = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(totals.get("TablesNotReached").asInt()).isEqualTo(2);
        assertThat(totals.get("TablesWithoutBackup").asInt()).isZero();
        assertThat(totals.get("BackupsFailed").asInt()).isZero();
    }

    @Test
    void handleRequest_refusesToStart_whenTimeMarginLeavesNoTime() throws Exception {
        ScheduledEvent event = EventLoader.loadScheduledEvent(EVENT);

        assertThatThrownBy(() -> handler("notes").handleRequest(event, new LambdaTestContext(Duration.ofSeconds(10))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TIME_MARGIN_SECONDS is 30 s, so no work could start");
        assertThat(dynamo.requests()).isEmpty();
    }

    @Test
    void handleRequest_rejectsEvent_whenItHasNoTime() {
        assertThatThrownBy(() -> handler("notes").handleRequest(new ScheduledEvent(), new LambdaTestContext(Duration.ofMinutes(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no 'time'");
        assertThat(dynamo.requests()).isEmpty();
    }

    @Test
    void initialisation_failsBeforeAnyClientExists_whenConfigurationIsBad() {
        assertThatThrownBy(() -> ScheduledBackupHandler.serviceFrom(Map.of(BackupConfig.TABLES, "notes", BackupConfig.KEEP_AT_LEAST, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid KEEP_AT_LEAST='0': expected a whole number from 1 to 10000");
    }

    @Test
    void slotOf_usesEventTimeInUtc_always() throws Exception {
        assertThat(ScheduledBackupHandler.slotOf(EventLoader.loadScheduledEvent(EVENT))).isEqualTo(Instant.parse("2026-11-25T03:00:00Z"));
    }
}
