package dev.notesbackup.notes.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.support.NotesOnMoto;
import dev.notesbackup.notes.support.NotesOnMoto.Answer;
import dev.notesbackup.notes.wal.WalRecord;
import dev.notesbackup.notes.wal.WalSink;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * The write-ahead line precedes every write, checked against the real PutItem on moto: the sink
 * looks the item up in the table at the moment the line is handed to it (it must not be there yet),
 * and an SDK interceptor on the API's own DynamoDbClient records when each PutItem goes out and
 * comes back, in one timeline with the lines.
 */
@ExtendWith(MotoExtension.class)
class WriteAheadLogIT {
    private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private DynamoDbClient checker;
    private NotesOnMoto api;

    /** Hands the line on, after noting whether the item it announces is already in its table. */
    private final WalSink checkingSink = line -> {
        WalRecord record = WalRecord.from(Json.parseObject(line));
        GetItemResponse found = checker.getItem(b -> b.tableName(record.table()).key(record.key()).consistentRead(true));
        boolean present = found.hasItem() && !found.item().isEmpty();
        timeline.add("line " + record.entity().wireName() + " " + record.item().get("id").s()
                + (present ? " ALREADY IN TABLE" : " not yet in table"));
        lines.add(line);
    };

    /** Records each PutItem the API's client sends and each answer it gets. */
    private final ExecutionInterceptor putRecorder = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutItemRequest put) {
                timeline.add("put sent " + put.item().get("id").s());
            }
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.response() instanceof PutItemResponse && context.request() instanceof PutItemRequest put) {
                timeline.add("put done " + put.item().get("id").s());
            }
        }
    };

    @BeforeEach
    void start(MotoServer moto) {
        checker = LocalAws.dynamoDb(moto.endpoint());
        api = NotesOnMoto.start(moto, checkingSink, putRecorder);
    }

    @AfterEach
    void stop() {
        api.close();
        checker.close();
    }

    @Test
    void post_writesEachLogLineBeforeItsPut_whileTheItemIsNotYetInTheTable() {
        Answer note = api.postJson("/notes", "{\"text\":\"first\",\"author\":\"ann\"}").expect(201);
        String noteId = (String) note.json().get("id");
        Answer reply1 = api.postJson("/notes/" + noteId + "/replies", "{\"text\":\"r1\"}").expect(201);
        Answer reply2 = api.postJson("/notes/" + noteId + "/replies", "{\"text\":\"r2\",\"author\":\"bo\"}").expect(201);
        Answer other = api.postJson("/notes", "{\"text\":\"second\"}").expect(201);

        List<String> ids = List.of(noteId, (String) reply1.json().get("id"), (String) reply2.json().get("id"),
                (String) other.json().get("id"));
        List<String> entities = List.of("note", "reply", "reply", "note");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            expected.add("line " + entities.get(i) + " " + ids.get(i) + " not yet in table");
            expected.add("put sent " + ids.get(i));
            expected.add("put done " + ids.get(i));
        }
        assertThat(timeline).containsExactlyElementsOf(expected);

        List<Answer> answers = List.of(note, reply1, reply2, other);
        assertThat(lines).hasSize(4);
        for (int i = 0; i < lines.size(); i++) {
            WalRecord record = WalRecord.from(Json.parseObject(lines.get(i)));
            Map<String, AttributeValue> stored = api.db.getItem(b -> b.tableName(record.table()).key(record.key())
                    .consistentRead(true)).item();
            assertThat(stored).as("the item in the table is exactly the logged item").isEqualTo(record.item());
            assertThat(record.requestId()).isEqualTo(answers.get(i).header("x-request-id"));
            assertThat(record.at()).isAfterOrEqualTo(java.time.Instant.parse((String) answers.get(i).json().get("createdAt")));
        }
        assertThat(api.scan(NotesOnMoto.NOTES)).hasSize(2);
        assertThat(api.scan(NotesOnMoto.REPLIES)).hasSize(2);
    }

    @Test
    void post_answers500AndSendsNoPut_whenTheLogCannotBeWritten(MotoServer moto) {
        api.close();
        api = NotesOnMoto.start(moto, line -> {
            timeline.add("line refused");
            throw new IllegalStateException("could not write the write-ahead log line to standard output");
        }, putRecorder);

        Answer answer = api.postJson("/notes", "{\"text\":\"unlogged\"}");

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.json()).containsEntry("error", "internal_error");
        assertThat(timeline).containsExactly("line refused");
        assertThat(api.scan(NotesOnMoto.NOTES)).isEmpty();
    }
}
