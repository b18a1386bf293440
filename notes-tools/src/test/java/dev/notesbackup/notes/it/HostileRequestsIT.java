package dev.notesbackup.notes.it;

import static dev.notesbackup.notes.support.NotesOnMoto.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.support.CapturingSink;
import dev.notesbackup.notes.support.NotesOnMoto;
import dev.notesbackup.notes.support.NotesOnMoto.Answer;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 11's hostile-input suite: well over 100 distinct refused requests over real HTTP (the local
 * server, the real handler, moto), every defect of the issue among them. Each one must get the status
 * and error code that README.md documents, the error body {@code {"error","message","requestId"}}
 * with a message that quotes nothing of the request, and change nothing: both tables scanned in full
 * before and after, no new write-ahead line, no internal error. So are the malformed requests the HTTP
 * server answers itself (README, "Local"), sent over a raw socket.
 */
@ExtendWith(MotoExtension.class)
class HostileRequestsIT {
    private static final String MISSING_ID = "01HXAAAAAAAAAAAAAAAAAAAAAA";
    /** Put in names and values that a message must not quote back. */
    private static final String CANARY = "zqxcanary";

    private final CapturingSink sink = new CapturingSink();
    private NotesOnMoto api;
    private String noteId;
    private String otherNoteId;
    private String notesCursor;
    private String repliesCursor;

    private record Hostile(String name, int status, String code, Function<HostileRequestsIT, HttpRequest.Builder> request) {
    }

    @BeforeEach
    void seed(MotoServer moto) {
        api = NotesOnMoto.start(moto, sink);
        noteId = api.createNote("older", "ann");
        api.reply(noteId, "first reply");
        api.reply(noteId, "second reply");
        otherNoteId = api.createNote("newer", null);
        api.reply(otherNoteId, "elsewhere");
        notesCursor = (String) api.get("/notes?limit=1").expect(200).json().get("nextCursor");
        repliesCursor = (String) api.get("/notes/" + noteId + "?limit=1").expect(200).json().get("nextCursor");
        assertThat(notesCursor).isNotBlank();
        assertThat(repliesCursor).isNotBlank();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @TestFactory
    Stream<DynamicTest> everyHostileRequest_getsItsDocumentedStatusAndErrorBody_andChangesNothing() {
        List<Hostile> cases = cases();
        Set<String> names = new HashSet<>();
        cases.forEach(c -> assertThat(names.add(c.name())).as("distinct case names: " + c.name()).isTrue());
        assertThat(cases.size()).as("hostile requests").isGreaterThanOrEqualTo(100);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private void check(Hostile hostile) {
        check(hostile.name(), hostile.status(), hostile.code(), () -> api.send(hostile.request().apply(this).header("Origin", ORIGIN)));
    }

    private void check(String name, int status, String code, Supplier<Answer> exchange) {
        Map<String, List<Map<String, AttributeValue>>> before = api.snapshot();
        int linesBefore = sink.lines().size();
        assertThat(before.get(NotesOnMoto.NOTES)).hasSize(2);
        assertThat(before.get(NotesOnMoto.REPLIES)).hasSize(3);

        Answer answer = exchange.get();

        assertThat(answer.status()).as(name + ": " + answer.body()).isEqualTo(status);
        assertThat(answer.header("content-type")).as(name).isEqualTo("application/json; charset=utf-8");
        Map<String, Object> body = answer.json();
        assertThat(body).as(name).containsOnlyKeys("error", "message", "requestId")
                .containsEntry("error", code)
                .containsEntry("requestId", answer.header("x-request-id"));
        assertThat((String) body.get("message")).as(name).isNotBlank()
                .doesNotContain(CANARY).doesNotContain("Exception");
        assertThat(api.snapshot()).as(name + ": both tables, every item and attribute").isEqualTo(before);
        assertThat(sink.lines()).as(name + ": no write-ahead line").hasSize(linesBefore);
        assertThat(api.errorLines()).as(name + ": not an internal error").isEmpty();
    }

    /**
     * Requests the HTTP server itself must refuse or that only a raw socket can send (README, "Local"):
     * each gets its documented status and error body too, and changes nothing. The last one sends its
     * headers and half its body, then nothing: it is answered when the server's read time is up.
     */
    @TestFactory
    Stream<DynamicTest> malformedHttp_getsItsDocumentedStatusAndErrorBody_andChangesNothing() {
        String body = "{\"text\":\"" + CANARY + "\"}";
        String headers = "Host: h\r\nContent-Type: application/json\r\n";
        List<Object[]> raw = List.of(
                new Object[] {"a negative Content-Length", 400, "malformed_request",
                        "POST /notes HTTP/1.1\r\n" + headers + "Content-Length: -5\r\n\r\n" + body},
                new Object[] {"a Content-Length that is not a number", 400, "malformed_request",
                        "POST /notes HTTP/1.1\r\n" + headers + "Content-Length: 1x\r\n\r\n" + body},
                // RFC 9112 6.3: a request whose last transfer coding is not chunked is a 400
                new Object[] {"Transfer-Encoding gzip", 400, "malformed_request",
                        "POST /notes HTTP/1.1\r\n" + headers + "Transfer-Encoding: gzip\r\n\r\n" + body},
                new Object[] {"the request target //notes", 404, "not_found",
                        "POST //notes HTTP/1.1\r\n" + headers + "Content-Length: " + body.length() + "\r\n\r\n" + body},
                new Object[] {"a lowercase method, post /notes", 405, "method_not_allowed",
                        "post /notes HTTP/1.1\r\n" + headers + "Content-Length: " + body.length() + "\r\n\r\n" + body},
                new Object[] {"a Content-Length over 1 MiB", 413, "payload_too_large",
                        "POST /notes HTTP/1.1\r\n" + headers + "Content-Length: " + (2 * 1024 * 1024) + "\r\n\r\n" + body},
                new Object[] {"a request line that is not HTTP", 400, "malformed_request", "HELLO\r\n\r\n"},
                new Object[] {"headers, then half the body, then nothing", 408, "request_timeout",
                        "POST /notes HTTP/1.1\r\n" + headers + "Content-Length: 40\r\n\r\n{\"text\":\"half"});
        return raw.stream().map(c -> DynamicTest.dynamicTest((String) c[0], () -> check((String) c[0], (int) c[1], (String) c[2],
                () -> rawExchange(api.server.baseUri(), (String) c[3]))));
    }

    // ---- the cases ---------------------------------------------------------------------------------

    private static List<Hostile> cases() {
        List<Hostile> cases = new ArrayList<>();
        // defect 2: numbers no decimal holds, in every field and position
        for (String number : List.of("1e9999999999", "1E2147483648", "0.1e-2147483648", "-1e-9999999999", "1" + "0".repeat(1001))) {
            cases.add(post("number " + abbreviate(number) + " as author", 400, "invalid_json", "{\"text\":\"x\",\"author\":" + number + "}"));
            cases.add(post("number " + abbreviate(number) + " as text", 400, "invalid_json", "{\"text\":" + number + "}"));
            cases.add(post("number " + abbreviate(number) + " first, in an unknown field", 400, "invalid_json",
                    "{\"" + CANARY + "\":" + number + ",\"text\":\"x\"}"));
            cases.add(post("number " + abbreviate(number) + " nested in an array", 400, "invalid_json",
                    "{\"text\":\"x\",\"author\":[1,[2," + number + "]]}"));
        }
        cases.add(reply("number 1E2147483648 in a reply", 400, "invalid_json", "{\"text\":1E2147483648}"));
        // defect 3: every Unicode space separator is whitespace
        for (String space : List.of("\u00a0", "\u2007", "\u202f", "\u3000", "\u1680", "\u2000", "\u2003", "\u200a", "\u205f",
                "\u2028", "\u2029")) {
            String hex = String.format("U+%04X", (int) space.charAt(0));
            cases.add(post("text only " + hex, 400, "invalid_field", Json.write(Map.of("text", space.repeat(3)))));
            cases.add(post("author only " + hex, 400, "invalid_field", Json.write(Map.of("text", "hi", "author", space))));
        }
        cases.add(reply("reply text only U+00A0 and U+202F", 400, "invalid_field", Json.write(Map.of("text", "\u00a0\u202f"))));
        // defect 5: methods are case-sensitive, and other methods
        for (String method : List.of("post", "Post", "pOST", "get", "PUT", "PATCH", "DELETE", "PROPFIND", "options")) {
            cases.add(new Hostile("method " + method + " on /notes with a valid body", 405, "method_not_allowed",
                    t -> t.at("/notes").header("Content-Type", "application/json")
                            .method(method, BodyPublishers.ofString("{\"text\":\"hello\"}"))));
        }
        cases.add(new Hostile("method post on a note's replies", 405, "method_not_allowed",
                t -> t.at("/notes/" + t.noteId + "/replies").header("Content-Type", "application/json")
                        .method("post", BodyPublishers.ofString("{\"text\":\"hello\"}"))));
        cases.add(new Hostile("POST on a note", 405, "method_not_allowed",
                t -> t.at("/notes/" + t.noteId).header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString("{\"text\":\"hello\"}"))));
        cases.add(new Hostile("GET on a note's replies", 405, "method_not_allowed", t -> t.at("/notes/" + t.noteId + "/replies").GET()));
        // defect 4: cursors that are not of the form handed out, or for another listing
        cases.add(get("a replies cursor re-keyed to another note", 400, "invalid_cursor",
                t -> "/notes/" + t.otherNoteId + "?cursor=" + t.repliesCursor));
        cases.add(get("a notes cursor on a note's replies", 400, "invalid_cursor", t -> "/notes/" + t.noteId + "?cursor=" + t.notesCursor));
        cases.add(get("a replies cursor on the notes listing", 400, "invalid_cursor", t -> "/notes?cursor=" + t.repliesCursor));
        cases.add(get("a cursor with base64 padding", 400, "invalid_cursor", t -> "/notes?cursor=" + t.notesCursor + "%3D%3D"));
        cases.add(get("a cursor with standard base64 characters", 400, "invalid_cursor", t -> "/notes?cursor=" + t.notesCursor + "%2B%2F"));
        cases.add(get("a truncated cursor", 400, "invalid_cursor", t -> "/notes?cursor=" + t.notesCursor.substring(0, t.notesCursor.length() - 5)));
        cases.add(get("an empty cursor", 400, "invalid_cursor", t -> "/notes?cursor="));
        cases.add(get("a cursor of 513 characters", 400, "invalid_cursor", t -> "/notes?cursor=" + "A".repeat(513)));
        for (Map.Entry<String, String> forged : forgedCursors().entrySet()) {
            cases.add(get("a forged notes cursor: " + forged.getKey(), 400, "invalid_cursor", t -> "/notes?cursor=" + forged.getValue()));
        }
        cases.add(get("a forged replies cursor with a bad reply id", 400, "invalid_cursor",
                t -> "/notes/" + t.noteId + "?cursor=" + b64url("{\"v\":1,\"list\":\"replies\",\"key\":{\"noteId\":\"" + t.noteId
                        + "\",\"id\":\"" + CANARY + "\"}}")));
        // defect 7: limits written plainly, nesting, long numbers, lone surrogates in names, no echo
        for (String limit : List.of("05", "00005", "0", "101", "-1", "%2B5", "1.0", "1e1", "%205", "5%20", "ten", "", "1000000000000",
                "%EF%BC%95")) {
            cases.add(get("limit '" + limit + "'", 400, "invalid_limit", t -> "/notes?limit=" + limit));
        }
        cases.add(get("limit 05 on a note's replies", 400, "invalid_limit", t -> "/notes/" + t.noteId + "?limit=05"));
        cases.add(post("nesting 65 deep", 400, "invalid_json", "{\"text\":\"x\",\"author\":" + "[".repeat(64) + "]".repeat(64) + "}"));
        cases.add(post("nesting 63 deep", 400, "invalid_field", "{\"text\":\"x\",\"author\":" + "[".repeat(62) + "]".repeat(62) + "}"));
        cases.add(post("nesting 1,000 deep", 400, "invalid_json", "{\"text\":" + "[".repeat(1000) + "]".repeat(1000) + "}"));
        cases.add(post("a lone surrogate escape in a field name", 400, "invalid_json", "{\"text\":\"x\",\"\\ud800\":1}"));
        cases.add(post("a lone surrogate escape in the text", 400, "invalid_field", "{\"text\":\"a\\udc00b\"}"));
        cases.add(post("a lone surrogate escape in the author", 400, "invalid_field", "{\"text\":\"a\",\"author\":\"\\ud83d\"}"));
        cases.add(post("an unknown field, not quoted back", 400, "unknown_field", "{\"text\":\"hi\",\"" + CANARY + "\":1}"));
        cases.add(post("an unknown field id", 400, "unknown_field", "{\"text\":\"hi\",\"id\":\"" + MISSING_ID + "\"}"));
        cases.add(post("an unknown field createdAt", 400, "unknown_field", "{\"text\":\"hi\",\"createdAt\":\"2020-01-01T00:00:00.000Z\"}"));
        cases.add(post("an unknown field Text", 400, "unknown_field", "{\"Text\":\"hi\"}"));
        cases.add(post("an unknown field 'text '", 400, "unknown_field", "{\"text \":\"hi\"}"));
        cases.add(reply("a reply with noteId", 400, "unknown_field", "{\"text\":\"hi\",\"noteId\":\"" + MISSING_ID + "\"}"));
        cases.add(get("an unknown parameter, not quoted back", 400, "unknown_parameter", t -> "/notes?" + CANARY + "=1"));
        cases.add(new Hostile("a parameter on POST", 400, "unknown_parameter",
                t -> t.at("/notes?" + CANARY + "=1").header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString("{\"text\":\"hi\"}"))));
        // JSON that is not JSON
        Map<String, String> notJson = new LinkedHashMap<>();
        notJson.put("cut off", "{\"text\": ");
        notJson.put("single quotes", "{'text':'hi'}");
        notJson.put("an unquoted name", "{text:\"hi\"}");
        notJson.put("a comment", "{\"text\":\"hi\" /* " + CANARY + " */}");
        notJson.put("a trailing comma", "{\"text\":\"hi\",}");
        notJson.put("NaN", "{\"text\":\"hi\",\"author\":NaN}");
        notJson.put("a leading zero", "{\"text\":\"hi\",\"author\":01}");
        notJson.put("a hex number", "{\"text\":\"hi\",\"author\":0x1}");
        notJson.put("a byte order mark first", "\ufeff{\"text\":\"hi\"}");
        notJson.put("a no-break space between tokens", "{\"text\":\u00a0\"hi\"}");
        notJson.put("a raw control character in a string", "{\"text\":\"a\u0001b\"}");
        notJson.put("a raw line break in a string", "{\"text\":\"a\nb\"}");
        notJson.put("a bad escape", "{\"text\":\"\\x41\"}");
        notJson.put("a short unicode escape", "{\"text\":\"\\u12\"}");
        notJson.put("a duplicate text", "{\"text\":\"a\",\"text\":\"b\"}");
        notJson.put("a duplicate author", "{\"text\":\"a\",\"author\":\"b\",\"author\":\"b\"}");
        notJson.put("content after the object", "{\"text\":\"a\"}{}");
        notJson.put("a second value", "{\"text\":\"a\"} 1");
        notJson.put("a NUL after the object", "{\"text\":\"a\"}\u0000");
        notJson.forEach((name, body) -> cases.add(post(name, 400, "invalid_json", body)));
        cases.add(new Hostile("bytes that are not UTF-8", 400, "invalid_json", t -> t.at("/notes")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, '(', '"', '}'}))));
        cases.add(new Hostile("an overlong UTF-8 slash", 400, "invalid_json", t -> t.at("/notes")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}))));
        cases.add(new Hostile("a UTF-8 encoded surrogate", 400, "invalid_json", t -> t.at("/notes")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}))));
        // JSON, but not a post
        for (String body : List.of("[\"text\"]", "\"text\"", "42", "true", "null")) {
            cases.add(post("the body " + body, 400, "invalid_body", body));
        }
        cases.add(post("an empty object", 400, "missing_field", "{}"));
        cases.add(post("only an author", 400, "missing_field", "{\"author\":\"ann\"}"));
        cases.add(new Hostile("an empty body", 400, "missing_body", t -> t.at("/notes").header("Content-Type", "application/json")
                .POST(BodyPublishers.noBody())));
        Map<String, String> badFields = new LinkedHashMap<>();
        badFields.put("text a number", "{\"text\":1}");
        badFields.put("text null", "{\"text\":null}");
        badFields.put("text an array", "{\"text\":[\"a\"]}");
        badFields.put("text an object", "{\"text\":{\"a\":\"b\"}}");
        badFields.put("text false", "{\"text\":false}");
        badFields.put("author a number", "{\"text\":\"a\",\"author\":5}");
        badFields.put("author an object", "{\"text\":\"a\",\"author\":{}}");
        badFields.put("empty text", "{\"text\":\"\"}");
        badFields.put("text of tabs and line breaks", "{\"text\":\"\\t\\n\\r \"}");
        badFields.put("text of 2,001 characters", "{\"text\":\"" + "é".repeat(2001) + "\"}");
        badFields.put("text of 2,001 emoji", "{\"text\":\"" + "\uD83D\uDE00".repeat(2001) + "\"}");
        badFields.put("empty author", "{\"text\":\"a\",\"author\":\"\"}");
        badFields.put("author of 65 characters", "{\"text\":\"a\",\"author\":\"" + "ö".repeat(65) + "\"}");
        badFields.put("author with a line break", "{\"text\":\"a\",\"author\":\"a\\nb\"}");
        badFields.put("author with a tab", "{\"text\":\"a\",\"author\":\"a\\tb\"}");
        badFields.put("text with NUL", "{\"text\":\"a\\u0000b\"}");
        badFields.put("text with DEL", "{\"text\":\"a\\u007fb\"}");
        badFields.put("text with an escape character", "{\"text\":\"a\\u001bb\"}");
        badFields.put("text with a C1 control", "{\"text\":\"a\\u0085b\"}");
        badFields.forEach((name, body) -> cases.add(post(name, 400, "invalid_field", body)));
        // size and media type
        cases.add(post("a body of 16 KiB + 1 byte", 413, "payload_too_large", "{\"text\":\"" + "x".repeat(16 * 1024 - 10) + "\"}"));
        cases.add(post("a body over 1 MiB (refused by the local server)", 413, "payload_too_large",
                "{\"text\":\"" + "x".repeat(1024 * 1024 + 1) + "\"}"));
        for (String type : List.of("text/plain", "application/json5", "application/jsonx", "application/json; charset=latin1",
                "application/json; charset=utf-16", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
                "text/json", "*/*", "")) {
            cases.add(new Hostile("Content-Type '" + type + "'", 415, "unsupported_media_type", t -> {
                HttpRequest.Builder request = t.at("/notes").POST(BodyPublishers.ofString("{\"text\":\"hi\"}"));
                return type.isEmpty() ? request : request.header("Content-Type", type);
            }));
        }
        // routes and ids
        for (String path : List.of("/", "/notes/", "/Notes", "/notes/x/y/z", "/users", "/notes%2F", "/notes/" + MISSING_ID + "/replies/",
                "/notes/" + MISSING_ID + "/Replies")) {
            cases.add(get("the path " + path, 404, "not_found", t -> path));
        }
        for (String id : List.of("not-an-id", "01HXAAAAAAAAAAAAAAAAAAAAA", "01HXAAAAAAAAAAAAAAAAAAAAAAA", "01hxaaaaaaaaaaaaaaaaaaaaaa",
                "01HXAAAAAAAAAAAAAAAAAAAAAI", "%2E%2E")) {
            cases.add(get("the note id " + id, 400, "invalid_id", t -> "/notes/" + id));
        }
        cases.add(new Hostile("a reply to a malformed note id", 400, "invalid_id", t -> t.at("/notes/not-an-id/replies")
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"text\":\"hi\"}"))));
        cases.add(get("a note that does not exist", 404, "note_not_found", t -> "/notes/" + MISSING_ID));
        cases.add(new Hostile("a reply to a note that does not exist", 404, "note_not_found", t -> t.at("/notes/" + MISSING_ID + "/replies")
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"text\":\"anyone?\"}"))));
        return cases;
    }

    private static Map<String, String> forgedCursors() {
        Map<String, String> forged = new LinkedHashMap<>();
        String id = "01HXBBBBBBBBBBBBBBBBBBBBBB";
        forged.put("another feed", b64url("{\"v\":1,\"list\":\"notes\",\"key\":{\"feed\":\"other\",\"id\":\"" + id + "\"}}"));
        forged.put("an extra key attribute", b64url("{\"v\":1,\"list\":\"notes\",\"key\":{\"feed\":\"all\",\"id\":\"" + id + "\",\"x\":1}}"));
        forged.put("a bad id", b64url("{\"v\":1,\"list\":\"notes\",\"key\":{\"feed\":\"all\",\"id\":\"" + CANARY + "\"}}"));
        forged.put("version 2", b64url("{\"v\":2,\"list\":\"notes\",\"key\":{\"feed\":\"all\",\"id\":\"" + id + "\"}}"));
        forged.put("an extra field", b64url("{\"v\":1,\"list\":\"notes\",\"key\":{\"feed\":\"all\",\"id\":\"" + id + "\"},\"x\":1}"));
        forged.put("a key that is a string", b64url("{\"v\":1,\"list\":\"notes\",\"key\":\"" + id + "\"}"));
        forged.put("a JSON array", b64url("[1,\"notes\"]"));
        forged.put("not JSON", b64url("notes after " + id));
        forged.put("a huge number", b64url("{\"v\":1e9999999999,\"list\":\"notes\",\"key\":{}}"));
        forged.put("an id of a number", b64url("{\"v\":1,\"list\":\"notes\",\"key\":{\"feed\":\"all\",\"id\":1}}"));
        return forged;
    }

    private static Hostile post(String name, int status, String code, String body) {
        return new Hostile(name, status, code, t -> t.at("/notes").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    private static Hostile reply(String name, int status, String code, String body) {
        return new Hostile(name, status, code, t -> t.at("/notes/" + t.noteId + "/replies").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    private static Hostile get(String name, int status, String code, Function<HostileRequestsIT, String> pathAndQuery) {
        return new Hostile(name, status, code, t -> t.at(pathAndQuery.apply(t)).GET());
    }

    private HttpRequest.Builder at(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(api.server.baseUri() + pathAndQuery));
    }

    private static String b64url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String text) {
        return text.length() > 20 ? text.substring(0, 4) + "...(" + text.length() + " digits)" : text;
    }

    /** Sends {@code request} as it is on a new connection and reads one response (headers and Content-Length bytes). */
    private static Answer rawExchange(URI base, String request) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int read = in.read();
                if (read < 0) {
                    throw new AssertionError("the connection closed before a response: " + head.toString(StandardCharsets.ISO_8859_1));
                }
                head.write(read);
            }
            List<String> lines = head.toString(StandardCharsets.ISO_8859_1).lines().toList();
            int status = Integer.parseInt(lines.get(0).split(" ")[1]);
            Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    fields.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
                }
            }
            int length = Integer.parseInt(fields.getOrDefault("content-length", List.of("0")).get(0));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Answer(status, HttpHeaders.of(fields, (name, value) -> true), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
