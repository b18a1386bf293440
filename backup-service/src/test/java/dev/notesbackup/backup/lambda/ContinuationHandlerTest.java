package dev.notesbackup.backup.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.config.RateLimits;
import dev.notesbackup.backup.policy.BackupNames;
import dev.notesbackup.backup.run.BackupService;
import dev.notesbackup.backup.run.Continuation;
import dev.notesbackup.backup.run.RunReport;
import dev.notesbackup.backup.vault.export.VaultExportService;
import dev.notesbackup.backup.vault.export.VaultReport;
import dev.notesbackup.backup.vault.export.VaultStatus;
import dev.notesbackup.backup.vault.export.VaultTableReport;
import dev.notesbackup.testsupport.InMemoryDynamoDb;
import dev.notesbackup.testsupport.LambdaTestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handler hands what its budget left to a new invocation of itself, through the event the runtime gives that one. */
class ContinuationHandlerTest {
    static final Instant NOW = Instant.parse("2026-11-25T03:00:04Z");
    static final Instant SLOT = Instant.parse("2026-11-25T03:00:00Z");
    /** What {@link LambdaTestContext} gives as the invoked function. */
    static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:backup";
    static final List<String> TABLES = IntStream.rangeClosed(1, 8).mapToObj(i -> "table-" + i).toList();

    final InMemoryDynamoDb dynamo = new InMemoryDynamoDb().clock(() -> NOW);
    final List<String> lines = new ArrayList<>();
    final List<String[]> started = new ArrayList<>();
    @TempDir
    Path dir;

    ContinuationHandlerTest() {
        dynamo.withTables(TABLES.toArray(String[]::new));
        for (String table : TABLES) { // retention 7 and keep 2, 4 s after the slot: days 7 to 10 go, 32 deletions in all
            for (int d = 10; d >= 1; d--) {
                Instant slot = SLOT.minus(Duration.ofDays(d));
                dynamo.addBackup(table, BackupNames.forSlot("scheduled", table, slot), slot.plusSeconds(3));
            }
        }
        // each deletion takes 250 ms, so that 1 s of budget leaves most of them
        dynamo.beforeCall("DeleteBackup", r -> {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    ScheduledBackupHandler handler(int maxInvocations, SelfInvocation continuation) {
        BackupConfig config = BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, String.join(",", TABLES),
                        BackupConfig.RETENTION_DAYS, "7", BackupConfig.KEEP_AT_LEAST, "2", BackupConfig.TIME_MARGIN_SECONDS, "20",
                        BackupConfig.MAX_INVOCATIONS, String.valueOf(maxInvocations)))
                .withRates(RateLimits.UNLIMITED);
        return new ScheduledBackupHandler(new BackupService(dynamo, Clock.fixed(NOW, ZoneOffset.UTC), config),
                null, null, null, continuation, lines::add);
    }

    /** 1 s of work: 21 s left, less the 20 s margin. */
    static LambdaTestContext shortInvocation() {
        return new LambdaTestContext(Duration.ofSeconds(21));
    }

    /** The event as the Lambda Java runtime hands it to the handler (aws-lambda-java-serialization, via EventLoader). */
    ScheduledEvent asTheRuntimeDelivers(String payload) throws IOException {
        Path file = Files.writeString(dir.resolve("continuation-" + started.size() + ".json"), payload, StandardCharsets.UTF_8);
        return EventLoader.loadScheduledEvent(file.toString());
    }

    JsonNode reportLine(int nth) throws IOException {
        return new ObjectMapper().readTree(lines.stream().filter(l -> l.contains("\"backup-run-report\"")).toList().get(nth));
    }

    @Test
    void workLeftByTheBudget_continuesInANewInvocation_untilTheSlotIsDone() throws Exception {
        ScheduledBackupHandler handler = handler(4, (arn, payload) -> started.add(new String[] {arn, payload}));
        ScheduledEvent scheduled = EventLoader.loadScheduledEvent(ScheduledBackupHandlerTest.EVENT);

        RunReport first = handler.invoke(scheduled, shortInvocation());

        assertThat(first.continued()).isTrue();
        assertThat(started).hasSize(1);
        assertThat(started.get(0)[0]).isEqualTo(FUNCTION);
        ScheduledEvent event = asTheRuntimeDelivers(started.get(0)[1]);
        assertThat(event.getTime().getMillis()).isEqualTo(SLOT.toEpochMilli());
        assertThat(event.getDetailType()).isEqualTo(ContinuationEvent.DETAIL_TYPE);
        assertThat(ContinuationEvent.carried(event)).contains(first.leftWork());
        assertThat(reportLine(0).get("invocation").asInt()).isEqualTo(1);
        assertThat(reportLine(0).get("continued").asBoolean()).isTrue();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"SlotInvocations\":1"));

        int invocations = 1;
        RunReport last = first;
        while (last.continued()) {
            ScheduledEvent next = asTheRuntimeDelivers(started.get(started.size() - 1)[1]);
            last = handler.invoke(next, invocations < 2 ? shortInvocation()
                    : new LambdaTestContext(Duration.ofMinutes(5)));
            invocations++;
            assertThat(last.invocation()).isEqualTo(invocations);
        }

        assertThat(invocations).isEqualTo(3);
        assertThat(last.workLeft()).isFalse();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"SlotInvocations\":3"));
        TABLES.forEach(t -> assertThat(dynamo.backupsOf(t)).as(t).hasSize(7));
        assertThat(dynamo.calls("DeleteBackup")).isEqualTo(32);
        assertThat(dynamo.calls("CreateBackup")).isEqualTo(TABLES.size());
    }

    @Test
    void theLastInvocationTheSlotMayHave_startsNoOther_andSaysWhatWaits() throws Exception {
        ScheduledBackupHandler handler = handler(1, (arn, payload) -> started.add(new String[] {arn, payload}));

        RunReport first = handler.invoke(EventLoader.loadScheduledEvent(ScheduledBackupHandlerTest.EVENT), shortInvocation());

        assertThat(started).isEmpty();
        assertThat(first.continued()).isFalse();
        assertThat(first.workLeft()).isTrue();
        assertThat(first.warnings()).anySatisfy(w -> assertThat(w).contains("BACKUP_MAX_INVOCATIONS=1")
                .contains(first.leftWork().deletionCount() + " deletions").contains("wait for the next slot"));
    }

    @Test
    void aContinuationLambdaRefuses_isAWarning_andTheWorkWaits() throws Exception {
        ScheduledBackupHandler handler = handler(4, (arn, payload) -> {
            throw new IllegalStateException("Rate Exceeded.");
        });

        RunReport first = handler.invoke(EventLoader.loadScheduledEvent(ScheduledBackupHandlerTest.EVENT), shortInvocation());

        assertThat(first.continued()).isFalse();
        assertThat(first.warnings()).anySatisfy(w -> assertThat(w).contains("could not start invocation 2")
                .contains("Rate Exceeded."));
    }

    @Test
    void theEvent_carriesTheContinuationExactly_withinLambdasLimit() {
        String prefix = "arn:aws:dynamodb:eu-west-1:123456789012:table/";
        Map<String, List<String>> deletions = new java.util.LinkedHashMap<>();
        for (int t = 0; t < 12_000; t++) {
            String table = "orders-" + "x".repeat(40) + t;
            deletions.put(table, List.of(prefix + table + "/backup/01764558003000-" + String.format("%08x", t),
                    prefix + table + "/backup/01764471603000-" + String.format("%08x", t + 1)));
        }
        Continuation big = new Continuation(2, deletions, Map.of("not-yet", List.of("arn:aws:dynamodb:eu-west-1:123456789012:table/not-yet/backup/01764471603000-abcdef12")), true);

        ContinuationEvent.Payload payload = ContinuationEvent.of(SLOT, big, null);

        assertThat(payload.json().getBytes(StandardCharsets.UTF_8).length).isLessThan(1024 * 1024);
        assertThat(payload.leftOut()).isPositive();
        Continuation read = ContinuationEvent.carried(event(payload.json())).orElseThrow();
        assertThat(read.deletionCount() + payload.leftOut()).isEqualTo(big.deletionCount());
        read.deletions().forEach((table, arns) -> assertThat(big.deletions().get(table)).startsWith(arns.toArray(String[]::new)));
        assertThat(read.toBackUp()).isEqualTo(big.toBackUp());

        Continuation small = new Continuation(3, Map.of("a", List.of(prefix + "a/backup/1-2")),
                Map.of("b", List.of(), "c", List.of("arn:aws:dynamodb:us-east-1:999999999999:table/c/backup/3-4")), false);
        assertThat(ContinuationEvent.carried(event(ContinuationEvent.of(SLOT, small, null).json()))).contains(small);
    }

    @Test
    void vaultExportsTheBudgetDidNotReach_areHandedOn_andFailTheSlotOnlyWhenNoInvocationIsLeft() throws Exception {
        VaultExportService vault = org.mockito.Mockito.mock(VaultExportService.class);
        List<List<String>> asked = new ArrayList<>();
        // the first export run reaches table-1 only; later ones reach everything they are given
        org.mockito.Mockito.when(vault.run(org.mockito.ArgumentMatchers.eq(SLOT), org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.anyList(), org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any()))
                .thenAnswer(call -> {
                    List<String> tables = call.getArgument(2);
                    asked.add(List.copyOf(tables));
                    return new VaultReport(SLOT, "vault", "222222222222", "123456789012", tables.stream().map(t ->
                            new VaultTableReport(t, asked.size() == 1 && !t.equals("table-1") ? VaultStatus.NOT_REACHED : VaultStatus.STARTED,
                                    null, null, List.of(), List.of(), null, null)).toList(), NOW);
                });
        ScheduledBackupHandler handler = handlerWithVault(4, vault);

        RunReport first = handler.invoke(EventLoader.loadScheduledEvent(ScheduledBackupHandlerTest.EVENT), shortInvocation());

        assertThat(first.continued()).isTrue();
        assertThat(first.leftWork().vaultTables()).containsExactlyElementsOf(TABLES.subList(1, TABLES.size()));
        int invocations = 1;
        while (!started.isEmpty()) {
            String payload = started.remove(0)[1];
            handler.invoke(asTheRuntimeDelivers(payload), new LambdaTestContext(Duration.ofMinutes(5)));
            invocations++;
        }
        assertThat(invocations).isEqualTo(2);
        assertThat(asked).containsExactly(TABLES, TABLES.subList(1, TABLES.size()));

        asked.clear();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> handlerWithVault(1, vault)
                        .invoke(EventLoader.loadScheduledEvent(ScheduledBackupHandlerTest.EVENT), shortInvocation()))
                .isInstanceOf(BackupRunFailedException.class).hasMessageContaining("vault");
    }

    ScheduledBackupHandler handlerWithVault(int maxInvocations, VaultExportService vault) {
        BackupConfig config = BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, String.join(",", TABLES),
                        BackupConfig.RETENTION_DAYS, "7", BackupConfig.KEEP_AT_LEAST, "2", BackupConfig.TIME_MARGIN_SECONDS, "20",
                        BackupConfig.MAX_INVOCATIONS, String.valueOf(maxInvocations)))
                .withRates(RateLimits.UNLIMITED);
        return new ScheduledBackupHandler(new BackupService(dynamo, Clock.fixed(NOW, ZoneOffset.UTC), config),
                null, null, vault, (arn, payload) -> started.add(new String[] {arn, payload}), lines::add);
    }

    @Test
    void aScheduledEvent_carriesNoContinuation() throws Exception {
        assertThat(ContinuationEvent.carried(EventLoader.loadScheduledEvent(ScheduledBackupHandlerTest.EVENT))).isEmpty();
    }

    private ScheduledEvent event(String json) {
        try {
            return asTheRuntimeDelivers(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
