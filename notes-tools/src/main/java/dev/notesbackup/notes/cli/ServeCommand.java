package dev.notesbackup.notes.cli;

import dev.notesbackup.cli.AwsOptions;
import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.notes.api.NotesApi;
import dev.notesbackup.notes.api.NotesApp;
import dev.notesbackup.notes.config.NotesConfig;
import dev.notesbackup.notes.lambda.NotesApiHandler;
import dev.notesbackup.notes.local.LocalNotesServer;
import dev.notesbackup.notes.local.LocalWebServer;
import dev.notesbackup.notes.store.TableDefinitions;
import dev.notesbackup.notes.wal.StdoutWalSink;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * {@code serve}: the notes API on a local port through the real handler, against the DynamoDB the options name,
 * and the notes page on a port of its own (another origin, allowed by the API as the page's host must be).
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {
                "Serves the API on http://HOST:PORT, turning each request into an API Gateway (HTTP API, payload 2.0)"
                        + " event for the Lambda handler. Write-ahead lines go to standard output ('serve > wal.log'"
                        + " gives a file for 'replay --file'), everything else to standard error.",
                "Also serves the notes page on http://HOST:WEB_PORT (open it in a browser), with the security headers"
                        + " the README recommends; its origin is added to the API's allowed origins.",
                "Runs until SIGTERM or Ctrl-C, which close the server; the exit status is then the signal's"
                        + " (143 or 130), as for any JVM. Each write-ahead line is flushed as it is written."},
        footer = ExitCodes.FOOTER)
final class ServeCommand extends NotesTools.ToolCommand {
    /** How the ready line on standard error starts; the address and the settings follow. */
    static final String LISTENING = "notes API listening on ";
    /** How the page's line on standard error starts (printed before the ready line); its address follows. */
    static final String PAGE = "notes page on ";

    @Mixin
    AwsOptions aws;

    @Option(names = "--port", defaultValue = "8080", description = "Port, 0 for a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--web-port", paramLabel = "PORT",
            description = "Port of the notes page (default: the API's port + 1, or a free one when --port is 0).")
    Integer webPort;

    @Option(names = "--no-web", description = "Serve the API only, without the page.")
    boolean noWeb;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--notes-table", paramLabel = "NAME", description = "Notes table (default: NOTES_TABLE, else notes).")
    String notesTable;

    @Option(names = "--replies-table", paramLabel = "NAME", description = "Replies table (default: REPLIES_TABLE, else replies).")
    String repliesTable;

    @Option(names = "--allowed-origins", paramLabel = "ORIGINS",
            description = "Comma-separated CORS origins (default: ALLOWED_ORIGINS, else none).")
    String allowedOrigins;

    @Option(names = "--create-tables", description = "Create the tables if they do not exist, as the notes stack defines them.")
    boolean createTables;

    @Override
    public Integer call() throws Exception {
        requirePort("--port", port);
        int pagePort = webPort != null ? webPort : port == 0 ? 0 : port + 1;
        requirePort(webPort != null ? "--web-port" : "--web-port (the API's port + 1 when not given)", pagePort);
        if (!noWeb && pagePort == port && port != 0) {
            throw new IllegalArgumentException("--web-port must differ from --port (the page is another origin), both were " + port);
        }
        Map<String, String> settings = new HashMap<>(context.env());
        settings.putIfAbsent(NotesConfig.NOTES_TABLE, "notes");
        settings.putIfAbsent(NotesConfig.REPLIES_TABLE, "replies");
        override(settings, NotesConfig.NOTES_TABLE, notesTable);
        override(settings, NotesConfig.REPLIES_TABLE, repliesTable);
        override(settings, NotesConfig.ALLOWED_ORIGINS, allowedOrigins);
        NotesConfig config = NotesConfig.fromEnvironment(settings);
        PrintStream err = context.err();

        DynamoDbClient db = ToolClients.api(aws);
        if (createTables) {
            createIfMissing(db, TableDefinitions.notesTable(config.notesTable()), err);
            createIfMissing(db, TableDefinitions.repliesTable(config.repliesTable()), err);
        }
        LocalWebServer web = noWeb ? null : LocalWebServer.bind(host, pagePort);
        LocalNotesServer server;
        try {
            if (web != null) {
                config = withOrigin(config, web.origin().toString());
            }
            NotesApi api = NotesApp.create(config, db, new StdoutWalSink(context.out()), context.clock(), err::println);
            server = LocalNotesServer.start(host, port, new NotesApiHandler(api), err);
            if (web != null) {
                web.start(server.baseUri());
            }
        } catch (Exception | Error e) {
            if (web != null) {
                web.close();
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (web != null) {
                web.close();
            }
            server.close();
            stopped.countDown();
        }, "notes-local-shutdown"));
        if (web != null) {
            err.println(PAGE + web.origin() + " (open it in a browser; it talks to the API below)");
        }
        // The JVM's own uptime (millisecond precision; the process start time from the OS is not).
        String since = ", ready " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms after JVM start";
        err.println(LISTENING + server.baseUri() + " (notes table " + config.notesTable()
                + ", replies table " + config.repliesTable()
                + ", allowed origins " + (config.allowedOrigins().isEmpty() ? "none" : config.allowedOrigins())
                + since + ")");
        stopped.await();
        return ExitCodes.OK;
    }

    private static void requirePort(String option, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(option + " must be from 0 to 65535, was " + value);
        }
    }

    /** The configuration with the page's origin allowed too (once). */
    private static NotesConfig withOrigin(NotesConfig config, String origin) {
        List<String> origins = new ArrayList<>(config.allowedOrigins());
        if (!origins.contains(origin)) {
            origins.add(origin);
        }
        return new NotesConfig(config.notesTable(), config.repliesTable(), origins);
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
