package dev.notesbackup.backup.vault.export;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.notesbackup.backup.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/** The vault export of one run: one entry per table, logged as one JSON line beside the backup run's report. */
public record VaultReport(Instant slot, String bucket, String bucketOwner, String prefix, List<VaultTableReport> tables,
                          Instant finishedAt) {

    public VaultReport {
        tables = List.copyOf(tables);
    }

    public List<VaultTableReport> failures() {
        return tables.stream().filter(t -> t.status().isFailure()).toList();
    }

    public int count(VaultStatus status) {
        return (int) tables.stream().filter(t -> t.status() == status).count();
    }

    /** True when the invocation must fail, as for a table whose backup failed: Lambda retries the slot, which starts no second export. */
    public boolean mustFail() {
        return !failures().isEmpty() || count(VaultStatus.NOT_REACHED) > 0;
    }

    /**
     * How old the table's newest completed export is at {@code finishedAt}; empty when the run
     * cannot tell (not reached, or none completed yet while one is running: a first export). A
     * table with neither counts as old as the tracking window, a lower bound.
     */
    public static OptionalLong newestExportAgeSeconds(VaultTableReport table, Instant now) {
        if (table.newestCompleted() != null) {
            return OptionalLong.of(Math.max(0, Duration.between(table.newestCompleted(), now).toSeconds()));
        }
        if (table.status() == VaultStatus.NOT_REACHED || !table.inProgress().isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ExportDecisions.TRACKING_WINDOW.toSeconds());
    }

    /** The oldest of the tables' newest completed exports, the number the alarm watches. */
    public OptionalLong maxNewestExportAgeSeconds() {
        return tables.stream().map(t -> newestExportAgeSeconds(t, finishedAt)).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).max();
    }

    public String summary() {
        return String.format("vault: %d tables: %d started, %d already started, %d failed (%d without point-in-time recovery),"
                        + " %d missing, %d not reached", tables.size(), count(VaultStatus.STARTED), count(VaultStatus.ALREADY_STARTED),
                failures().size(), count(VaultStatus.NO_PITR), count(VaultStatus.MISSING), count(VaultStatus.NOT_REACHED));
    }

    public String toJson() {
        return Json.line(this::writeJson);
    }

    private void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "vault-export-report");
        json.writeStringField("slot", slot.toString());
        json.writeStringField("bucket", bucket);
        json.writeStringField("bucketOwner", bucketOwner);
        json.writeStringField("prefix", prefix);
        json.writeBooleanField("failed", mustFail());
        json.writeObjectFieldStart("totals");
        json.writeNumberField("tables", tables.size());
        for (VaultStatus status : VaultStatus.values()) {
            json.writeNumberField(status.name().toLowerCase(), count(status));
        }
        json.writeNumberField("inProgress", tables.stream().mapToInt(t -> t.inProgress().size()).sum());
        json.writeNumberField("completionsWritten", tables.stream().mapToInt(t -> t.completions().size()).sum());
        OptionalLong age = maxNewestExportAgeSeconds();
        if (age.isPresent()) {
            json.writeNumberField("maxNewestExportAgeSeconds", age.getAsLong());
        } else {
            json.writeNullField("maxNewestExportAgeSeconds");
        }
        json.writeEndObject();
        json.writeArrayFieldStart("tables");
        for (VaultTableReport t : tables) {
            json.writeStartObject();
            json.writeStringField("table", t.table());
            json.writeStringField("status", t.status().name());
            json.writeStringField("exportArn", t.exportArn());
            json.writeStringField("manifestKey", t.manifestKey());
            json.writeArrayFieldStart("inProgress");
            for (String arn : t.inProgress()) {
                json.writeString(arn);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("completions");
            for (String key : t.completions()) {
                json.writeString(key);
            }
            json.writeEndArray();
            json.writeStringField("newestCompletedExportTime", t.newestCompleted() == null ? null : t.newestCompleted().toString());
            json.writeStringField("error", t.error());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
