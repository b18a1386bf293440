package dev.notesbackup.backup.drill;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The drill's result as one JSON log line. */
public final class DrillReport {
    private static final JsonFactory JSON = new JsonFactory();

    private DrillReport() {
    }

    public static String toJson(RestoreDrill.Result r) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
