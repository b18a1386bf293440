package dev.notesbackup.backup.metrics;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.notesbackup.backup.json.Json;
import dev.notesbackup.backup.run.RunReport;
import dev.notesbackup.backup.run.TableReport;
import dev.notesbackup.backup.run.TableStatus;
import dev.notesbackup.backup.vault.export.VaultReport;
import dev.notesbackup.backup.vault.export.VaultStatus;
import dev.notesbackup.backup.vault.export.VaultTableReport;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CloudWatch embedded metric format: log lines that CloudWatch turns into metrics, with no API
 * call and no extra permission. One line per table (dimension {@code TableName}) and one line of
 * totals without dimensions, which the backup stack's alarms watch.
 */
public final class EmbeddedMetrics {
    public static final String NAMESPACE = "NotesBackup";
    public static final String CREATED = "BackupsCreated";
    public static final String DELETED = "BackupsDeleted";
    public static final String FAILED = "BackupsFailed";
    public static final String SECONDS_SINCE_LAST = "SecondsSinceLastBackup";
    public static final String MAX_SECONDS_SINCE_LAST = "MaxSecondsSinceLastBackup";
    public static final String TABLES_WITHOUT_BACKUP = "TablesWithoutBackup";
    public static final String TABLES_NOT_REACHED = "TablesNotReached";
    /** Which invocation of its slot a run was (1, then 2 and on for continuations): the slot's Maximum is how many it took. */
    public static final String SLOT_INVOCATIONS = "SlotInvocations";
    public static final String MISSING_PROTECTIONS = "MissingProtections";
    public static final String RESTORE_DRILL_FAILED = "RestoreDrillFailed";
    public static final String VAULT_EXPORTS_STARTED = "VaultExportsStarted";
    public static final String VAULT_EXPORTS_FAILED = "VaultExportsFailed";
    public static final String VAULT_NEWEST_EXPORT_AGE = "VaultNewestExportAgeSeconds";
    /** The vault watchdog's: tables whose newest export is too old or missing, and the oldest newest export's age. */
    public static final String VAULT_STALE_TABLES = "VaultStaleTables";
    public static final String VAULT_OLDEST_EXPORT_SECONDS = "VaultOldestExportSeconds";

    private EmbeddedMetrics() {
    }

    /** The metric lines for one run; none for a dry run, which changed nothing. */
    public static List<String> forRun(RunReport report, Instant now) {
        if (report.dryRun()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        long maxSeconds = 0;
        int withoutBackup = 0;
        for (TableReport table : report.tables()) {
            Map<String, Number> values = new LinkedHashMap<>();
            values.put(CREATED, table.created() == null ? 0 : 1);
            values.put(DELETED, table.deleted().size());
            values.put(FAILED, table.status().isFailure() ? 1 : 0);
            if (table.lastBackup() != null) {
                long seconds = Math.max(0, Duration.between(table.lastBackup(), now).toSeconds());
                values.put(SECONDS_SINCE_LAST, seconds);
                maxSeconds = Math.max(maxSeconds, seconds);
            } else if (table.status() != TableStatus.NOT_REACHED && (table.listed() || table.status() == TableStatus.MISSING)) {
                withoutBackup++; // known to have none: not just a table the run did not get to, or did not list to the end
            }
            lines.add(line(now, Map.of("TableName", table.table()), values));
        }
        Map<String, Number> totals = new LinkedHashMap<>();
        totals.put(CREATED, report.createdCount());
        totals.put(DELETED, report.deletedCount());
        totals.put(FAILED, report.failures().size());
        totals.put(MAX_SECONDS_SINCE_LAST, maxSeconds);
        totals.put(TABLES_WITHOUT_BACKUP, withoutBackup);
        totals.put(TABLES_NOT_REACHED, report.notReached().size());
        totals.put(SLOT_INVOCATIONS, report.invocation());
        lines.add(line(now, Map.of(), totals));
        return lines;
    }

    /**
     * The vault export's lines: per table and in total, exports started and failed (no point-in-time
     * recovery counts as failed), and the age of the newest completed export (in total the oldest
     * of them; left out where the run cannot tell, see {@link VaultReport#newestExportAgeSeconds}).
     */
    public static List<String> forVault(VaultReport report) {
        Instant now = report.finishedAt();
        List<String> lines = new ArrayList<>();
        for (VaultTableReport table : report.tables()) {
            Map<String, Number> values = new LinkedHashMap<>();
            values.put(VAULT_EXPORTS_STARTED, table.status() == VaultStatus.STARTED ? 1 : 0);
            values.put(VAULT_EXPORTS_FAILED, table.status().isFailure() ? 1 : 0);
            VaultReport.newestExportAgeSeconds(table, now).ifPresent(age -> values.put(VAULT_NEWEST_EXPORT_AGE, age));
            lines.add(line(now, Map.of("TableName", table.table()), values));
        }
        Map<String, Number> totals = new LinkedHashMap<>();
        totals.put(VAULT_EXPORTS_STARTED, report.count(VaultStatus.STARTED));
        totals.put(VAULT_EXPORTS_FAILED, report.failures().size());
        report.maxNewestExportAgeSeconds().ifPresent(age -> totals.put(VAULT_NEWEST_EXPORT_AGE, age));
        lines.add(line(now, Map.of(), totals));
        return lines;
    }

    /** The restore drill's outcome, for its table and in total (the alarm watches the total). */
    public static List<String> forRestoreDrill(String table, boolean passed, Instant now) {
        int failed = passed ? 0 : 1;
        return List.of(line(now, Map.of("TableName", table), Map.of(RESTORE_DRILL_FAILED, failed)),
                line(now, Map.of(), Map.of(RESTORE_DRILL_FAILED, failed)));
    }

    /** A line of missing protections per table (audit option), and their total. */
    public static List<String> forMissingProtections(Map<String, Integer> missingByTable, Instant now) {
        List<String> lines = new ArrayList<>();
        missingByTable.forEach((table, missing) -> lines.add(line(now, Map.of("TableName", table), Map.of(MISSING_PROTECTIONS, missing))));
        lines.add(line(now, Map.of(), Map.of(MISSING_PROTECTIONS, missingByTable.values().stream().mapToInt(Integer::intValue).sum())));
        return lines;
    }

    /**
     * The vault watchdog's line (no dimensions; the vault stack alarms on the stale count, and on its
     * absence). The age is left out when no table has an export at all.
     */
    public static String forVaultWatchdog(int staleTables, Optional<Duration> oldestExport, Instant now) {
        Map<String, Number> values = new LinkedHashMap<>();
        values.put(VAULT_STALE_TABLES, staleTables);
        oldestExport.ifPresent(age -> values.put(VAULT_OLDEST_EXPORT_SECONDS, age.toSeconds()));
        return line(now, Map.of(), values);
    }

    static String line(Instant now, Map<String, String> dimensions, Map<String, Number> values) {
        return Json.line(json -> write(json, now, dimensions, values));
    }

    private static void write(JsonGenerator json, Instant now, Map<String, String> dimensions, Map<String, Number> values)
            throws IOException {
        json.writeStartObject();
        json.writeObjectFieldStart("_aws");
        json.writeNumberField("Timestamp", now.toEpochMilli());
        json.writeArrayFieldStart("CloudWatchMetrics");
        json.writeStartObject();
        json.writeStringField("Namespace", NAMESPACE);
        json.writeArrayFieldStart("Dimensions");
        json.writeStartArray();
        for (String dimension : dimensions.keySet()) {
            json.writeString(dimension);
        }
        json.writeEndArray();
        json.writeEndArray();
        json.writeArrayFieldStart("Metrics");
        for (String metric : values.keySet()) {
            json.writeStartObject();
            json.writeStringField("Name", metric);
            json.writeStringField("Unit", metric.contains("Seconds") ? "Seconds" : "Count");
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndArray();
        json.writeEndObject();
        for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
            json.writeStringField(dimension.getKey(), dimension.getValue());
        }
        for (Map.Entry<String, Number> value : values.entrySet()) {
            json.writeNumberField(value.getKey(), value.getValue().longValue());
        }
        json.writeEndObject();
    }
}
