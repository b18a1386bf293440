package dev.notesbackup.verify.runtime;

import dev.notesbackup.testsupport.lambdaruntime.FunctionDefinition;
import dev.notesbackup.testsupport.lambdaruntime.LambdaEnvironment;
import dev.notesbackup.testsupport.lambdaruntime.RuntimeApiServer;
import dev.notesbackup.testsupport.lambdaruntime.RuntimeInterfaceClient;
import dev.notesbackup.testsupport.lambdaruntime.TemplateTables;
import dev.notesbackup.testsupport.lambdaruntime.HttpApiEvents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.testsupport.Samconfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The notes stack's function run by AWS's runtime interface client against the local Runtime API,
 * with notes-service/template.yaml's handler string, environment and logging configuration as
 * samconfig.toml's notes env deploys it: an API Gateway HTTP API (payload 2.0) event for every
 * route the template declares, the responses, and the write-ahead lines on standard output.
 */
@ExtendWith(MotoExtension.class)
class NotesFunctionRuntimeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Non-ASCII on purpose: the log must carry it as UTF-8 whatever the locale. */
    private static final String TEXT = "Stay home — 家にいて 🏠 «Ünïcødé»";
    private static final String AUTHOR = "Zoë";
    private static final String REPLY = "Merci, ça va ✓";

    private static RuntimeInterfaceClient ric;
    private final Samconfig.Env notes = Samconfig.ofRepository().env("notes");
    private Map<String, String> tables;
    private String origin;

    @BeforeAll
    static void runtime() {
        ric = RuntimeInterfaceClient.fromBuild();
    }

    @BeforeEach
    void tables(MotoServer moto) {
        try (DynamoDbClient dynamo = LocalAws.dynamoDb(moto.endpoint())) {
            tables = TemplateTables.create(dynamo, notes);
        }
        origin = notes.parameterOverrides().get("AllowedOrigins").split(",")[0];
    }

    @Test
    void everyDeclaredRoute_answersThroughTheRuntime_andEachWriteLogsItsWriteAheadLine(MotoServer moto) throws Exception {
        FunctionDefinition function = FunctionDefinition.fromTemplate(notes, "NotesApiFunction", Map.of());
        assertThat(function.environment()).containsEntry("NOTES_TABLE", tables.get("NotesTable"))
                .containsEntry("REPLIES_TABLE", tables.get("RepliesTable"));
        Set<String> routesSent = new LinkedHashSet<>();

        try (LambdaEnvironment lambda = LambdaEnvironment.start(function, notes.region(), moto.endpoint(), ric)) {
            HttpApiEvents.Event create = HttpApiEvents.event("POST /notes", "/notes", Map.of(), "", jsonHeaders(),
                    JSON.createObjectNode().put("text", TEXT).put("author", AUTHOR).toString());
            JsonNode created = call(lambda, create, routesSent);
            assertThat(created.path("statusCode").asInt()).as("%s", created).isEqualTo(201);
            JsonNode note = JSON.readTree(created.path("body").asText());
            String id = note.path("id").asText();
            assertThat(note.path("text").asText()).isEqualTo(TEXT);
            assertThat(note.path("author").asText()).isEqualTo(AUTHOR);
            assertThat(header(created, "location")).isEqualTo("/notes/" + id);
            assertThat(header(created, "x-request-id")).isEqualTo(create.requestId());
            assertThat(header(created, "access-control-allow-origin")).isEqualTo(origin);

            HttpApiEvents.Event reply = HttpApiEvents.event("POST /notes/{id}/replies", "/notes/" + id + "/replies",
                    Map.of("id", id), "", jsonHeaders(), JSON.createObjectNode().put("text", REPLY).toString());
            JsonNode replied = call(lambda, reply, routesSent);
            assertThat(replied.path("statusCode").asInt()).as("%s", replied).isEqualTo(201);
            JsonNode replyBody = JSON.readTree(replied.path("body").asText());
            assertThat(replyBody.path("noteId").asText()).isEqualTo(id);
            assertThat(replyBody.path("text").asText()).isEqualTo(REPLY);

            JsonNode read = call(lambda, HttpApiEvents.event("GET /notes/{id}", "/notes/" + id, Map.of("id", id), "",
                    Map.of("origin", origin), null), routesSent);
            assertThat(read.path("statusCode").asInt()).as("%s", read).isEqualTo(200);
            JsonNode readBody = JSON.readTree(read.path("body").asText());
            assertThat(readBody.path("note").path("text").asText()).isEqualTo(TEXT);
            assertThat(readBody.path("replies").findValuesAsText("text")).containsExactly(REPLY);

            JsonNode listed = call(lambda, HttpApiEvents.event("GET /notes", "/notes", Map.of(), "limit=10",
                    Map.of("origin", origin), null), routesSent);
            assertThat(listed.path("statusCode").asInt()).as("%s", listed).isEqualTo(200);
            JsonNode listBody = JSON.readTree(listed.path("body").asText());
            assertThat(listBody.path("notes").findValuesAsText("id")).containsExactly(id);
            assertThat(listBody.path("notes").get(0).path("text").asText()).isEqualTo(TEXT);

            JsonNode refused = call(lambda, HttpApiEvents.event("POST /notes", "/notes", Map.of(), "", jsonHeaders(),
                    "{\"text\": 5}"), routesSent);
            assertThat(refused.path("statusCode").asInt()).as("%s", refused).isEqualTo(400);

            assertThat(routesSent).as("every route the template declares is exercised")
                    .containsExactlyInAnyOrderElementsOf(function.httpRoutes());

            List<JsonNode> wal = writeAheadLines(lambda.stdout());
            assertThat(wal).as("one write-ahead line per accepted write, none for the refused one: %s", lambda.stdout())
                    .hasSize(2);
            JsonNode noteLine = wal.get(0);
            assertThat(noteLine.path("v").asInt()).as("WAL.md's record version").isEqualTo(2);
            assertThat(noteLine.path("sha256").asText()).as("the record's integrity check").matches("[0-9a-f]{64}");
            assertThat(noteLine.path("event").asText()).isEqualTo("put");
            assertThat(noteLine.path("entity").asText()).isEqualTo("note");
            assertThat(noteLine.path("table").asText()).isEqualTo(tables.get("NotesTable"));
            assertThat(noteLine.path("key").path("id").asText()).isEqualTo(id);
            assertThat(noteLine.path("item").path("text").asText()).as("UTF-8 on stdout").isEqualTo(TEXT);
            assertThat(noteLine.path("item").path("author").asText()).isEqualTo(AUTHOR);
            assertThat(noteLine.path("requestId").asText()).isEqualTo(create.requestId());
            JsonNode replyLine = wal.get(1);
            assertThat(replyLine.path("entity").asText()).isEqualTo("reply");
            assertThat(replyLine.path("table").asText()).isEqualTo(tables.get("RepliesTable"));
            assertThat(replyLine.path("key").path("noteId").asText()).isEqualTo(id);
            assertThat(replyLine.path("item").path("text").asText()).isEqualTo(REPLY);
            assertThat(replyLine.path("requestId").asText()).isEqualTo(reply.requestId());
        }
    }

    /**
     * What the function's log group would receive from a cold start and a write: standard output
     * and standard error, and nothing but write-ahead lines, so a replay of the log finds no line
     * it cannot account for.
     */
    @Test
    void coldStartAndWrite_logNothingButWriteAheadLines(MotoServer moto) {
        FunctionDefinition function = FunctionDefinition.fromTemplate(notes, "NotesApiFunction", Map.of());
        try (LambdaEnvironment lambda = LambdaEnvironment.start(function, notes.region(), moto.endpoint(), ric)) {
            HttpApiEvents.Event create = HttpApiEvents.event("POST /notes", "/notes", Map.of(), "", jsonHeaders(),
                    JSON.createObjectNode().put("text", TEXT).toString());
            JsonNode created = JSON.valueToTree(parse(lambda.invoke(create.json()).body()));
            assertThat(created.path("statusCode").asInt()).as("%s", created).isEqualTo(201);

            assertThat(lambda.logLines()).as("stdout and stderr of the environment")
                    .hasSize(1)
                    .allSatisfy(line -> assertThat(BackupFunctionRuntimeIT.json(line))
                            .hasValueSatisfying(node -> assertThat(node.path("type").asText()).isEqualTo("notes-wal")));
        }
    }

    private Map<String, String> jsonHeaders() {
        return Map.of("content-type", "application/json; charset=utf-8", "origin", origin);
    }

    private static JsonNode call(LambdaEnvironment lambda, HttpApiEvents.Event event, Set<String> routes) {
        routes.add(JSON.valueToTree(parse(event.json())).path("routeKey").asText());
        RuntimeApiServer.Outcome outcome = lambda.invoke(event.json());
        assertThat(outcome.success()).as("%s\n%s", outcome.body(), lambda.logLines()).isTrue();
        return parse(outcome.body());
    }

    private static String header(JsonNode response, String name) {
        return response.path("headers").path(name).asText(null);
    }

    static List<JsonNode> writeAheadLines(List<String> lines) {
        return lines.stream().map(BackupFunctionRuntimeIT::json).flatMap(java.util.Optional::stream)
                .filter(node -> "notes-wal".equals(node.path("type").asText())).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
