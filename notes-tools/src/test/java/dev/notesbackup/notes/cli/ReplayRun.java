package dev.notesbackup.notes.cli;

import dev.notesbackup.testsupport.LocalAws;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs the replay command's own code path ({@link NotesTools#execute}, as {@code NotesTools replay} does) with real SDK clients for moto, and keeps what it printed.
 * Any other command of the tools runs the same way (copy-as-of, diff, repair).
 */
record ReplayRun(int exit, String out, String err) {

    static ReplayRun run(URI endpoint, List<ExecutionInterceptor> logsInterceptors, String... args) {
        ClientOverrideConfiguration.Builder logsOverrides = LocalAws.noRetries().toBuilder();
        logsInterceptors.forEach(logsOverrides::addExecutionInterceptor);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (DynamoDbClient db = LocalAws.dynamoDb(endpoint);
             CloudWatchLogsClient logs = LocalAws.client(CloudWatchLogsClient.builder(), endpoint, logsOverrides.build())) {
            int exit = NotesTools.execute(args, new NotesTools.Context(Map.of(), Clock.systemUTC(),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    aws -> new NotesTools.Clients() {
                        @Override
                        public DynamoDbClient dynamoDb() {
                            return db;
                        }

                        @Override
                        public CloudWatchLogsClient logs() {
                            return logs;
                        }
                    }));
            return new ReplayRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    static ReplayRun run(URI endpoint, String... args) {
        return run(endpoint, List.of(), args);
    }

    /** The summary line ("replay: read ..."). */
    String summary() {
        return out.lines().filter(line -> line.startsWith("replay: read") || line.startsWith("replay (dry run"))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no summary in:\n" + out + err));
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
}
