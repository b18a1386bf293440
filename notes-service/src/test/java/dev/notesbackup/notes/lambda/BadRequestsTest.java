package dev.notesbackup.notes.lambda;

import static dev.notesbackup.notes.support.TestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.notesbackup.notes.store.Cursors;
import dev.notesbackup.notes.support.Requests;
import dev.notesbackup.notes.support.TestApp;
import dev.notesbackup.testsupport.InMemoryDynamoDb;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** Every refused request gets its status and error code, a JSON error body, and writes nothing. */
class BadRequestsTest {
    private static final String EXISTING = "01HXEXAMP1EN0TE0000000000A";
    private static final String MISSING = "01HXAAAAAAAAAAAAAAAAAAAAAA";

    private InMemoryDynamoDb tables;
    private TestApp app;

    @BeforeEach
    void setUp() {
        tables = TestApp.inMemoryTables(TestApp.NOTES, TestApp.REPLIES);
        app = new TestApp(tables);
    }

    static Stream<Arguments> badRequests() {
        String notesCursor = Cursors.notesAfter("01HXBBBBBBBBBBBBBBBBBBBBBB");
        return Stream.of(
                bad("invalid JSON", Requests.post("/notes", "{\"text\": "), 400, "invalid_json"),
                bad("JSON array body", Requests.post("/notes", "[\"text\"]"), 400, "invalid_body"),
                bad("JSON string body", Requests.post("/notes", "\"hello\""), 400, "invalid_body"),
                bad("empty body", Requests.post("/notes", ""), 400, "missing_body"),
                bad("no body", Requests.post("/notes", null), 400, "missing_body"),
                bad("missing text", Requests.post("/notes", "{}"), 400, "missing_field"),
                bad("text is a number", Requests.post("/notes", "{\"text\":5}"), 400, "invalid_field"),
                bad("text is null", Requests.post("/notes", "{\"text\":null}"), 400, "invalid_field"),
                bad("text is an object", Requests.post("/notes", "{\"text\":{\"a\":1}}"), 400, "invalid_field"),
                bad("empty text", Requests.post("/notes", "{\"text\":\"\"}"), 400, "invalid_field"),
                bad("whitespace text", Requests.post("/notes", "{\"text\":\" \\n\\t \"}"), 400, "invalid_field"),
                bad("text over 2000 characters", Requests.post("/notes", "{\"text\":\"" + "x".repeat(2001) + "\"}"), 400, "invalid_field"),
                bad("text with a NUL", Requests.post("/notes", "{\"text\":\"a\\u0000b\"}"), 400, "invalid_field"),
                bad("text with a lone surrogate", Requests.post("/notes", "{\"text\":\"a\\ud800b\"}"), 400, "invalid_field"),
                bad("author is a number", Requests.post("/notes", "{\"text\":\"hi\",\"author\":7}"), 400, "invalid_field"),
                bad("empty author", Requests.post("/notes", "{\"text\":\"hi\",\"author\":\"\"}"), 400, "invalid_field"),
                bad("author over 64 characters", Requests.post("/notes", "{\"text\":\"hi\",\"author\":\"" + "a".repeat(65) + "\"}"), 400, "invalid_field"),
                bad("author with a line break", Requests.post("/notes", "{\"text\":\"hi\",\"author\":\"a\\nb\"}"), 400, "invalid_field"),
                bad("unknown field", Requests.post("/notes", "{\"text\":\"hi\",\"id\":\"01HX\"}"), 400, "unknown_field"),
                bad("duplicate field", Requests.post("/notes", "{\"text\":\"a\",\"text\":\"b\"}"), 400, "invalid_json"),
                bad("content after the JSON", Requests.post("/notes", "{\"text\":\"a\"} {}"), 400, "invalid_json"),
                bad("body over 16 KiB", Requests.post("/notes", "{\"text\":\"" + "x".repeat(16 * 1024) + "\"}"), 413, "payload_too_large"),
                bad("multibyte body over 16 KiB", Requests.post("/notes", "{\"text\":\"" + "\u00e9".repeat(8200) + "\"}"), 413, "payload_too_large"),
                bad("base64 body over 16 KiB", Requests.post("/notes", null).base64Body(b64("{\"text\":\"" + "x".repeat(17000) + "\"}")), 413, "payload_too_large"),
                bad("invalid base64", Requests.post("/notes", null).base64Body("%%%not-base64"), 400, "invalid_body"),
                bad("invalid UTF-8", Requests.post("/notes", null).base64Body(Base64.getEncoder().encodeToString(new byte[] {'{', '"', (byte) 0xC3, '"', '}'})), 400, "invalid_json"),
                bad("text/plain content type", Requests.post("/notes", "{\"text\":\"hi\"}").header("content-type", "text/plain"), 415, "unsupported_media_type"),
                bad("no content type", Requests.post("/notes", "{\"text\":\"hi\"}").header("content-type", null), 415, "unsupported_media_type"),
                bad("latin-1 charset", Requests.post("/notes", "{\"text\":\"hi\"}").header("content-type", "application/json; charset=iso-8859-1"), 415, "unsupported_media_type"),
                bad("form content type", Requests.post("/notes", "text=hi").header("content-type", "application/x-www-form-urlencoded"), 415, "unsupported_media_type"),
                bad("query parameter on POST", Requests.post("/notes", "{\"text\":\"hi\"}").query("author", "x"), 400, "unknown_parameter"),
                bad("limit 0", Requests.get("/notes").query("limit", "0"), 400, "invalid_limit"),
                bad("limit 101", Requests.get("/notes").query("limit", "101"), 400, "invalid_limit"),
                bad("limit not a number", Requests.get("/notes").query("limit", "ten"), 400, "invalid_limit"),
                bad("negative limit", Requests.get("/notes").query("limit", "-1"), 400, "invalid_limit"),
                bad("repeated limit", Requests.get("/notes").query("limit", "1,2"), 400, "invalid_limit"),
                bad("unknown query parameter", Requests.get("/notes").query("sort", "asc"), 400, "unknown_parameter"),
                bad("garbage cursor", Requests.get("/notes").query("cursor", "not a cursor!"), 400, "invalid_cursor"),
                bad("empty cursor", Requests.get("/notes").query("cursor", ""), 400, "invalid_cursor"),
                bad("base64 of non-JSON cursor", Requests.get("/notes").query("cursor", b64url("hello")), 400, "invalid_cursor"),
                bad("forged cursor key", Requests.get("/notes").query("cursor",
                        b64url("{\"v\":1,\"list\":\"notes\",\"key\":{\"feed\":\"all\",\"id\":\"x\"}}")), 400, "invalid_cursor"),
                bad("cursor with extra key attribute", Requests.get("/notes").query("cursor",
                        b64url("{\"v\":1,\"list\":\"notes\",\"key\":{\"feed\":\"all\",\"id\":\"01HXBBBBBBBBBBBBBBBBBBBBBB\",\"text\":\"x\"}}")), 400, "invalid_cursor"),
                bad("overlong cursor", Requests.get("/notes").query("cursor", "A".repeat(600)), 400, "invalid_cursor"),
                bad("notes cursor used for replies", Requests.get("/notes/" + EXISTING).query("cursor", notesCursor), 400, "invalid_cursor"),
                bad("replies cursor of another note", Requests.get("/notes/" + EXISTING).query("cursor",
                        Cursors.repliesAfter(MISSING, "01HXBBBBBBBBBBBBBBBBBBBBBB")), 400, "invalid_cursor"),
                bad("malformed note id", Requests.get("/notes/not-an-id"), 400, "invalid_id"),
                bad("lower-case note id", Requests.get("/notes/" + EXISTING.toLowerCase()), 400, "invalid_id"),
                bad("malformed note id on reply", Requests.post("/notes/12345/replies", "{\"text\":\"hi\"}"), 400, "invalid_id"),
                bad("missing note", Requests.get("/notes/" + MISSING), 404, "note_not_found"),
                bad("reply to a missing note", Requests.post("/notes/" + MISSING + "/replies", "{\"text\":\"hi\"}"), 404, "note_not_found"),
                bad("empty reply text", Requests.post("/notes/" + EXISTING + "/replies", "{\"text\":\"\"}"), 400, "invalid_field"),
                bad("reply with unknown field", Requests.post("/notes/" + EXISTING + "/replies", "{\"text\":\"a\",\"noteId\":\"b\"}"), 400, "unknown_field"),
                bad("unknown path", Requests.get("/users"), 404, "not_found"),
                bad("trailing slash", Requests.get("/notes/"), 404, "not_found"),
                bad("deeper path", Requests.get("/notes/" + EXISTING + "/replies/x"), 404, "not_found"),
                bad("DELETE a note", Requests.method("DELETE", "/notes/" + EXISTING), 405, "method_not_allowed"),
                bad("PUT notes", Requests.method("PUT", "/notes").body("{}"), 405, "method_not_allowed"),
                bad("GET replies", Requests.get("/notes/" + EXISTING + "/replies"), 405, "method_not_allowed"),
                // methods are case-sensitive: a lower-case POST with a valid body writes nothing
                bad("lower-case post", Requests.method("post", "/notes").body("{\"text\":\"hi\"}"), 405, "method_not_allowed"),
                bad("lower-case get", Requests.method("get", "/notes"), 405, "method_not_allowed"),
                bad("mixed-case reply", Requests.method("Post", "/notes/" + EXISTING + "/replies").body("{\"text\":\"hi\"}"), 405, "method_not_allowed"),
                // every Unicode space separator counts as whitespace
                bad("no-break space text", Requests.post("/notes", "{\"text\":\"\u00a0\u00a0\"}"), 400, "invalid_field"),
                bad("figure space text", Requests.post("/notes", "{\"text\":\"\u2007\"}"), 400, "invalid_field"),
                bad("narrow no-break space author", Requests.post("/notes", "{\"text\":\"hi\",\"author\":\"\u202f\"}"), 400, "invalid_field"),
                bad("ideographic space text", Requests.post("/notes", "{\"text\":\"\u3000 \u2003\"}"), 400, "invalid_field"),
                // a number whose exponent no decimal can hold is refused as JSON, in any field
                bad("exponent overflow in author", Requests.post("/notes", "{\"text\":\"x\",\"author\":1e9999999999}"), 400, "invalid_json"),
                bad("exponent past int range", Requests.post("/notes", "{\"text\":1E2147483648}"), 400, "invalid_json"),
                bad("negative exponent past int range", Requests.post("/notes", "{\"x\":0.1e-2147483648,\"text\":\"a\"}"), 400, "invalid_json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequest_getsItsStatusAndCode_andWritesNothing(String name, Requests request, int status, String code) {
        // An existing note, made directly in the table (not through the API, so nothing is logged).
        tables.putItem(PutItemRequest.builder().tableName(TestApp.NOTES).item(Map.of(
                "id", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(EXISTING),
                "feed", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("all"),
                "text", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("exists"),
                "createdAt", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("2024-05-01T00:00:00.000Z")))
                .build());
        tables.forgetRequests();

        APIGatewayV2HTTPResponse response = app.call(request.header("origin", TestApp.ORIGIN));

        assertThat(response.getStatusCode()).isEqualTo(status);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("error", code).containsEntry("requestId", "req-1");
        assertThat((String) body.get("message")).isNotBlank().doesNotContain("Exception");
        assertThat(response.getHeaders()).containsEntry("content-type", "application/json; charset=utf-8")
                .containsEntry("access-control-allow-origin", TestApp.ORIGIN);
        assertThat(tables.calls("PutItem")).isZero();
        assertThat(app.sink.lines()).as("no write-ahead line").isEmpty();
        assertThat(tables.size(TestApp.NOTES)).isEqualTo(1);
        assertThat(tables.size(TestApp.REPLIES)).isZero();
        assertThat(app.errors).as("a refused request is not an internal error").isEmpty();
    }

    private static Arguments bad(String name, Requests request, int status, String code) {
        return Arguments.of(name, request, status, code);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
