package dev.notesbackup.notes.cli;

import dev.notesbackup.notes.api.NotesApi;
import dev.notesbackup.notes.api.NotesApp;
import dev.notesbackup.notes.aws.AwsClients;
import dev.notesbackup.notes.config.NotesConfig;
import dev.notesbackup.notes.lambda.NotesApiHandler;
import dev.notesbackup.notes.local.LocalNotesServer;
import dev.notesbackup.notes.store.TableDefinitions;
import dev.notesbackup.notes.wal.StdoutWalSink;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/** {@code serve}: the notes API on localhost through the real handler, against the DynamoDB of AWS_ENDPOINT_URL. */
final class ServeCommand {
    static final String USAGE = """
            serve [--port 8080] [--host 127.0.0.1] [--notes-table NAME] [--replies-table NAME]
                  [--allowed-origins ORIGINS] [--create-tables]
              Serves the API on http://HOST:PORT, turning each request into an API Gateway (HTTP API, payload
              2.0) event for the Lambda handler. Tables default to NOTES_TABLE / REPLIES_TABLE, else notes /
              replies; origins to ALLOWED_ORIGINS. --create-tables creates missing tables (for moto).
              Region and endpoint come from AWS_REGION and AWS_ENDPOINT_URL. Write-ahead lines go to stdout.""";

    private static final Set<String> VALUED = Set.of("--port", "--host", "--notes-table", "--replies-table",
            "--allowed-origins");
    private static final Set<String> FLAGS = Set.of("--create-tables");

    private ServeCommand() {
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Args options = Args.parse(args, 1, VALUED, FLAGS);
        int port = options.intValue("--port", 8080, 0, 65535);
        String host = options.has("--host") ? options.get("--host") : "127.0.0.1";
        Map<String, String> settings = new HashMap<>(env);
        settings.putIfAbsent(NotesConfig.NOTES_TABLE, "notes");
        settings.putIfAbsent(NotesConfig.REPLIES_TABLE, "replies");
        override(settings, NotesConfig.NOTES_TABLE, options.get("--notes-table"));
        override(settings, NotesConfig.REPLIES_TABLE, options.get("--replies-table"));
        override(settings, NotesConfig.ALLOWED_ORIGINS, options.get("--allowed-origins"));
        NotesConfig config = NotesConfig.fromEnvironment(settings);

        DynamoDbClient db = AwsClients.apiDynamoDb(AwsClients.httpClient());
        if (options.has("--create-tables")) {
            createIfMissing(db, TableDefinitions.notesTable(config.notesTable()), err);
            createIfMissing(db, TableDefinitions.repliesTable(config.repliesTable()), err);
        }
        NotesApi api = NotesApp.create(config, db, new StdoutWalSink(out), Clock.systemUTC(), err::println);
        LocalNotesServer server = LocalNotesServer.start(host, port, new NotesApiHandler(api), err);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "notes-local-shutdown"));
        // The JVM's own uptime (millisecond precision; the process start time from the OS is not).
        String since = ", ready " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms after JVM start";
        err.println("notes API listening on " + server.baseUri() + " (notes table " + config.notesTable()
                + ", replies table " + config.repliesTable()
                + ", allowed origins " + (config.allowedOrigins().isEmpty() ? "none" : config.allowedOrigins())
                + since + ")");
        stopped.await();
        return 0;
    }

    private static void override(Map<String, String> settings, String name, String value) {
        if (value != null) {
            settings.put(name, value);
        }
    }

    /** Reports on stderr, so that stdout carries only write-ahead lines ({@code serve > wal.log}). */
    private static void createIfMissing(DynamoDbClient db, CreateTableRequest request, PrintStream out) {
        try {
            db.createTable(request);
            db.waiter().waitUntilTableExists(b -> b.tableName(request.tableName()));
            out.println("created table " + request.tableName());
        } catch (ResourceInUseException e) {
            out.println("table " + request.tableName() + " exists");
        }
    }
}
