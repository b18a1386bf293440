package dev.notesbackup.notes.store;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Told of every insert before it is made: the write-ahead log (wal.WriteAheadLog) implements it,
 * so the store depends on the log's contract and the log on the store's item format, not both ways.
 */
public interface InsertLog {
    /** Records that {@code item} is about to be put into {@code table}. */
    void recordPut(Entity entity, String table, Map<String, AttributeValue> item, String requestId);
}
