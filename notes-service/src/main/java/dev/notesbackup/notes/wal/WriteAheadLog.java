package dev.notesbackup.notes.wal;

import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.store.AttributeValues;
import dev.notesbackup.notes.store.Entity;
import dev.notesbackup.notes.store.InsertLog;
import dev.notesbackup.notes.store.ItemMapper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The write-ahead log: one JSON line per insert, written before the insert is attempted. The shape
 * (version 2) is documented in notes-service/WAL.md:
 * <pre>{"type":"notes-wal","v":2,"event":"put","entity":"note","table":"...","key":{...},"item":{...},"at":"...","requestId":"...","sha256":"..."}</pre>
 * where {@code sha256} is the {@link WalDigest} of entity, table, key, item, at and requestId.
 */
public final class WriteAheadLog implements InsertLog {
    public static final String TYPE = "notes-wal";
    /** The version this service writes. */
    public static final int VERSION = 2;
    /** The first version: no digest; replay still reads it. */
    public static final int VERSION_1 = 1;
    public static final String EVENT_PUT = "put";

    private final WalSink sink;
    private final Clock clock;

    public WriteAheadLog(WalSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** Writes the line announcing that {@code item} is about to be put into {@code table}. */
    @Override
    public void recordPut(Entity entity, String table, Map<String, AttributeValue> item, String requestId) {
        sink.write(line(entity, table, item, requestId));
    }

    String line(Entity entity, String table, Map<String, AttributeValue> item, String requestId) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (String name : entity.keyAttributes()) {
            AttributeValue value = item.get(name);
            if (value == null) {
                throw new IllegalArgumentException("item has no key attribute '" + name + "'");
            }
            key.put(name, AttributeValues.toPlain(value));
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", TYPE);
        line.put("v", VERSION);
        line.put("event", EVENT_PUT);
        line.put("entity", entity.wireName());
        line.put("table", table);
        line.put("key", key);
        Map<String, Object> plainItem = AttributeValues.toPlain(item);
        String at = ItemMapper.formatTime(clock.instant());
        line.put("item", plainItem);
        line.put("at", at);
        line.put("requestId", requestId);
        line.put(WalDigest.ALGORITHM_FIELD, WalDigest.of(entity.wireName(), table, key, plainItem, at, requestId));
        return Json.write(line);
    }
}
