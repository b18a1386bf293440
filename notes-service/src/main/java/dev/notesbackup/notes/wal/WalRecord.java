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
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One write-ahead line, read back and checked: the replay command writes only records that pass
 * every check here. Version 2 records carry a {@link WalDigest} of their content, which must match;
 * version 1 records (written before the digest existed) have none. Fields other than the documented ones are ignored (later versions may add some).
 */
public record WalRecord(Entity entity, String table, Map<String, AttributeValue> key,
                        Map<String, AttributeValue> item, Instant at, String requestId) {

    /** True if the object claims to be a write-ahead record (its {@code type} is {@value WriteAheadLog#TYPE}). */
    public static boolean isWalObject(Map<?, ?> object) {
        return WriteAheadLog.TYPE.equals(object.get("type"));
    }

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private static int version(Object v) {
        if (v instanceof BigDecimal number) {
            if (number.compareTo(BigDecimal.valueOf(WriteAheadLog.VERSION)) == 0) {
                return WriteAheadLog.VERSION;
            }
            if (number.compareTo(BigDecimal.valueOf(WriteAheadLog.VERSION_1)) == 0) {
                return WriteAheadLog.VERSION_1;
            }
        }
        throw new InvalidWalRecordException("unsupported version 'v' (this replay reads versions "
                + WriteAheadLog.VERSION_1 + " and " + WriteAheadLog.VERSION + ")");
    }

    /** Checks a parsed JSON object; throws {@link InvalidWalRecordException} saying what is wrong. */
    public static WalRecord from(Map<?, ?> json) {
        if (!isWalObject(json)) {
            throw new InvalidWalRecordException("'type' is not \"" + WriteAheadLog.TYPE + "\"");
        }
        int version = version(json.get("v"));
        Object digest = json.get(WalDigest.ALGORITHM_FIELD);
        if (version == WriteAheadLog.VERSION && !(digest instanceof String text && SHA256_HEX.matcher(text).matches())) {
            throw new InvalidWalRecordException("a version 2 record needs '" + WalDigest.ALGORITHM_FIELD
                    + "', 64 lower-case hex digits");
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
        if (version == WriteAheadLog.VERSION) {
            String expected;
            try {
                expected = WalDigest.of(entity.wireName(), table, plainKey, plainItem, atText, (String) requestId);
            } catch (IllegalArgumentException e) {
                throw new InvalidWalRecordException("its content has no canonical form for the digest: " + e.getMessage());
            }
            if (!expected.equals(digest)) {
                throw new InvalidWalRecordException("altered: its content does not match its " + WalDigest.ALGORITHM_FIELD
                        + " digest (the line was changed after it was written); not written");
            }
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
