package dev.notesbackup.notes.store;

import dev.notesbackup.notes.domain.Ids;
import dev.notesbackup.notes.domain.InvalidCursorException;
import dev.notesbackup.notes.domain.Limits;
import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.json.JsonException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque page cursors: URL-safe base64 (no padding) of {@code {"v":1,"list":"notes"|"replies","key":{...}}},
 * where key is the DynamoDB start key of the next page. Decoding checks everything, so a cursor
 * that the API did not hand out for this very listing is a 400, never a DynamoDB error.
 */
public final class Cursors {
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final String NOTES = "notes";
    private static final String REPLIES = "replies";

    private Cursors() {
    }

    /** The cursor that continues the newest-first notes listing after the note {@code lastId}. */
    public static String notesAfter(String lastId) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put(TableDefinitions.FEED, TableDefinitions.FEED_ALL);
        key.put(TableDefinitions.NOTE_ID, lastId);
        return encode(NOTES, key);
    }

    /** The cursor that continues the replies of {@code noteId} after the reply {@code lastId}. */
    public static String repliesAfter(String noteId, String lastId) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put(TableDefinitions.REPLY_NOTE_ID, noteId);
        key.put(TableDefinitions.REPLY_ID, lastId);
        return encode(REPLIES, key);
    }

    /** The ExclusiveStartKey (on the {@code newest} index) of a notes cursor; null for no cursor. */
    public static Map<String, AttributeValue> decodeNotes(String cursor) {
        if (cursor == null) {
            return null;
        }
        Map<?, ?> key = decode(cursor, NOTES);
        if (!key.keySet().equals(Set.of(TableDefinitions.FEED, TableDefinitions.NOTE_ID))
                || !TableDefinitions.FEED_ALL.equals(key.get(TableDefinitions.FEED))
                || !(key.get(TableDefinitions.NOTE_ID) instanceof String id) || !Ids.isValid(id)) {
            throw invalid();
        }
        Map<String, AttributeValue> start = new LinkedHashMap<>();
        start.put(TableDefinitions.FEED, AttributeValue.fromS(TableDefinitions.FEED_ALL));
        start.put(TableDefinitions.NOTE_ID, AttributeValue.fromS(id));
        return start;
    }

    /** The ExclusiveStartKey of a replies cursor for the note {@code noteId}; null for no cursor. */
    public static Map<String, AttributeValue> decodeReplies(String cursor, String noteId) {
        if (cursor == null) {
            return null;
        }
        Map<?, ?> key = decode(cursor, REPLIES);
        if (!key.keySet().equals(Set.of(TableDefinitions.REPLY_NOTE_ID, TableDefinitions.REPLY_ID))
                || !noteId.equals(key.get(TableDefinitions.REPLY_NOTE_ID))
                || !(key.get(TableDefinitions.REPLY_ID) instanceof String id) || !Ids.isValid(id)) {
            throw invalid();
        }
        return ItemMapper.replyKey(noteId, id);
    }

    private static String encode(String list, Map<String, Object> key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("v", 1);
        body.put("list", list);
        body.put("key", key);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<?, ?> decode(String cursor, String expectedList) {
        if (cursor.isEmpty() || cursor.length() > Limits.CURSOR_MAX || !BASE64URL.matcher(cursor).matches()) {
            throw invalid();
        }
        Object parsed;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            parsed = Json.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JsonException e) {
            throw invalid();
        }
        if (!(parsed instanceof Map<?, ?> body)
                || !body.keySet().equals(Set.of("v", "list", "key"))
                || !(body.get("v") instanceof BigDecimal v) || v.compareTo(BigDecimal.ONE) != 0
                || !expectedList.equals(body.get("list"))
                || !(body.get("key") instanceof Map<?, ?> key)) {
            throw invalid();
        }
        return key;
    }

    private static InvalidCursorException invalid() {
        return new InvalidCursorException("cursor is not one this listing handed out; start again without a cursor");
    }
}
