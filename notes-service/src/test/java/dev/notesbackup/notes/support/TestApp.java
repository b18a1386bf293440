package dev.notesbackup.notes.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.notesbackup.notes.api.NotesApp;
import dev.notesbackup.notes.config.NotesConfig;
import dev.notesbackup.notes.lambda.NotesApiHandler;
import dev.notesbackup.notes.store.TableDefinitions;
import dev.notesbackup.testsupport.InMemoryDynamoDb;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The real handler over a DynamoDbClient (usually {@link #inMemoryTables}), a capturing write-ahead sink and a fixed clock. */
public final class TestApp {
    public static final String NOTES = "notes-test";
    public static final String REPLIES = "replies-test";
    public static final String ORIGIN = "https://notes.example.com";
    public static final Instant NOW = Instant.parse("2024-05-01T10:15:30.123Z");

    public final DynamoDbClient db;
    public final CapturingSink sink;
    public final List<String> errors = new ArrayList<>();
    public final NotesApiHandler handler;

    /** An in-memory account holding a notes table and a replies table as the stack defines them. */
    public static InMemoryDynamoDb inMemoryTables(String notesTable, String repliesTable) {
        InMemoryDynamoDb tables = new InMemoryDynamoDb();
        tables.createTable(TableDefinitions.notesTable(notesTable));
        tables.createTable(TableDefinitions.repliesTable(repliesTable));
        tables.forgetRequests();
        return tables;
    }

    public TestApp(DynamoDbClient db) {
        this(db, new CapturingSink());
    }

    public TestApp(DynamoDbClient db, CapturingSink sink) {
        this.db = db;
        this.sink = sink;
        NotesConfig config = new NotesConfig(NOTES, REPLIES, List.of(ORIGIN, "http://localhost:3000"));
        this.handler = new NotesApiHandler(NotesApp.create(config, db, sink, Clock.fixed(NOW, ZoneOffset.UTC),
                line -> {
                    synchronized (errors) {
                        errors.add(line);
                    }
                }));
    }

    public APIGatewayV2HTTPResponse call(Requests request) {
        return handler.handleRequest(request.event(), null);
    }

    public static Map<String, Object> json(APIGatewayV2HTTPResponse response) {
        return ResponseJson.object(response.getBody());
    }
}
