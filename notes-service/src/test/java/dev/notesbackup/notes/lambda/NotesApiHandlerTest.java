package dev.notesbackup.notes.lambda;

import static dev.notesbackup.notes.support.TestApp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.support.Requests;
import dev.notesbackup.notes.support.TestApp;
import dev.notesbackup.testsupport.InMemoryDynamoDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

class NotesApiHandlerTest {
    private final InMemoryDynamoDb tables = TestApp.inMemoryTables(TestApp.NOTES, TestApp.REPLIES);
    private final TestApp app = new TestApp(tables);

    @Test
    void createNote_returns201WithTheNote_whenValid() {
        APIGatewayV2HTTPResponse response = app.call(Requests.post("/notes", "{\"text\":\"stay home\",\"author\":\"ann\"}"));

        assertThat(response.getStatusCode()).isEqualTo(201);
        Map<String, Object> note = json(response);
        assertThat(note).containsEntry("text", "stay home").containsEntry("author", "ann")
                .containsEntry("createdAt", "2024-05-01T10:15:30.123Z");
        assertThat((String) note.get("id")).matches("[0-7][0-9A-HJKMNP-TV-Z]{25}");
        assertThat(response.getHeaders()).containsEntry("location", "/notes/" + note.get("id"))
                .containsEntry("content-type", "application/json; charset=utf-8")
                .containsEntry("x-request-id", "req-1");
        assertThat(tables.size(TestApp.NOTES)).isEqualTo(1);
    }

    @Test
    void createNote_storesNullAuthor_whenAuthorOmittedOrNull() {
        Map<String, Object> first = json(app.call(Requests.post("/notes", "{\"text\":\"a\"}")));
        Map<String, Object> second = json(app.call(Requests.post("/notes", "{\"text\":\"b\",\"author\":null}")));

        assertThat(first).containsEntry("author", null);
        assertThat(second).containsEntry("author", null);
        assertThat(tables.items(TestApp.NOTES)).allSatisfy(item -> assertThat(item).doesNotContainKey("author"));
    }

    @Test
    void getNote_returnsNoteWithRepliesOldestFirst_whenRepliesExist() {
        String id = (String) json(app.call(Requests.post("/notes", "{\"text\":\"note\"}"))).get("id");
        for (String text : List.of("first", "second", "third")) {
            APIGatewayV2HTTPResponse reply = app.call(Requests.post("/notes/" + id + "/replies", "{\"text\":\"" + text + "\"}"));
            assertThat(reply.getStatusCode()).isEqualTo(201);
            assertThat(json(reply)).containsEntry("noteId", id).containsEntry("text", text);
        }

        APIGatewayV2HTTPResponse response = app.call(Requests.get("/notes/" + id));

        assertThat(response.getStatusCode()).isEqualTo(200);
        Map<String, Object> body = json(response);
        assertThat(map(body.get("note"))).containsEntry("id", id).containsEntry("text", "note");
        assertThat(texts(body.get("replies"))).containsExactly("first", "second", "third");
        assertThat(body).containsEntry("nextCursor", null);
    }

    @Test
    void listNotes_pagesNewestFirstAcrossThreePages_whenFollowingTheCursor() {
        for (int i = 1; i <= 7; i++) {
            assertThat(app.call(Requests.post("/notes", "{\"text\":\"note " + i + "\"}")).getStatusCode()).isEqualTo(201);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Requests request = Requests.get("/notes").query("limit", "3");
            if (cursor != null) {
                request.query("cursor", cursor);
            }
            APIGatewayV2HTTPResponse response = app.call(request);
            assertThat(response.getStatusCode()).isEqualTo(200);
            Map<String, Object> body = json(response);
            seen.addAll(texts(body.get("notes")));
            cursor = (String) body.get("nextCursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("note 7", "note 6", "note 5", "note 4", "note 3", "note 2", "note 1");
    }

    @Test
    void listNotes_hasNoCursor_whenTheLastPageIsExactlyFull() {
        for (int i = 1; i <= 4; i++) {
            app.call(Requests.post("/notes", "{\"text\":\"n" + i + "\"}"));
        }
        Map<String, Object> first = json(app.call(Requests.get("/notes").query("limit", "2")));
        Map<String, Object> second = json(app.call(Requests.get("/notes").query("limit", "2")
                .query("cursor", (String) first.get("nextCursor"))));

        assertThat(texts(second.get("notes"))).containsExactly("n2", "n1");
        assertThat(second).containsEntry("nextCursor", null);
    }

    @Test
    void getNote_pagesReplies_whenMoreThanTheLimit() {
        String id = (String) json(app.call(Requests.post("/notes", "{\"text\":\"note\"}"))).get("id");
        for (int i = 1; i <= 5; i++) {
            app.call(Requests.post("/notes/" + id + "/replies", "{\"text\":\"r" + i + "\"}"));
        }
        Map<String, Object> first = json(app.call(Requests.get("/notes/" + id).query("limit", "2")));
        Map<String, Object> second = json(app.call(Requests.get("/notes/" + id).query("limit", "2")
                .query("cursor", (String) first.get("nextCursor"))));
        Map<String, Object> third = json(app.call(Requests.get("/notes/" + id).query("limit", "2")
                .query("cursor", (String) second.get("nextCursor"))));

        assertThat(texts(first.get("replies"))).containsExactly("r1", "r2");
        assertThat(texts(second.get("replies"))).containsExactly("r3", "r4");
        assertThat(texts(third.get("replies"))).containsExactly("r5");
        assertThat(third).containsEntry("nextCursor", null);
    }

    @Test
    void reply_returns404AndWritesNothing_whenNoteMissing() {
        APIGatewayV2HTTPResponse response = app.call(
                Requests.post("/notes/01HXAAAAAAAAAAAAAAAAAAAAAA/replies", "{\"text\":\"hello?\"}"));

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(json(response)).containsEntry("error", "note_not_found");
        assertThat(tables.calls("PutItem")).isZero();
        assertThat(app.sink.lines()).isEmpty();
    }

    @Test
    void getNote_returns404_whenNoteMissing() {
        APIGatewayV2HTTPResponse response = app.call(Requests.get("/notes/01HXAAAAAAAAAAAAAAAAAAAAAA"));

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(json(response)).containsEntry("error", "note_not_found").containsKey("message");
    }

    @Test
    void createNote_returns500WithRequestIdAndNoAwsDetail_whenPutFails() {
        DynamoDbClient db = mock(DynamoDbClient.class);
        when(db.putItem(any(PutItemRequest.class))).thenThrow(DynamoDbException.builder()
                .message("User: arn:aws:sts::123456789012:assumed-role/secret is not authorized")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException")
                        .errorMessage("arn:aws:sts::123456789012 secret").build())
                .statusCode(400).build());
        TestApp failing = new TestApp(db);

        APIGatewayV2HTTPResponse response = failing.call(Requests.post("/notes", "{\"text\":\"x\"}").requestId("abc-123"));

        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(json(response)).containsEntry("error", "internal_error").containsEntry("requestId", "abc-123");
        assertThat(response.getBody()).doesNotContain("arn:", "123456789012", "secret", "Exception", "at dev.");
        assertThat(response.getHeaders()).containsEntry("x-request-id", "abc-123");
        assertThat(failing.errors).singleElement().asString().contains("abc-123", "AccessDeniedException");
        assertThat(failing.sink.lines()).as("the write-ahead line stays as evidence").hasSize(1);
    }

    @Test
    void listNotes_returns500WithoutDetail_whenQueryFails() {
        DynamoDbClient db = mock(DynamoDbClient.class);
        when(db.query(any(QueryRequest.class))).thenThrow(new IllegalStateException("boom: internal detail"));
        TestApp failing = new TestApp(db);

        APIGatewayV2HTTPResponse response = failing.call(Requests.get("/notes"));

        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).doesNotContain("boom", "IllegalState");
    }

    @Test
    void getNote_returns500_whenStoredItemIsCorrupt() {
        DynamoDbClient db = mock(DynamoDbClient.class);
        when(db.getItem(any(GetItemRequest.class))).thenReturn(software.amazon.awssdk.services.dynamodb.model.GetItemResponse
                .builder().item(Map.of("id", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("bad"))).build());
        TestApp failing = new TestApp(db);

        assertThat(failing.call(Requests.get("/notes/01HXAAAAAAAAAAAAAAAAAAAAAA")).getStatusCode()).isEqualTo(500);
    }

    @Test
    void responses_echoOriginWithVary_whenOriginAllowed() {
        APIGatewayV2HTTPResponse response = app.call(Requests.get("/notes").header("origin", TestApp.ORIGIN));

        assertThat(response.getHeaders())
                .containsEntry("access-control-allow-origin", TestApp.ORIGIN)
                .containsEntry("vary", "origin")
                .containsEntry("access-control-expose-headers", "location,x-request-id");
    }

    @Test
    void responses_haveNoAllowOrigin_whenOriginNotAllowed() {
        APIGatewayV2HTTPResponse response = app.call(Requests.get("/notes").header("origin", "https://evil.example"));

        assertThat(response.getHeaders()).doesNotContainKey("access-control-allow-origin").containsEntry("vary", "origin");
        assertThat(response.getHeaders().values()).doesNotContain("*");
    }

    @Test
    void errorResponses_carryCorsHeaders_whenOriginAllowed() {
        APIGatewayV2HTTPResponse response = app.call(Requests.post("/notes", "{").header("origin", TestApp.ORIGIN));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getHeaders()).containsEntry("access-control-allow-origin", TestApp.ORIGIN);
    }

    @Test
    void preflight_allowsConfiguredOriginOnly() {
        APIGatewayV2HTTPResponse allowed = app.call(Requests.method("OPTIONS", "/notes")
                .header("origin", TestApp.ORIGIN).header("access-control-request-method", "POST"));
        APIGatewayV2HTTPResponse refused = app.call(Requests.method("OPTIONS", "/notes")
                .header("origin", "https://evil.example").header("access-control-request-method", "POST"));

        assertThat(allowed.getStatusCode()).isEqualTo(204);
        assertThat(allowed.getHeaders()).containsEntry("access-control-allow-origin", TestApp.ORIGIN)
                .containsEntry("access-control-allow-methods", "GET,POST,OPTIONS")
                .containsEntry("access-control-allow-headers", "content-type")
                .containsEntry("access-control-max-age", "600");
        assertThat(refused.getStatusCode()).isEqualTo(204);
        assertThat(refused.getHeaders()).doesNotContainKey("access-control-allow-origin");
        assertThat(tables.calls("PutItem")).isZero();
    }

    @Test
    void createNote_acceptsBase64Body_whenFlagged() {
        String encoded = java.util.Base64.getEncoder().encodeToString("{\"text\":\"über\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        APIGatewayV2HTTPResponse response = app.call(Requests.post("/notes", null).base64Body(encoded));

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(json(response)).containsEntry("text", "über");
    }

    @Test
    void createNote_acceptsCharsetParameter_whenUtf8() {
        APIGatewayV2HTTPResponse response = app.call(Requests.post("/notes", "{\"text\":\"x\"}")
                .header("content-type", "Application/JSON; charset=UTF-8"));

        assertThat(response.getStatusCode()).isEqualTo(201);
    }

    @Test
    void createNote_acceptsLimits_whenExactlyAtTheMaximum() {
        String text = "\uD83D\uDE00".repeat(2000); // 2000 characters, 4000 UTF-16 units, 8000 bytes
        String author = "a".repeat(64);
        APIGatewayV2HTTPResponse response = app.call(Requests.post("/notes",
                Json.write(Map.of("text", text, "author", author))));

        assertThat(response.getStatusCode()).isEqualTo(201);
    }

    @Test
    void handler_usesLambdaRequestId_whenEventHasNone() {
        var event = Requests.get("/notes").event();
        event.getRequestContext().setRequestId(null);
        var context = mock(com.amazonaws.services.lambda.runtime.Context.class);
        when(context.getAwsRequestId()).thenReturn("lambda-req");

        APIGatewayV2HTTPResponse response = app.handler.handleRequest(event, context);

        assertThat(response.getHeaders()).containsEntry("x-request-id", "lambda-req");
    }

    @Test
    void handler_returns404_whenEventIsNull() {
        APIGatewayV2HTTPResponse response = app.handler.handleRequest(null, null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getHeaders()).containsKey("x-request-id");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> texts(Object list) {
        List<String> texts = new ArrayList<>();
        for (Object element : (List<Object>) list) {
            texts.add((String) ((Map<String, Object>) element).get("text"));
        }
        return texts;
    }
}
