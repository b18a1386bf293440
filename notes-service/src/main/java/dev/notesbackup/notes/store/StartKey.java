package dev.notesbackup.notes.store;

import dev.notesbackup.notes.domain.Cursor;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The store's {@link Cursor}: the DynamoDB ExclusiveStartKey of the next page, decoded by {@link Cursors}. */
record StartKey(Map<String, AttributeValue> key) implements Cursor {

    /** The cursor for a decoded start key; null (the first page) for none. */
    static StartKey of(Map<String, AttributeValue> key) {
        return key == null ? null : new StartKey(key);
    }

    /** The start key of a cursor this store made; null for the first page. */
    static Map<String, AttributeValue> key(Cursor cursor) {
        if (cursor == null) {
            return null;
        }
        if (!(cursor instanceof StartKey startKey)) {
            throw new IllegalArgumentException("cursor " + cursor.getClass().getName()
                    + " was not made by this store; pass what notesCursor or repliesCursor returned");
        }
        return startKey.key();
    }
}
