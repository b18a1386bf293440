package dev.notesbackup.notes.it;

import static dev.notesbackup.notes.support.NotesOnMoto.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.notes.support.CapturingSink;
import dev.notesbackup.notes.support.NotesOnMoto;
import dev.notesbackup.notes.support.NotesOnMoto.Answer;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Refused requests over real HTTP against moto: each gets its 4xx and a JSON error body, and both
 * tables (scanned in full before and after) and the write-ahead log stay exactly as they were.
 */
@ExtendWith(MotoExtension.class)
class BadRequestsIT {
    private static final String MISSING_ID = "01HXAAAAAAAAAAAAAAAAAAAAAA";

    private final CapturingSink sink = new CapturingSink();
    private NotesOnMoto api;
    private Seed seed;

    /** What exists before the bad request: two notes, a reply, and a cursor the API handed out. */
    record Seed(URI base, String noteId, String notesCursor) {
        HttpRequest.Builder at(String pathAndQuery) {
            return HttpRequest.newBuilder(base.resolve(pathAndQuery));
        }

        HttpRequest.Builder postJson(String path, String body) {
            return at(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
    }

    @BeforeEach
    void seed(MotoServer moto) {
        api = NotesOnMoto.start(moto, sink);
        String older = api.createNote("older", "ann");
        api.reply(older, "a reply");
        api.createNote("newer", null);
        String cursor = (String) api.get("/notes?limit=1").expect(200).json().get("nextCursor");
        assertThat(cursor).isNotBlank();
        seed = new Seed(api.server.baseUri(), older, cursor);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad("not JSON", 400, "invalid_json", s -> s.postJson("/notes", "{\"text\": ")),
                bad("a JSON array, not an object", 400, "invalid_body", s -> s.postJson("/notes", "[\"text\"]")),
                bad("an empty body", 400, "missing_body", s -> s.at("/notes").header("Content-Type", "application/json")
                        .POST(BodyPublishers.noBody())),
                bad("no text field", 400, "missing_field", s -> s.postJson("/notes", "{\"author\":\"ann\"}")),
                bad("text is a number", 400, "invalid_field", s -> s.postJson("/notes", "{\"text\":42}")),
                bad("text is null", 400, "invalid_field", s -> s.postJson("/notes", "{\"text\":null}")),
                bad("author is a boolean", 400, "invalid_field", s -> s.postJson("/notes", "{\"text\":\"hi\",\"author\":true}")),
                bad("empty text", 400, "invalid_field", s -> s.postJson("/notes", "{\"text\":\"\"}")),
                bad("text only whitespace", 400, "invalid_field", s -> s.postJson("/notes", "{\"text\":\"  \\n\\t \"}")),
                bad("text of 2001 characters (8004 bytes, under the body limit)", 400, "invalid_field",
                        s -> s.postJson("/notes", "{\"text\":\"" + "\uD83D\uDE00".repeat(2001) + "\"}")),
                bad("author of 65 characters", 400, "invalid_field",
                        s -> s.postJson("/notes", "{\"text\":\"hi\",\"author\":\"" + "a".repeat(65) + "\"}")),
                bad("text with a control character", 400, "invalid_field", s -> s.postJson("/notes", "{\"text\":\"bell\\u0007\"}")),
                bad("an unknown field", 400, "unknown_field", s -> s.postJson("/notes", "{\"text\":\"hi\",\"id\":\"01HX\"}")),
                bad("a duplicate field", 400, "invalid_json", s -> s.postJson("/notes", "{\"text\":\"a\",\"text\":\"b\"}")),
                bad("content after the object", 400, "invalid_json", s -> s.postJson("/notes", "{\"text\":\"a\"}{}")),
                bad("a body over 16 KiB", 413, "payload_too_large",
                        s -> s.postJson("/notes", "{\"text\":\"" + "x".repeat(16 * 1024) + "\"}")),
                bad("Content-Type text/plain", 415, "unsupported_media_type", s -> s.at("/notes")
                        .header("Content-Type", "text/plain").POST(BodyPublishers.ofString("{\"text\":\"hi\"}"))),
                bad("no Content-Type", 415, "unsupported_media_type", s -> s.at("/notes")
                        .POST(BodyPublishers.ofString("{\"text\":\"hi\"}"))),
                bad("charset iso-8859-1", 415, "unsupported_media_type", s -> s.at("/notes")
                        .header("Content-Type", "application/json; charset=iso-8859-1")
                        .POST(BodyPublishers.ofString("{\"text\":\"hi\"}"))),
                bad("bytes that are not UTF-8", 400, "invalid_json", s -> s.at("/notes")
                        .header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofByteArray(new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, '"', '}'}))),
                bad("a query parameter on POST", 400, "unknown_parameter", s -> s.postJson("/notes?author=x", "{\"text\":\"hi\"}")),
                bad("limit 0", 400, "invalid_limit", s -> s.at("/notes?limit=0").GET()),
                bad("limit 101", 400, "invalid_limit", s -> s.at("/notes?limit=101").GET()),
                bad("limit not a number", 400, "invalid_limit", s -> s.at("/notes?limit=ten").GET()),
                bad("a garbage cursor", 400, "invalid_cursor", s -> s.at("/notes?cursor=not-a-cursor").GET()),
                bad("a truncated real cursor", 400, "invalid_cursor",
                        s -> s.at("/notes?cursor=" + s.notesCursor().substring(0, s.notesCursor().length() - 6)).GET()),
                bad("a notes cursor used for a note's replies", 400, "invalid_cursor",
                        s -> s.at("/notes/" + s.noteId() + "?cursor=" + s.notesCursor()).GET()),
                bad("an unknown query parameter", 400, "unknown_parameter", s -> s.at("/notes?sort=asc").GET()),
                bad("a malformed note id", 400, "invalid_id", s -> s.at("/notes/not-an-id").GET()),
                bad("a note that does not exist", 404, "note_not_found", s -> s.at("/notes/" + MISSING_ID).GET()),
                bad("a reply to a note that does not exist", 404, "note_not_found",
                        s -> s.postJson("/notes/" + MISSING_ID + "/replies", "{\"text\":\"anyone?\"}")),
                bad("a reply with empty text", 400, "invalid_field", s -> s.postJson("/notes/" + s.noteId() + "/replies", "{\"text\":\"\"}")),
                bad("a reply naming its noteId", 400, "unknown_field",
                        s -> s.postJson("/notes/" + s.noteId() + "/replies", "{\"text\":\"hi\",\"noteId\":\"" + s.noteId() + "\"}")),
                bad("an unknown route", 404, "not_found", s -> s.at("/users").GET()),
                bad("DELETE of a note", 405, "method_not_allowed", s -> s.at("/notes/" + s.noteId()).DELETE()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badRequests")
    void badRequest_answersItsStatusAndJsonError_andLeavesTablesAndLogUnchanged(
            String name, int status, String code, Function<Seed, HttpRequest.Builder> request) {
        Map<String, List<Map<String, AttributeValue>>> before = api.snapshot();
        int linesBefore = sink.lines().size();
        assertThat(before.get(NotesOnMoto.NOTES)).hasSize(2);
        assertThat(before.get(NotesOnMoto.REPLIES)).hasSize(1);

        Answer answer = api.send(request.apply(seed).header("Origin", ORIGIN));

        assertThat(answer.status()).as(name).isEqualTo(status);
        assertThat(answer.header("content-type")).isEqualTo("application/json; charset=utf-8");
        Map<String, Object> body = answer.json();
        assertThat(body).containsOnlyKeys("error", "message", "requestId")
                .containsEntry("error", code)
                .containsEntry("requestId", answer.header("x-request-id"));
        assertThat((String) body.get("message")).isNotBlank().doesNotContain("Exception");
        assertThat(answer.header("access-control-allow-origin")).isEqualTo(ORIGIN);
        if (status == 405) {
            assertThat(answer.header("allow")).isEqualTo("GET, OPTIONS");
        }

        assertThat(api.snapshot()).as("both tables, every item and attribute").isEqualTo(before);
        assertThat(sink.lines()).as("no write-ahead line for a refused request").hasSize(linesBefore);
        assertThat(api.errorLines()).as("a refused request is not an internal error").isEmpty();
    }

    private static Arguments bad(String name, int status, String code, Function<Seed, HttpRequest.Builder> request) {
        return Arguments.of(name, status, code, request);
    }
}
