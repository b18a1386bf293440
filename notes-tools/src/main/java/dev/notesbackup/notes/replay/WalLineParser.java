package dev.notesbackup.notes.replay;

import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.json.JsonException;
import dev.notesbackup.notes.wal.InvalidWalRecordException;
import dev.notesbackup.notes.wal.WalRecord;
import dev.notesbackup.notes.wal.WriteAheadLog;
import java.util.Map;

/**
 * Finds the write-ahead record in one line of log output. Accepted forms:
 * <ul>
 *   <li>the record itself: {@code {"type":"notes-wal",...}}</li>
 *   <li>text before it: {@code 2024-05-01T10:00:00.000Z 1b2c... INFO {"type":"notes-wal",...}}</li>
 *   <li>a JSON log record with the record as its {@code message}, as a string (Lambda's JSON log
 *       format) or as an object; such wrappers may nest a few levels</li>
 * </ul>
 * A line that does not mention {@value WriteAheadLog#TYPE} is not a write-ahead line (Lambda's
 * START/END/REPORT lines, other application logs). One that does but cannot be read is rejected.
 */
public final class WalLineParser {
    private static final int MAX_WRAPPING = 4;

    private WalLineParser() {
    }

    public sealed interface Result permits Blank, NotWal, Record, Rejected {
    }

    public record Blank() implements Result {
    }

    public record NotWal() implements Result {
    }

    public record Record(WalRecord record) implements Result {
    }

    public record Rejected(String reason) implements Result {
    }

    /** Never throws: whatever is wrong with one unit is that unit's rejection, and the replay goes on. */
    public static Result parse(InputUnit unit) {
        if (unit.problem() != null) {
            return new Rejected(unit.problem());
        }
        try {
            return parse(unit.text());
        } catch (RuntimeException e) {
            return new Rejected("could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    public static Result parse(String text) {
        if (text == null) {
            return new Rejected("no text");
        }
        String candidate = text.strip();
        if (candidate.isEmpty()) {
            return new Blank();
        }
        if (!candidate.contains(WriteAheadLog.TYPE)) {
            return new NotWal();
        }
        for (int level = 0; level < MAX_WRAPPING; level++) {
            int brace = candidate.indexOf('{');
            if (brace < 0) {
                return new Rejected("mentions " + WriteAheadLog.TYPE + " but holds no JSON object");
            }
            Object value;
            try {
                value = Json.parse(candidate.substring(brace));
            } catch (JsonException e) {
                return new Rejected("not valid JSON: " + e.getMessage());
            }
            if (!(value instanceof Map<?, ?> object)) {
                return new Rejected("not a JSON object");
            }
            if (WalRecord.isWalObject(object)) {
                return record(object);
            }
            Object message = object.get("message");
            if (message instanceof Map<?, ?> inner && WalRecord.isWalObject(inner)) {
                return record(inner);
            }
            if (!(message instanceof String innerText)) {
                return new Rejected("a JSON object that is neither a write-ahead record nor a log record with one in 'message'");
            }
            candidate = innerText.strip();
        }
        return new Rejected("wrapped in log records too deeply");
    }

    private static Result record(Map<?, ?> object) {
        try {
            return new Record(WalRecord.from(object));
        } catch (InvalidWalRecordException e) {
            return new Rejected("invalid write-ahead record: " + e.getMessage());
        }
    }
}
