package dev.notesbackup.notes.support;

import dev.notesbackup.notes.api.NotesApp;
import dev.notesbackup.notes.config.NotesConfig;
import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.lambda.NotesApiHandler;
import dev.notesbackup.notes.local.LocalNotesServer;
import dev.notesbackup.notes.store.TableDefinitions;
import dev.notesbackup.notes.wal.WalSink;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * The notes API as the integration tests see it: the real handler behind {@link LocalNotesServer}
 * on a free loopback port, over a real SDK DynamoDbClient talking HTTP to moto, with the write-ahead
 * sink of the test's choosing. Also a second, independent DynamoDbClient for checks (scans, gets),
 * and helpers for real HTTP requests.
 */
public final class NotesOnMoto implements AutoCloseable {
    public static final String NOTES = "notes-it";
    public static final String REPLIES = "replies-it";
    public static final String ORIGIN = "https://notes.example.com";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    public final MotoServer moto;
    /** The client the API uses (with the test's interceptors, no retries). */
    public final DynamoDbClient appDb;
    /** A separate client for the test's own checks. */
    public final DynamoDbClient db;
    public final LocalNotesServer server;
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private final List<String> errorLines = new ArrayList<>();

    private NotesOnMoto(MotoServer moto, WalSink sink, List<ExecutionInterceptor> interceptors) {
        this.moto = moto;
        this.db = LocalAws.dynamoDb(moto.endpoint());
        ClientOverrideConfiguration.Builder overrides = LocalAws.noRetries().toBuilder();
        interceptors.forEach(overrides::addExecutionInterceptor);
        this.appDb = LocalAws.client(DynamoDbClient.builder(), moto.endpoint(), overrides.build());
        createTables();
        NotesConfig config = new NotesConfig(NOTES, REPLIES, List.of(ORIGIN));
        NotesApiHandler handler = new NotesApiHandler(NotesApp.create(config, appDb, sink, Clock.systemUTC(), line -> {
            synchronized (errorLines) {
                errorLines.add(line);
            }
        }));
        try {
            this.server = LocalNotesServer.start("127.0.0.1", 0, handler, new PrintStream(errors, true, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("the local server did not start: " + e, e);
        }
    }

    /** Both tables created unless they exist (as the local server's --create-tables does), the API served. */
    public static NotesOnMoto start(MotoServer moto, WalSink sink, ExecutionInterceptor... interceptors) {
        return new NotesOnMoto(moto, sink, List.of(interceptors));
    }

    public void createTables() {
        create(TableDefinitions.notesTable(NOTES));
        create(TableDefinitions.repliesTable(REPLIES));
    }

    public void createTables(String notes, String replies) {
        create(TableDefinitions.notesTable(notes));
        create(TableDefinitions.repliesTable(replies));
    }

    /** Creates the table unless it exists. */
    private void create(CreateTableRequest request) {
        try {
            db.createTable(request);
        } catch (ResourceInUseException exists) {
            return;
        }
        db.waiter().waitUntilTableExists(b -> b.tableName(request.tableName()));
    }

    /**
     * What the incident did to the tables: both gone (deletion protection switched off first, as
     * it has to be), then made again empty from the same definitions.
     */
    public void dropAndRecreateTables() {
        dropTables();
        createTables();
    }

    /** Both tables gone (deletion protection switched off first). */
    public void dropTables() {
        for (String table : List.of(NOTES, REPLIES)) {
            db.updateTable(b -> b.tableName(table).deletionProtectionEnabled(false));
            db.deleteTable(b -> b.tableName(table));
            db.waiter().waitUntilTableNotExists(b -> b.tableName(table));
        }
    }

    /** Every item of the table (all pages), ordered by key. */
    public List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        db.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
        items.sort(Comparator.comparing((Map<String, AttributeValue> item) ->
                        item.containsKey("noteId") ? item.get("noteId").s() : "")
                .thenComparing(item -> item.get("id").s()));
        return items;
    }

    /** Everything the tests compare: both tables, every attribute. */
    public Map<String, List<Map<String, AttributeValue>>> snapshot() {
        return Map.of(NOTES, scan(NOTES), REPLIES, scan(REPLIES));
    }

    public URI uri(String pathAndQuery) {
        return server.baseUri().resolve(pathAndQuery);
    }

    public Answer get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
    }

    public Answer postJson(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    /** A note through the API; fails unless it was created. Returns its id. */
    public String createNote(String text, String author) {
        Answer answer = postJson("/notes", author == null ? Json.write(Map.of("text", text))
                : Json.write(Map.of("text", text, "author", author)));
        answer.expect(201);
        return (String) answer.json().get("id");
    }

    /** A reply through the API; fails unless it was created. Returns its id. */
    public String reply(String noteId, String text) {
        Answer answer = postJson("/notes/" + noteId + "/replies", Json.write(Map.of("text", text)));
        answer.expect(201);
        return (String) answer.json().get("id");
    }

    public Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** notes-error lines the API logged (internal errors). */
    public List<String> errorLines() {
        synchronized (errorLines) {
            return List.copyOf(errorLines);
        }
    }

    /** What the local server itself reported (handler crashes). */
    public String serverLog() {
        return errors.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close();
        appDb.close();
        db.close();
    }

    /** One HTTP answer. */
    public record Answer(int status, HttpHeaders headers, String body) {
        public Map<String, Object> json() {
            return ResponseJson.object(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public Answer expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + ", got " + status + ": " + body);
            }
            return this;
        }
    }
}
