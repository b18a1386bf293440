package dev.notesbackup.backup.run;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.notesbackup.backup.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The result of one run: one entry per table, plus what the run as a whole met.
 *
 * @param invocation which invocation of the slot this was: 1 for the scheduled one, 2 and on for continuations
 * @param leftWork   what the time budget left undone, to hand on to a continuation, or null if nothing
 * @param continued  true once a continuation with {@code leftWork} was started
 */
public record RunReport(
        Instant slot,
        Instant startedAt,
        boolean dryRun,
        List<TableReport> tables,
        boolean listingComplete,
        List<String> warnings,
        Map<String, Long> apiCalls,
        long retries,
        long throttles,
        Duration duration,
        int invocation,
        Continuation leftWork,
        boolean continued) {

    public RunReport {
        tables = List.copyOf(tables);
        warnings = List.copyOf(warnings);
        apiCalls = Map.copyOf(apiCalls);
        if (continued && leftWork == null) {
            throw new IllegalArgumentException("a run with no work left has nothing to continue");
        }
    }

    /** A slot's scheduled invocation that hands nothing on. */
    public RunReport(Instant slot, Instant startedAt, boolean dryRun, List<TableReport> tables, boolean listingComplete,
                     List<String> warnings, Map<String, Long> apiCalls, long retries, long throttles, Duration duration) {
        this(slot, startedAt, dryRun, tables, listingComplete, warnings, apiCalls, retries, throttles, duration, 1, null, false);
    }

    /**
     * This report once {@code next} (its left work, and what else the invocation left) was handed to a
     * continuation, or could not be: {@code warning} says why.
     */
    public RunReport continuedBy(Continuation next, boolean started, String warning) {
        List<String> all = new java.util.ArrayList<>(warnings);
        if (warning != null) {
            all.add(warning);
        }
        return new RunReport(slot, startedAt, dryRun, tables, listingComplete, all, apiCalls, retries, throttles, duration,
                invocation, next, started);
    }

    public List<TableReport> failures() {
        return tables.stream().filter(t -> t.status().isFailure()).toList();
    }

    public boolean failed() {
        return !failures().isEmpty();
    }

    /** Tables the time budget kept this run from backing up: this slot has no backup of them yet. */
    public List<TableReport> notReached() {
        return tables.stream().filter(t -> t.status() == TableStatus.NOT_REACHED).toList();
    }

    /**
     * True when the invocation must fail: a table failed or is missing, or was not reached before
     * the deadline and no continuation took it over. Failing lets Lambda retry the slot (which is
     * idempotent) and the alarms see it.
     */
    public boolean mustFail() {
        return failed() || !notReached().isEmpty() && !continued;
    }

    /** True when the time budget left tables or deletions for the next run. */
    public boolean workLeft() {
        return !listingComplete || tables.stream().anyMatch(t -> t.status() == TableStatus.NOT_REACHED || t.deletesLeft() > 0);
    }

    public int count(TableStatus status) {
        return (int) tables.stream().filter(t -> t.status() == status).count();
    }

    public int createdCount() {
        return (int) tables.stream().filter(t -> t.created() != null).count();
    }

    public int skippedCount() {
        return (int) tables.stream().filter(t -> t.skipped() != null).count();
    }

    public int deletedCount() {
        return tables.stream().mapToInt(t -> t.deleted().size()).sum();
    }

    public int keptCount() {
        return tables.stream().mapToInt(TableReport::kept).sum();
    }

    public int deletesLeftCount() {
        return tables.stream().mapToInt(TableReport::deletesLeft).sum();
    }

    /** One line of the counts, for the invocation's result and for humans. */
    public String summary() {
        return String.format("%s%d tables: %d ok, %d failed, %d missing, %d not reached; backups %s %d, skipped %d, %s %d, kept %d%s",
                dryRun ? "DRY RUN: " : "",
                tables.size(), count(TableStatus.OK), count(TableStatus.FAILED), count(TableStatus.MISSING),
                count(TableStatus.NOT_REACHED),
                dryRun ? "would create" : "created", createdCount(), skippedCount(),
                dryRun ? "would delete" : "deleted", deletedCount(), keptCount(),
                workLeft() ? "; work left for the next run: " + deletesLeftCount() + " deletions"
                        + (listingComplete ? "" : ", listing incomplete") : "")
                + (invocation > 1 ? "; invocation " + invocation + " of the slot" : "")
                + (continued ? "; continued in invocation " + leftWork.invocation() : "");
    }

    /** The whole report as one JSON object on one line, for the function's log. */
    public String toJson() {
        return Json.line(this::writeJson);
    }

    private void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "backup-run-report");
        json.writeStringField("slot", slot.toString());
        json.writeStringField("startedAt", startedAt.toString());
        json.writeBooleanField("dryRun", dryRun);
        json.writeBooleanField("failed", failed());
        json.writeBooleanField("workLeft", workLeft());
        json.writeBooleanField("listingComplete", listingComplete);
        json.writeNumberField("invocation", invocation);
        json.writeBooleanField("continued", continued);
        json.writeNumberField("durationMs", duration.toMillis());
        json.writeObjectFieldStart("totals");
        json.writeNumberField("tables", tables.size());
        for (TableStatus status : TableStatus.values()) {
            json.writeNumberField(status.name().toLowerCase(), count(status));
        }
        json.writeNumberField("created", createdCount());
        json.writeNumberField("skipped", skippedCount());
        json.writeNumberField("deleted", deletedCount());
        json.writeNumberField("kept", keptCount());
        json.writeNumberField("deletesLeft", deletesLeftCount());
        json.writeEndObject();
        json.writeObjectFieldStart("apiCalls");
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(apiCalls).entrySet()) {
            json.writeNumberField(e.getKey(), e.getValue());
        }
        json.writeEndObject();
        json.writeNumberField("retries", retries);
        json.writeNumberField("throttles", throttles);
        json.writeArrayFieldStart("warnings");
        for (String warning : warnings) {
            json.writeString(warning);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("tables");
        for (TableReport t : tables) {
            json.writeStartObject();
            json.writeStringField("table", t.table());
            json.writeStringField("status", t.status().name());
            json.writeStringField("created", t.created());
            json.writeStringField("skipped", t.skipped());
            json.writeArrayFieldStart("deleted");
            for (String name : t.deleted()) {
                json.writeString(name);
            }
            json.writeEndArray();
            json.writeNumberField("kept", t.kept());
            json.writeBooleanField("listed", t.listed());
            json.writeNumberField("deletesLeft", t.deletesLeft());
            json.writeStringField("lastBackup", t.lastBackup() == null ? null : t.lastBackup().toString());
            json.writeStringField("error", t.error());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
