package dev.notesbackup.backup.drill;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.notesbackup.backup.json.Json;
import java.io.IOException;

/** The drill's result as one JSON log line. */
public final class DrillReport {

    private DrillReport() {
    }

    public static String toJson(RestoreDrill.Result r) {
        return Json.line(json -> write(json, r));
    }

    private static void write(JsonGenerator json, RestoreDrill.Result r) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "restore-drill-report");
        json.writeStringField("table", r.table());
        json.writeStringField("backup", r.backupName());
        json.writeStringField("scratchTable", r.scratchTable());
        json.writeBooleanField("passed", r.passed());
        json.writeNumberField("expectedItems", r.expectedItems());
        json.writeNumberField("restoredItems", r.restoredItems());
        json.writeNumberField("sampledItems", r.sampled());
        json.writeStringField("failure", r.failure());
        json.writeNumberField("durationMs", r.took().toMillis());
        json.writeArrayFieldStart("leftoversDeleted");
        for (String name : r.cleanedUp()) {
            json.writeString(name);
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
