package dev.notesbackup.notes.repair;

import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.store.AttributeValues;
import dev.notesbackup.notes.store.Entity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The diff of the live tables against a copy: scanned, compared, and printed as text or as JSON. */
public record DiffReport(NotesTables live, NotesTables copy, NotesDiff diff) {

    /** Scans the four tables and compares each live table with its copy. */
    public static DiffReport of(DynamoDbClient db, NotesTables live, NotesTables copy, Consumer<String> progress) {
        List<Difference> differences = new ArrayList<>();
        for (Entity entity : Entity.values()) {
            differences.addAll(NotesDiff.compare(entity, TableScan.items(db, copy.table(entity), progress),
                    TableScan.items(db, live.table(entity), progress)));
        }
        return new DiffReport(live, copy, new NotesDiff(differences));
    }

    /** A summary line, then one line per item: {@code changed note:<id> (text)}, {@code deleted ...}, {@code added ...}. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("diff: live " + live + " against the copy " + copy + ": " + diff.counts());
        for (Difference d : diff.differences()) {
            lines.add(d.kind().word() + " " + d.key().ref()
                    + (d.kind() == Difference.Kind.CHANGED ? " (" + String.join(", ", d.changedAttributes()) + ")" : ""));
        }
        return lines;
    }

    /**
     * The same as one JSON object: the tables, the counts, and per kind the items' key names (what
     * {@code repair --key} takes), entities, live tables, key attributes and the attributes that differ.
     */
    public String json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("live", names(live));
        out.put("copy", names(copy));
        Map<String, Object> counts = new LinkedHashMap<>();
        for (Difference.Kind kind : Difference.Kind.values()) {
            counts.put(kind.word(), diff.of(kind).size());
        }
        out.put("counts", counts);
        for (Difference.Kind kind : Difference.Kind.values()) {
            List<Object> entries = new ArrayList<>();
            for (Difference d : diff.of(kind)) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("key", d.key().ref());
                entry.put("entity", d.key().entity().wireName());
                entry.put("table", live.table(d.key().entity()));
                entry.put("keyAttributes", AttributeValues.toPlain(d.key().attributes()));
                entry.put("attributes", List.copyOf(d.changedAttributes()));
                entries.add(entry);
            }
            out.put(kind.word(), entries);
        }
        return Json.write(out);
    }

    private static Map<String, Object> names(NotesTables tables) {
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("notes", tables.notes());
        names.put("replies", tables.replies());
        return names;
    }
}
