package dev.notesbackup.notes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.notesbackup.notes.domain.Note;
import dev.notesbackup.notes.domain.Page;
import dev.notesbackup.notes.domain.Reply;
import dev.notesbackup.notes.support.CapturingSink;
import dev.notesbackup.notes.support.ResponseJson;
import dev.notesbackup.notes.wal.WriteAheadLog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

class NotesRepositoryTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:15:30.123Z");
    private static final String ID_1 = "01HXAAAAAAAAAAAAAAAAAAAAA1";
    private static final String ID_2 = "01HXAAAAAAAAAAAAAAAAAAAAA2";
    private static final String ID_3 = "01HXAAAAAAAAAAAAAAAAAAAAA3";

    private final DynamoDbClient db = mock(DynamoDbClient.class);
    private final CapturingSink sink = spy(new CapturingSink());
    private final NotesRepository repository = new NotesRepository(db, "notes-t", "replies-t",
            new WriteAheadLog(sink, Clock.fixed(NOW, ZoneOffset.UTC)));

    @Test
    void insertNote_writesTheWalLineBeforeThePut() {
        Note note = new Note(ID_1, "hello", "ann", NOW);

        repository.insertNote(note, "req-7");

        InOrder order = inOrder(sink, db);
        order.verify(sink).write(anyString());
        order.verify(db).putItem(any(PutItemRequest.class));
        assertThat(sink.lines()).hasSize(1);
    }

    @Test
    void insertReply_writesTheWalLineBeforeThePut() {
        repository.insertReply(new Reply(ID_1, ID_2, "hi", null, NOW), "req-8");

        InOrder order = inOrder(sink, db);
        order.verify(sink).write(anyString());
        order.verify(db).putItem(any(PutItemRequest.class));
    }

    @Test
    void insertNote_walLineHoldsTheFullItemKeyTableTimeAndRequestId() {
        repository.insertNote(new Note(ID_1, "hello \"world\"\nline 2", "ann", NOW), "req-7");

        String line = sink.lines().get(0);
        assertThat(line).doesNotContain("\n");
        Map<String, Object> json = ResponseJson.object(line);
        assertThat(json.keySet()).containsExactly("type", "v", "event", "entity", "table", "key", "item", "at", "requestId", "sha256");
        assertThat(json).containsEntry("type", "notes-wal").containsEntry("event", "put").containsEntry("entity", "note")
                .containsEntry("table", "notes-t").containsEntry("at", "2024-05-01T10:15:30.123Z")
                .containsEntry("requestId", "req-7")
                .containsEntry("key", Map.of("id", ID_1))
                .containsEntry("item", Map.of("id", ID_1, "feed", "all", "text", "hello \"world\"\nline 2",
                        "author", "ann", "createdAt", "2024-05-01T10:15:30.123Z"));
        assertThat(((Number) json.get("v")).intValue()).isEqualTo(2);
        // WAL.md's canonical form, written out by hand: members sorted by name, only '"', '\\' and controls escaped
        String canonical = "[\"note\",\"notes-t\",{\"id\":\"" + ID_1 + "\"},{\"author\":\"ann\",\"createdAt\":\"2024-05-01T10:15:30.123Z\","
                + "\"feed\":\"all\",\"id\":\"" + ID_1 + "\",\"text\":\"hello \\\"world\\\"\\u000aline 2\"},\"2024-05-01T10:15:30.123Z\",\"req-7\"]";
        assertThat(json.get("sha256")).isEqualTo(sha256Hex(canonical));
    }

    @Test
    void insertNote_putsTheLoggedItemConditionally() {
        repository.insertNote(new Note(ID_1, "hello", null, NOW), "req-7");

        ArgumentCaptor<PutItemRequest> put = ArgumentCaptor.forClass(PutItemRequest.class);
        verify(db).putItem(put.capture());
        assertThat(put.getValue().tableName()).isEqualTo("notes-t");
        assertThat(put.getValue().conditionExpression()).isEqualTo("attribute_not_exists(#pk)");
        assertThat(put.getValue().expressionAttributeNames()).containsEntry("#pk", "id");
        Map<String, Object> logged = ResponseJson.object(sink.lines().get(0));
        assertThat(AttributeValues.fromPlain((Map<?, ?>) logged.get("item"))).isEqualTo(put.getValue().item());
    }

    @Test
    void insertNote_keepsTheWalLineAndRethrows_whenThePutFails() {
        when(db.putItem(any(PutItemRequest.class))).thenThrow(ProvisionedThroughputExceededException.builder().message("slow down").build());

        assertThatThrownBy(() -> repository.insertNote(new Note(ID_1, "hello", null, NOW), "req-9"))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        assertThat(sink.lines()).hasSize(1);
    }

    @Test
    void insertNote_doesNotPut_whenTheWalLineCannotBeWritten() {
        doThrow(new IllegalStateException("stdout closed")).when(sink).write(anyString());

        assertThatThrownBy(() -> repository.insertNote(new Note(ID_1, "hello", null, NOW), "req-9"))
                .isInstanceOf(IllegalStateException.class);
        verify(db, never()).putItem(any(PutItemRequest.class));
    }

    @Test
    void listNotes_queriesTheNewestIndexDescendingForOneMoreThanTheLimit() {
        when(db.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder().items(List.of()).build());

        repository.listNotes(20, null);

        ArgumentCaptor<QueryRequest> query = ArgumentCaptor.forClass(QueryRequest.class);
        verify(db).query(query.capture());
        assertThat(query.getValue().indexName()).isEqualTo("newest");
        assertThat(query.getValue().scanIndexForward()).isFalse();
        assertThat(query.getValue().limit()).isEqualTo(21);
        assertThat(query.getValue().hasExclusiveStartKey()).isFalse();
    }

    @Test
    void listNotes_cursorRoundTrip_startsTheNextQueryAfterTheLastNoteShown() {
        when(db.query(any(QueryRequest.class)))
                .thenReturn(QueryResponse.builder().items(noteItem(ID_3), noteItem(ID_2), noteItem(ID_1)).build())
                .thenReturn(QueryResponse.builder().items(noteItem(ID_1)).build());

        Page<Note> first = repository.listNotes(2, null);
        Page<Note> second = repository.listNotes(2, repository.notesCursor(first.nextCursor()));

        assertThat(first.items()).extracting(Note::id).containsExactly(ID_3, ID_2);
        assertThat(first.nextCursor()).matches("[A-Za-z0-9_-]+");
        assertThat(second.items()).extracting(Note::id).containsExactly(ID_1);
        assertThat(second.nextCursor()).isNull();
        ArgumentCaptor<QueryRequest> queries = ArgumentCaptor.forClass(QueryRequest.class);
        verify(db, org.mockito.Mockito.times(2)).query(queries.capture());
        assertThat(queries.getAllValues().get(1).exclusiveStartKey())
                .isEqualTo(Map.of("id", AttributeValue.fromS(ID_2), "feed", AttributeValue.fromS("all")));
    }

    @Test
    void listNotes_givesACursor_whenDynamoDbStopsEarlyWithMoreToRead() {
        when(db.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder().items(noteItem(ID_3))
                .lastEvaluatedKey(Map.of("id", AttributeValue.fromS(ID_3), "feed", AttributeValue.fromS("all"))).build());

        Page<Note> page = repository.listNotes(5, null);

        assertThat(page.items()).hasSize(1);
        assertThat(Cursors.decodeNotes(page.nextCursor())).containsEntry("id", AttributeValue.fromS(ID_3));
    }

    @Test
    void listReplies_queriesOldestFirstWithConsistentReads() {
        when(db.query(any(QueryRequest.class))).thenReturn(QueryResponse.builder().items(List.of()).build());

        repository.listReplies(ID_1, 10, repository.repliesCursor(ID_1, Cursors.repliesAfter(ID_1, ID_2)));

        ArgumentCaptor<QueryRequest> query = ArgumentCaptor.forClass(QueryRequest.class);
        verify(db).query(query.capture());
        assertThat(query.getValue().tableName()).isEqualTo("replies-t");
        assertThat(query.getValue().scanIndexForward()).isTrue();
        assertThat(query.getValue().consistentRead()).isTrue();
        assertThat(query.getValue().exclusiveStartKey())
                .isEqualTo(Map.of("noteId", AttributeValue.fromS(ID_1), "id", AttributeValue.fromS(ID_2)));
    }

    @Test
    void findNote_readsConsistently_andReturnsEmpty_whenNoItem() {
        when(db.getItem(any(GetItemRequest.class))).thenReturn(GetItemResponse.builder().build());

        assertThat(repository.findNote(ID_1)).isEmpty();
        ArgumentCaptor<GetItemRequest> get = ArgumentCaptor.forClass(GetItemRequest.class);
        verify(db).getItem(get.capture());
        assertThat(get.getValue().consistentRead()).isTrue();
        assertThat(get.getValue().key()).isEqualTo(Map.of("id", AttributeValue.fromS(ID_1)));
    }

    private static Map<String, AttributeValue> noteItem(String id) {
        return ItemMapper.toItem(new Note(id, "text " + id, null, NOW));
    }

    private static String sha256Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
