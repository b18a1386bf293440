package dev.notesbackup.backup.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.config.ConfigException;
import dev.notesbackup.backup.config.RateLimits;
import dev.notesbackup.backup.run.BackupService;
import dev.notesbackup.testsupport.LambdaTestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.CreateBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;

class ScheduledBackupHandlerTest {
    /** The same file works with {@code sam local invoke -e backup-service/events/scheduled-event.json}. */
    static final String EVENT = "events/scheduled-event.json";

    final DynamoDbClient dynamo = mock(DynamoDbClient.class);
    final List<String> lines = new ArrayList<>();

    ScheduledBackupHandler handler(String tables) {
        BackupConfig config = BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, tables)).withRates(RateLimits.UNLIMITED);
        return new ScheduledBackupHandler(new BackupService(dynamo, Clock.fixed(Instant.parse("2026-11-25T03:00:04Z"), ZoneOffset.UTC), config),
                null, null, lines::add);
    }

    void givenAnEmptyAccountWhereCreateSucceeds() {
        when(dynamo.listBackups(any(ListBackupsRequest.class))).thenReturn(ListBackupsResponse.builder().build());
        when(dynamo.createBackup(any(CreateBackupRequest.class))).thenAnswer(i -> {
            CreateBackupRequest r = i.getArgument(0);
            return CreateBackupResponse.builder().backupDetails(BackupDetails.builder()
                    .backupArn("arn:aws:dynamodb:us-east-1:123456789012:table/" + r.tableName() + "/backup/1")
                    .backupName(r.backupName()).backupStatus("AVAILABLE").backupType("USER")
                    .backupCreationDateTime(Instant.parse("2026-11-25T03:00:04Z")).build()).build();
        });
        when(dynamo.createBackup(any(java.util.function.Consumer.class))).thenCallRealMethod();
    }

    @Test
    void handleRequest_backsUpForTheEventsSlot_andLogsTheReportAsOneJsonLine() throws Exception {
        ScheduledEvent event = EventLoader.loadScheduledEvent(EVENT);
        givenAnEmptyAccountWhereCreateSucceeds();
        LambdaTestContext context = new LambdaTestContext(Duration.ofMinutes(1));

        String result = handler("notes").handleRequest(event, context);

        ArgumentCaptor<CreateBackupRequest> created = ArgumentCaptor.forClass(CreateBackupRequest.class);
        org.mockito.Mockito.verify(dynamo).createBackup(created.capture());
        assertThat(created.getValue().backupName()).isEqualTo("scheduled-20261125T030000Z-notes");
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
    void handleRequest_failsTheInvocation_afterAllTables_whenOneFailed() throws Exception {
        ScheduledEvent event = EventLoader.loadScheduledEvent(EVENT);
        givenAnEmptyAccountWhereCreateSucceeds();
        when(dynamo.createBackup(org.mockito.ArgumentMatchers.<CreateBackupRequest>argThat(r -> r != null && r.tableName().equals("gone"))))
                .thenThrow(TableNotFoundException.builder().message("Table not found: gone").build());
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
    void handleRequest_failsTheInvocation_whenTheDeadlineLeftTablesNotBackedUp() throws Exception {
        ScheduledEvent event = EventLoader.loadScheduledEvent(EVENT);
        givenAnEmptyAccountWhereCreateSucceeds();
        when(dynamo.listBackups(any(ListBackupsRequest.class))).thenAnswer(i -> {
            Thread.sleep(1_500); // the look for this slot's backups outlasts the 1 s this invocation has for work
            return ListBackupsResponse.builder().build();
        });
        LambdaTestContext context = new LambdaTestContext(Duration.ofSeconds(31)); // the margin is 30 s

        assertThatThrownBy(() -> handler("notes,replies").handleRequest(event, context))
                .isInstanceOf(BackupRunFailedException.class)
                .hasMessageContaining("2 of 2 tables not reached before the deadline");
        org.mockito.Mockito.verify(dynamo, org.mockito.Mockito.never()).createBackup(any(CreateBackupRequest.class));
        JsonNode totals = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(totals.get("TablesNotReached").asInt()).isEqualTo(2);
        assertThat(totals.get("TablesWithoutBackup").asInt()).isZero();
        assertThat(totals.get("BackupsFailed").asInt()).isZero();
    }

    @Test
    void handleRequest_refusesToStart_whenTheTimeMarginLeavesNoTime() throws Exception {
        ScheduledEvent event = EventLoader.loadScheduledEvent(EVENT);

        assertThatThrownBy(() -> handler("notes").handleRequest(event, new LambdaTestContext(Duration.ofSeconds(10))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TIME_MARGIN_SECONDS is 30 s, so no work could start");
        org.mockito.Mockito.verifyNoInteractions(dynamo);
    }

    @Test
    void handleRequest_rejectsAnEventWithoutTime() {
        assertThatThrownBy(() -> handler("notes").handleRequest(new ScheduledEvent(), new LambdaTestContext(Duration.ofMinutes(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no 'time'");
        org.mockito.Mockito.verifyNoInteractions(dynamo);
    }

    @Test
    void initialisation_failsOnBadConfiguration_beforeAnyClientExists() {
        assertThatThrownBy(() -> ScheduledBackupHandler.serviceFrom(Map.of(BackupConfig.TABLES, "notes", BackupConfig.KEEP_AT_LEAST, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid KEEP_AT_LEAST='0': expected a whole number from 1 to 10000");
    }

    @Test
    void slotOf_usesTheEventTime_inUtc() throws Exception {
        assertThat(ScheduledBackupHandler.slotOf(EventLoader.loadScheduledEvent(EVENT))).isEqualTo(Instant.parse("2026-11-25T03:00:00Z"));
    }
}
