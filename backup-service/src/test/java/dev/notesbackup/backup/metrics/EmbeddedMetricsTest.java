package dev.notesbackup.backup.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.backup.run.RunReport;
import dev.notesbackup.backup.run.TableReport;
import dev.notesbackup.backup.run.TableStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedMetricsTest {
    static final Instant NOW = Instant.parse("2026-11-25T03:00:10Z");
    final ObjectMapper json = new ObjectMapper();

    static RunReport report(boolean dryRun, TableReport... tables) {
        return new RunReport(NOW, NOW, dryRun, List.of(tables), true, List.of(), Map.of(), 0, 0, Duration.ofSeconds(1));
    }

    @Test
    void forRun_writesOneLinePerTable_andTotals_inEmbeddedMetricFormat() throws Exception {
        RunReport run = report(false,
                new TableReport("notes", TableStatus.OK, "b-new", null, List.of("b-old"), 3, true, 0, NOW.minusSeconds(10), null),
                new TableReport("gone", TableStatus.MISSING, null, null, List.of(), 2, true, 0, NOW.minus(Duration.ofDays(3)), "table not found"),
                new TableReport("fresh", TableStatus.FAILED, null, null, List.of(), 0, true, 0, null, "denied"));

        List<String> lines = EmbeddedMetrics.forRun(run, NOW);

        assertThat(lines).hasSize(4);
        JsonNode notes = json.readTree(lines.get(0));
        JsonNode directive = notes.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(notes.get("_aws").get("Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(directive.get("Namespace").asText()).isEqualTo("NotesBackup");
        assertThat(directive.get("Dimensions").get(0).get(0).asText()).isEqualTo("TableName");
        assertThat(directive.get("Metrics").findValuesAsText("Name"))
                .containsExactly("BackupsCreated", "BackupsDeleted", "BackupsFailed", "SecondsSinceLastBackup");
        assertThat(notes.get("BackupsCreated").asInt()).isEqualTo(1);
        assertThat(notes.get("BackupsDeleted").asInt()).isEqualTo(1);
        assertThat(notes.get("SecondsSinceLastBackup").asLong()).isEqualTo(10);
        JsonNode gone = json.readTree(lines.get(1));
        assertThat(gone.get("BackupsFailed").asInt()).isEqualTo(1);
        assertThat(gone.get("SecondsSinceLastBackup").asLong()).isEqualTo(3 * 86_400);
        assertThat(json.readTree(lines.get(2)).has("SecondsSinceLastBackup")).isFalse();

        JsonNode totals = json.readTree(lines.get(3));
        assertThat(totals.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").get(0)).isEmpty();
        assertThat(totals.get("BackupsFailed").asInt()).isEqualTo(2);
        assertThat(totals.get("MaxSecondsSinceLastBackup").asLong()).isEqualTo(3 * 86_400);
        assertThat(totals.get("TablesWithoutBackup").asInt()).isEqualTo(1);
        assertThat(totals.get("BackupsCreated").asInt()).isEqualTo(1);
    }

    /** A table the deadline kept the run from is not reported as one that has no backup at all. */
    @Test
    void forRun_countsTablesNotReached_apartFromTablesWithoutBackup() throws Exception {
        RunReport run = report(false,
                new TableReport("late", TableStatus.NOT_REACHED, null, null, List.of(), 0, false, 0, null, null),
                new TableReport("unlisted", TableStatus.OK, "b", null, List.of(), 0, false, 0, null, null),
                new TableReport("new", TableStatus.FAILED, null, null, List.of(), 0, true, 0, null, "denied"));

        JsonNode totals = json.readTree(EmbeddedMetrics.forRun(run, NOW).get(3));

        assertThat(totals.get("TablesWithoutBackup").asInt()).isEqualTo(1);
        assertThat(totals.get("TablesNotReached").asInt()).isEqualTo(1);
        assertThat(run.mustFail()).isTrue();
    }

    @Test
    void forRun_ofAContinuation_givesItsNumber_andNoFreshnessItDidNotLookAt() throws Exception {
        TableReport deleted = new TableReport("notes", TableStatus.OK, null, null, List.of("b-old"), 0, false, 0, null, null);
        RunReport first = report(false, deleted);
        RunReport third = new RunReport(NOW, NOW, false, List.of(deleted), true, List.of(), Map.of(), 0, 0, Duration.ofSeconds(1),
                3, null, false);

        JsonNode firstTotals = json.readTree(EmbeddedMetrics.forRun(first, NOW).get(1));
        JsonNode thirdTotals = json.readTree(EmbeddedMetrics.forRun(third, NOW).get(1));

        assertThat(firstTotals.get("SlotInvocations").asInt()).isEqualTo(1);
        assertThat(firstTotals.has("MaxSecondsSinceLastBackup")).isTrue();
        assertThat(thirdTotals.get("SlotInvocations").asInt()).isEqualTo(3);
        assertThat(thirdTotals.get("BackupsDeleted").asInt()).isEqualTo(1);
        assertThat(thirdTotals.has("MaxSecondsSinceLastBackup")).isFalse();
        assertThat(thirdTotals.has("TablesWithoutBackup")).isFalse();
        assertThat(thirdTotals.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").toString())
                .contains("SlotInvocations").doesNotContain("MaxSecondsSinceLastBackup");
    }

    @Test
    void forRun_writesNothingForADryRun() {
        assertThat(EmbeddedMetrics.forRun(report(true,
                new TableReport("notes", TableStatus.OK, "b", null, List.of(), 1, true, 0, NOW, null)), NOW)).isEmpty();
    }

    @Test
    void forVault_writesStartedFailedAndTheNewestExportsAge_perTableAndInTotal() throws Exception {
        Instant done = NOW.plusSeconds(100);
        dev.notesbackup.backup.vault.export.VaultReport vault = new dev.notesbackup.backup.vault.export.VaultReport(NOW, "vault",
                "222222222222", "123456789012", List.of(
                new dev.notesbackup.backup.vault.export.VaultTableReport("notes",
                        dev.notesbackup.backup.vault.export.VaultStatus.STARTED, "e1", "m1", List.of("e1"), List.of("c0"),
                        NOW.minus(Duration.ofDays(1)), null),
                new dev.notesbackup.backup.vault.export.VaultTableReport("drafts",
                        dev.notesbackup.backup.vault.export.VaultStatus.NO_PITR, null, null, List.of(), List.of(), null, "off"),
                new dev.notesbackup.backup.vault.export.VaultTableReport("fresh",
                        dev.notesbackup.backup.vault.export.VaultStatus.STARTED, "e2", "m2", List.of("e2"), List.of(), null, null)),
                done);

        List<String> lines = EmbeddedMetrics.forVault(vault);

        assertThat(lines).hasSize(4);
        JsonNode notes = json.readTree(lines.get(0));
        assertThat(notes.get("TableName").asText()).isEqualTo("notes");
        assertThat(notes.get("VaultExportsStarted").asInt()).isEqualTo(1);
        assertThat(notes.get("VaultExportsFailed").asInt()).isZero();
        assertThat(notes.get("VaultNewestExportAgeSeconds").asLong()).isEqualTo(Duration.ofDays(1).plusSeconds(100).toSeconds());
        assertThat(notes.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").get(2).get("Unit").asText()).isEqualTo("Seconds");
        JsonNode drafts = json.readTree(lines.get(1));
        assertThat(drafts.get("VaultExportsFailed").asInt()).isEqualTo(1);
        assertThat(drafts.get("VaultNewestExportAgeSeconds").asLong()).as("none at all: the tracking window").isEqualTo(3 * 86_400);
        assertThat(json.readTree(lines.get(2)).has("VaultNewestExportAgeSeconds")).as("a first export still running: no age").isFalse();
        JsonNode totals = json.readTree(lines.get(3));
        assertThat(totals.has("TableName")).isFalse();
        assertThat(totals.get("VaultExportsStarted").asInt()).isEqualTo(2);
        assertThat(totals.get("VaultExportsFailed").asInt()).isEqualTo(1);
        assertThat(totals.get("VaultNewestExportAgeSeconds").asLong()).isEqualTo(3 * 86_400);
    }
}
