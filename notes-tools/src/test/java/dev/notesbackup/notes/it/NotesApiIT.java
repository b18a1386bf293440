package dev.notesbackup.notes.it;

import static dev.notesbackup.notes.support.NotesOnMoto.NOTES;
import static dev.notesbackup.notes.support.NotesOnMoto.ORIGIN;
import static dev.notesbackup.notes.support.NotesOnMoto.REPLIES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.notes.support.CapturingSink;
import dev.notesbackup.notes.support.NotesOnMoto;
import dev.notesbackup.notes.support.NotesOnMoto.Answer;
import dev.notesbackup.notes.support.ResponseJson;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Every endpoint, over real HTTP through the local server, against moto's DynamoDB. */
@ExtendWith(MotoExtension.class)
class NotesApiIT {
    private static final String MISSING_ID = "01HXAAAAAAAAAAAAAAAAAAAAAA";

    private final CapturingSink sink = new CapturingSink();
    private NotesOnMoto api;

    @BeforeEach
    void start(MotoServer moto) {
        api = NotesOnMoto.start(moto, sink);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void postNote_answers201WithTheNoteStoredExactlyAsAnswered_whenTheNoteIsNew() {
        Instant before = Instant.now().minusMillis(1);

        Answer created = api.send(HttpRequest.newBuilder(api.uri("/notes"))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Origin", ORIGIN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Stay home \uD83C\uDFE0\",\"author\":\"ann\"}")));

        assertThat(created.status()).isEqualTo(201);
        Map<String, Object> note = created.json();
        String id = (String) note.get("id");
        assertThat(id).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(note).containsOnlyKeys("id", "text", "author", "createdAt")
                .containsEntry("text", "Stay home \uD83C\uDFE0").containsEntry("author", "ann");
        Instant createdAt = Instant.parse((String) note.get("createdAt"));
        assertThat(createdAt).isBetween(before, Instant.now().plusMillis(1));
        assertThat(created.header("location")).isEqualTo("/notes/" + id);
        assertThat(created.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(created.header("access-control-allow-origin")).isEqualTo(ORIGIN);
        assertThat(created.header("x-request-id")).isNotBlank();

        assertThat(api.scan(NOTES)).containsExactly(Map.of(
                "id", AttributeValue.fromS(id),
                "feed", AttributeValue.fromS("all"),
                "text", AttributeValue.fromS("Stay home \uD83C\uDFE0"),
                "author", AttributeValue.fromS("ann"),
                "createdAt", AttributeValue.fromS((String) note.get("createdAt"))));
        assertThat(api.scan(REPLIES)).isEmpty();
    }

    @Test
    void listNotes_answersNewestFirstWithNullAuthorAndNoNextCursor_whenThereAreThreeNotes() {
        String first = api.createNote("first", "ann");
        String second = api.createNote("second", null);
        String third = api.createNote("third", "bo");

        Answer list = api.get("/notes").expect(200);

        Map<String, Object> body = list.json();
        assertThat(ids(body.get("notes"))).containsExactly(third, second, first);
        assertThat(body).containsEntry("nextCursor", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> middle = ((List<Map<String, Object>>) body.get("notes")).get(1);
        assertThat(middle).containsEntry("text", "second").containsEntry("author", null);
    }

    @Test
    void getNote_returnsItsRepliesOldestFirst_whenTheNoteHasReplies() {
        String other = api.createNote("other note", null);
        api.reply(other, "not mine");
        String id = api.createNote("the note", "ann");
        String r1 = api.reply(id, "one");
        String r2 = api.reply(id, "two");
        String r3 = api.reply(id, "three");

        Answer read = api.get("/notes/" + id).expect(200);

        Map<String, Object> body = read.json();
        assertThat(body.get("note")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("id", id).containsEntry("text", "the note").containsEntry("author", "ann");
        assertThat(ids(body.get("replies"))).containsExactly(r1, r2, r3);
        assertThat(texts(body.get("replies"))).containsExactly("one", "two", "three");
        assertThat(body).containsEntry("nextCursor", null);
    }

    @Test
    void listReplies_walksThemOldestFirstByCursor_whenReadWithALimit() {
        String id = api.createNote("busy", null);
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replies.add(api.reply(id, "r" + i));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Answer page = api.get("/notes/" + id + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).expect(200);
            seen.addAll(ids(page.json().get("replies")));
            cursor = (String) page.json().get("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(replies);
    }

    @Test
    void postReply_answers201WithTheStoredReply_whenTheNoteExists() {
        String id = api.createNote("question?", null);

        Answer reply = api.postJson("/notes/" + id + "/replies", "{\"text\":\"answer\",\"author\":\"bo\"}");

        assertThat(reply.status()).isEqualTo(201);
        Map<String, Object> body = reply.json();
        assertThat(body).containsOnlyKeys("id", "noteId", "text", "author", "createdAt")
                .containsEntry("noteId", id).containsEntry("text", "answer").containsEntry("author", "bo");
        assertThat(reply.header("location")).isEqualTo("/notes/" + id);
        assertThat(api.scan(REPLIES)).containsExactly(Map.of(
                "noteId", AttributeValue.fromS(id),
                "id", AttributeValue.fromS((String) body.get("id")),
                "text", AttributeValue.fromS("answer"),
                "author", AttributeValue.fromS("bo"),
                "createdAt", AttributeValue.fromS((String) body.get("createdAt"))));
    }

    @Test
    void readOrReply_answers404WithAJsonErrorAndWritesNothing_whenTheNoteDoesNotExist() {
        api.createNote("exists", null);
        Map<String, List<Map<String, AttributeValue>>> before = api.snapshot();
        int lines = sink.lines().size();

        Answer read = api.get("/notes/" + MISSING_ID);
        Answer reply = api.postJson("/notes/" + MISSING_ID + "/replies", "{\"text\":\"anyone?\"}");

        for (Answer answer : List.of(read, reply)) {
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.json()).containsEntry("error", "note_not_found")
                    .containsEntry("requestId", answer.header("x-request-id"));
        }
        assertThat(api.snapshot()).isEqualTo(before);
        assertThat(sink.lines()).hasSize(lines);
    }

    @Test
    void preflight_echoesOnlyAnAllowedOrigin_whenTwoOriginsAsk() {
        Answer allowed = api.send(HttpRequest.newBuilder(api.uri("/notes"))
                .header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        Answer other = api.send(HttpRequest.newBuilder(api.uri("/notes")).header("Origin", "https://evil.example.com").GET());

        assertThat(allowed.status()).isEqualTo(204);
        assertThat(allowed.header("access-control-allow-origin")).isEqualTo(ORIGIN);
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("access-control-allow-origin")).isNull();
    }

    @Test
    void postNote_answers500WithOnlyARequestIdAndKeepsTheWriteAheadLine_whenTheTablesAreGone() {
        api.dropTables();

        Answer failed = api.postJson("/notes", "{\"text\":\"lost?\"}");

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.json()).containsOnlyKeys("error", "message", "requestId")
                .containsEntry("error", "internal_error")
                .containsEntry("requestId", failed.header("x-request-id"));
        assertThat(failed.body()).doesNotContainIgnoringCase("resource")
                .doesNotContain("Exception", "dynamodb", NOTES, "at dev.");
        assertThat(sink.lines()).singleElement().satisfies(line -> {
            assertThat(ResponseJson.object(line)).containsEntry("type", "notes-wal").containsEntry("table", NOTES)
                    .containsEntry("requestId", failed.header("x-request-id"));
        });
        assertThat(api.errorLines()).singleElement().asString()
                .contains("\"type\":\"notes-error\"", "ResourceNotFoundException", failed.header("x-request-id"));
    }

    @SuppressWarnings("unchecked")
    static List<String> ids(Object items) {
        return ((List<Map<String, Object>>) items).stream().map(item -> (String) item.get("id")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> texts(Object items) {
        return ((List<Map<String, Object>>) items).stream().map(item -> (String) item.get("text")).toList();
    }
}
