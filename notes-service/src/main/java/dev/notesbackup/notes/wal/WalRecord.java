package dev.notesbackup.notes.wal;

import dev.notesbackup.notes.config.NotesConfig;
import dev.notesbackup.notes.store.AttributeValues;
import dev.notesbackup.notes.store.Entity;
import dev.notesbackup.notes.store.ItemFormatException;
import dev.notesbackup.notes.store.ItemMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One write-ahead line, read back and checked: the replay command writes only records that pass
 * every check here. Fields other than the documented ones are ignored (later versions may add some).
 */
public record WalRecord(Entity entity, String table, Map<String, AttributeValue> key,
                        Map<String, AttributeValue> item, Instant at, String requestId) {

    /** True if the object claims to be a write-ahead record (its {@code type} is {@value WriteAheadLog#TYPE}). */
    public static boolean isWalObject(Map<?, ?> object) {
        return WriteAheadLog.TYPE.equals(object.get("type"));
    }

    /** Checks a parsed JSON object; throws {@link InvalidWalRecordException} saying what is wrong. */
    public static WalRecord from(Map<?, ?> json) {
        if (!isWalObject(json)) {
            throw new InvalidWalRecordException("'type' is not \"" + WriteAheadLog.TYPE + "\"");
        }
        if (!(json.get("v") instanceof BigDecimal v) || v.compareTo(BigDecimal.valueOf(WriteAheadLog.VERSION)) != 0) {
            throw new InvalidWalRecordException("unsupported version 'v' (this replay reads version " + WriteAheadLog.VERSION + ")");
        }
        if (!WriteAheadLog.EVENT_PUT.equals(json.get("event"))) {
            throw new InvalidWalRecordException("'event' must be \"put\"");
        }
        Entity entity = json.get("entity") instanceof String name ? Entity.fromWireName(name) : null;
        if (entity == null) {
            throw new InvalidWalRecordException("'entity' must be \"note\" or \"reply\"");
        }
        if (!(json.get("table") instanceof String table) || !NotesConfig.TABLE_NAME.matcher(table).matches()) {
            throw new InvalidWalRecordException("'table' must be a DynamoDB table name");
        }
        if (!(json.get("key") instanceof Map<?, ?> plainKey)) {
            throw new InvalidWalRecordException("'key' must be an object");
        }
        if (!(json.get("item") instanceof Map<?, ?> plainItem)) {
            throw new InvalidWalRecordException("'item' must be an object");
        }
        if (!(json.get("at") instanceof String atText)) {
            throw new InvalidWalRecordException("'at' must be a time string");
        }
        Instant at;
        try {
            at = Instant.parse(atText);
        } catch (DateTimeParseException e) {
            throw new InvalidWalRecordException("'at' must be an ISO-8601 UTC time");
        }
        Object requestId = json.get("requestId");
        if (requestId != null && !(requestId instanceof String)) {
            throw new InvalidWalRecordException("'requestId' must be a string");
        }
        Map<String, AttributeValue> item;
        Map<String, AttributeValue> key;
        try {
            item = AttributeValues.fromPlain(plainItem);
            key = AttributeValues.fromPlain(plainKey);
        } catch (IllegalArgumentException e) {
            throw new InvalidWalRecordException("'item' or 'key' holds a value with no attribute form");
        }
        List<String> keyNames = entity.keyAttributes();
        if (!key.keySet().equals(new HashSet<>(keyNames))) {
            throw new InvalidWalRecordException("'key' must have exactly " + keyNames + " for a " + entity.wireName());
        }
        for (String name : keyNames) {
            if (!key.get(name).equals(item.get(name))) {
                throw new InvalidWalRecordException("'key' and 'item' disagree on '" + name + "'");
            }
        }
        try {
            ItemMapper.check(entity, item);
        } catch (ItemFormatException e) {
            throw new InvalidWalRecordException("'item' is not a valid " + entity.wireName() + ": " + e.getMessage());
        }
        Map<String, AttributeValue> orderedKey = new LinkedHashMap<>();
        keyNames.forEach(name -> orderedKey.put(name, key.get(name)));
        return new WalRecord(entity, table, Collections.unmodifiableMap(orderedKey), Collections.unmodifiableMap(item), at,
                (String) requestId);
    }
}
