package dev.notesbackup.backup.vault.watchdog;

import dev.notesbackup.backup.json.Json;
import dev.notesbackup.backup.metrics.EmbeddedMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One check of the vault: every table's newest export and age, and what the watchdog says about it. */
public record WatchdogReport(String bucket, Instant checkedAt, Duration maxExportAge, List<TableAge> tables) {
    /** SNS allows at most 100 characters of subject. */
    static final int MAX_SUBJECT = 100;

    public WatchdogReport {
        tables = List.copyOf(tables);
    }

    public List<TableAge> stale() {
        return tables.stream().filter(TableAge::stale).toList();
    }

    /** The age of the oldest newest export among the tables that have one. */
    public Optional<Duration> oldestExport() {
        return tables.stream().flatMap(t -> t.age().stream()).max(Duration::compareTo);
    }

    public String subject() {
        int count = stale().size();
        String subject = "notes-backup vault: " + count + (count == 1 ? " table has" : " tables have") + " no export newer than "
                + maxExportAge.toHours() + " h";
        return subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT);
    }

    /** The notification: every stale table with its newest export's time and age, and what to look at. */
    public String message() {
        StringBuilder text = new StringBuilder("The vault bucket ").append(bucket).append(" was checked at ").append(checkedAt)
                .append(". These tables have no completed export newer than ").append(maxExportAge.toHours()).append(" hours:\n\n");
        for (TableAge table : stale()) {
            text.append("  ").append(table.table()).append(": ").append(table.newestExport()
                    .map(time -> "newest completed export " + time + ", " + hours(table.age().orElseThrow()) + " old")
                    .orElse("no completed export in the vault")).append('\n');
        }
        text.append("\nThe backup stack of the table's account may be deleted, disabled or failing (see its alarms and")
                .append(" run reports), or the table may lack point-in-time recovery. Until a new export arrives,")
                .append(" the vault holds only the exports listed above.\n");
        return text.toString();
    }

    /** The report as one JSON line for the log. */
    public String toJson() {
        return Json.line(json -> {
            json.writeStartObject();
            json.writeStringField("type", "vault-watchdog-report");
            json.writeStringField("bucket", bucket);
            json.writeStringField("checkedAt", checkedAt.toString());
            json.writeNumberField("maxExportAgeHours", maxExportAge.toHours());
            json.writeNumberField("staleTables", stale().size());
            json.writeArrayFieldStart("tables");
            for (TableAge table : tables) {
                json.writeStartObject();
                json.writeStringField("table", table.table().toString());
                json.writeStringField("newestExport", table.newestExport().map(Instant::toString).orElse(null));
                if (table.age().isPresent()) {
                    json.writeNumberField("ageSeconds", table.age().get().toSeconds());
                }
                json.writeBooleanField("stale", table.stale());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    public String metricLine() {
        return EmbeddedMetrics.forVaultWatchdog(stale().size(), oldestExport(), checkedAt);
    }

    private static String hours(Duration age) {
        long minutes = age.toMinutes();
        return minutes < 120 ? minutes + " min" : (minutes / 60) + " h";
    }
}
