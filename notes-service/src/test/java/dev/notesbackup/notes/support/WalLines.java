package dev.notesbackup.notes.support;

import dev.notesbackup.notes.domain.Note;
import dev.notesbackup.notes.domain.Reply;
import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.store.Entity;
import dev.notesbackup.notes.store.ItemMapper;
import dev.notesbackup.notes.wal.WriteAheadLog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Write-ahead lines as the service writes them, for replay tests. */
public final class WalLines {
    public static final Instant AT = Instant.parse("2024-05-01T10:15:30.123Z");

    private WalLines() {
    }

    public static String note(String table, String id, String text) {
        return line(Entity.NOTE, table, ItemMapper.toItem(new Note(id, text, "ann", AT)));
    }

    /** A note line written at {@code at} (its item created then too). */
    public static String noteAt(String table, String id, String text, Instant at) {
        List<String> lines = new ArrayList<>();
        new WriteAheadLog(lines::add, Clock.fixed(at, ZoneOffset.UTC))
                .recordPut(Entity.NOTE, table, ItemMapper.toItem(new Note(id, text, "ann", at)), "req-1");
        return lines.get(0);
    }

    public static String reply(String table, String noteId, String id, String text) {
        return line(Entity.REPLY, table, ItemMapper.toItem(new Reply(noteId, id, text, null, AT)));
    }

    private static String line(Entity entity, String table, Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        List<String> lines = new ArrayList<>();
        new WriteAheadLog(lines::add, Clock.fixed(AT, ZoneOffset.UTC)).recordPut(entity, table, item, "req-1");
        return lines.get(0);
    }

    /** The same record as a version 1 line (before the digest existed): {@code "v":1} and no {@code sha256}. */
    public static String v1(String v2Line) {
        String v1 = v2Line.replace("\"v\":2,", "\"v\":1,").replaceFirst(",\"sha256\":\"[0-9a-f]{64}\"}$", "}");
        if (v1.contains("sha256") || !v1.contains("\"v\":1,")) {
            throw new IllegalArgumentException("not a version 2 line: " + v2Line);
        }
        return v1;
    }

    /** The line as Lambda's JSON log format wraps it: a log record whose message is the line. */
    public static String lambdaJsonRecord(String walLine) {
        return Json.write(Map.of("timestamp", "2024-05-01T10:15:30.124Z", "level", "INFO",
                "message", walLine, "requestId", "5f1c0a9e-aaaa-bbbb-cccc-000000000001"));
    }
}
