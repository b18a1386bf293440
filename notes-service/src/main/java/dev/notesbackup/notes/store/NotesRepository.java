package dev.notesbackup.notes.store;

import dev.notesbackup.notes.domain.Cursor;
import dev.notesbackup.notes.domain.Note;
import dev.notesbackup.notes.domain.NoteStore;
import dev.notesbackup.notes.domain.Page;
import dev.notesbackup.notes.domain.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The two tables, the domain's {@link NoteStore} on DynamoDB. Every insert is announced on the
 * {@link InsertLog} (the write-ahead log) first, then made as a
 * conditional put ({@code attribute_not_exists} on the partition key), so an existing item is never
 * overwritten. Only item-level calls: GetItem, PutItem, Query.
 */
public final class NotesRepository implements NoteStore {
    private final DynamoDbClient db;
    private final String notesTable;
    private final String repliesTable;
    private final InsertLog wal;

    public NotesRepository(DynamoDbClient db, String notesTable, String repliesTable, InsertLog wal) {
        this.db = db;
        this.notesTable = notesTable;
        this.repliesTable = repliesTable;
        this.wal = wal;
    }

    @Override
    public void insertNote(Note note, String requestId) {
        insert(Entity.NOTE, notesTable, ItemMapper.toItem(note), requestId);
    }

    @Override
    public void insertReply(Reply reply, String requestId) {
        insert(Entity.REPLY, repliesTable, ItemMapper.toItem(reply), requestId);
    }

    private void insert(Entity entity, String table, Map<String, AttributeValue> item, String requestId) {
        wal.recordPut(entity, table, item, requestId);
        db.putItem(conditionalPut(entity, table, item));
    }

    /** A put that succeeds only if no item with the same key exists (used by the API and by replay). */
    public static PutItemRequest conditionalPut(Entity entity, String table, Map<String, AttributeValue> item) {
        return PutItemRequest.builder()
                .tableName(table)
                .item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", entity.keyAttributes().get(0)))
                .build();
    }

    /** Strongly consistent, so a note is readable right after it was created. */
    @Override
    public Optional<Note> findNote(String id) {
        GetItemResponse response = db.getItem(GetItemRequest.builder()
                .tableName(notesTable)
                .key(ItemMapper.noteKey(id))
                .consistentRead(true)
                .build());
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ItemMapper.toNote(response.item()));
    }

    @Override
    public Cursor notesCursor(String cursor) {
        return StartKey.of(Cursors.decodeNotes(cursor));
    }

    @Override
    public Cursor repliesCursor(String noteId, String cursor) {
        return StartKey.of(Cursors.decodeReplies(cursor, noteId));
    }

    /** Newest first, from the {@code newest} index. {@code after} comes from {@link #notesCursor}. */
    @Override
    public Page<Note> listNotes(int limit, Cursor after) {
        Map<String, AttributeValue> startKey = StartKey.key(after);
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(notesTable)
                .indexName(TableDefinitions.NEWEST_INDEX)
                .keyConditionExpression("#feed = :feed")
                .expressionAttributeNames(Map.of("#feed", TableDefinitions.FEED))
                .expressionAttributeValues(Map.of(":feed", AttributeValue.fromS(TableDefinitions.FEED_ALL)))
                .scanIndexForward(false)
                .limit(limit + 1);
        if (startKey != null) {
            query.exclusiveStartKey(startKey);
        }
        QueryResponse response = db.query(query.build());
        List<Note> notes = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            notes.add(ItemMapper.toNote(item));
        }
        return page(notes, limit, response, last -> Cursors.notesAfter(last.id()));
    }

    /** Oldest first. {@code after} comes from {@link #repliesCursor}. */
    @Override
    public Page<Reply> listReplies(String noteId, int limit, Cursor after) {
        Map<String, AttributeValue> startKey = StartKey.key(after);
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(repliesTable)
                .keyConditionExpression("#noteId = :noteId")
                .expressionAttributeNames(Map.of("#noteId", TableDefinitions.REPLY_NOTE_ID))
                .expressionAttributeValues(Map.of(":noteId", AttributeValue.fromS(noteId)))
                .scanIndexForward(true)
                .consistentRead(true)
                .limit(limit + 1);
        if (startKey != null) {
            query.exclusiveStartKey(startKey);
        }
        QueryResponse response = db.query(query.build());
        List<Reply> replies = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            replies.add(ItemMapper.toReply(item));
        }
        return page(replies, limit, response, last -> Cursors.repliesAfter(noteId, last.id()));
    }

    /**
     * One more item than asked for is read: if it came, there is a next page and the cursor points
     * after the last item shown. If DynamoDB stopped early (its 1 MB page limit) but says there is
     * more, the cursor points after the last item read. So a last page never ends with an empty one.
     */
    private static <T> Page<T> page(List<T> items, int limit, QueryResponse response,
                                    java.util.function.Function<T, String> cursorAfter) {
        if (items.size() > limit) {
            List<T> shown = items.subList(0, limit);
            return new Page<>(shown, cursorAfter.apply(shown.get(limit - 1)));
        }
        boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
        if (more && !items.isEmpty()) {
            return new Page<>(items, cursorAfter.apply(items.get(items.size() - 1)));
        }
        return new Page<>(items, null);
    }
}
