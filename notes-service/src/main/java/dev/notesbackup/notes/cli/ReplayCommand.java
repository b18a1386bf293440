package dev.notesbackup.notes.cli;

import dev.notesbackup.notes.aws.AwsClients;
import dev.notesbackup.notes.config.NotesConfig;
import dev.notesbackup.notes.replay.CloudWatchSource;
import dev.notesbackup.notes.replay.FileSource;
import dev.notesbackup.notes.replay.InputUnit;
import dev.notesbackup.notes.replay.LogReplayer;
import dev.notesbackup.notes.replay.ReplayWindow;
import dev.notesbackup.notes.replay.ReplaySummary;
import dev.notesbackup.notes.replay.TableMapping;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code replay}: rebuilds the notes tables from write-ahead lines in a file or in CloudWatch Logs. */
final class ReplayCommand {
    static final String USAGE = """
            replay (--file FILE [--start TIME] [--end TIME] | --log-group GROUP --start TIME [--end TIME]
                   [--filter-pattern P]) [--notes-table NAME] [--replies-table NAME] [--dry-run]
              Puts every write-ahead record that is not already in its table (conditional puts: running it
              twice changes nothing). FILE holds plain log lines or the JSON of 'aws logs filter-log-events'.
              TIME is 2024-05-01T10:00:00Z, 2024-05-01 (UTC) or epoch milliseconds. With --file, --start and
              --end keep the records whose 'at' is in [start, end]; with --log-group they bound the events
              fetched, and --end defaults to now. A bad line is reported by number and skipped, never fatal.
              Without --notes-table/--replies-table each record goes to the table named in its line.
              Exit status: 0 all replayed, 3 some lines rejected, 1 some puts failed or the replay stopped, 2 usage.""";

    private static final Set<String> VALUED = Set.of("--file", "--log-group", "--start", "--end", "--filter-pattern",
            "--notes-table", "--replies-table");
    private static final Set<String> FLAGS = Set.of("--dry-run");

    /** Builds the clients; tests pass their own. */
    interface Clients {
        DynamoDbClient dynamoDb();

        CloudWatchLogsClient logs();
    }

    private ReplayCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err, Clock clock, Clients clients) {
        Args options = Args.parse(args, 1, VALUED, FLAGS);
        boolean fromFile = options.has("--file");
        boolean fromLogs = options.has("--log-group");
        if (fromFile == fromLogs) {
            throw new UsageException("give either --file or --log-group");
        }
        if (fromFile && options.has("--filter-pattern")) {
            throw new UsageException("--filter-pattern goes with --log-group, not --file");
        }
        TableMapping mapping = new TableMapping(tableOption(options, "--notes-table"), tableOption(options, "--replies-table"));
        if (mapping.notesTable() != null && mapping.notesTable().equals(mapping.repliesTable())) {
            throw new UsageException("--notes-table and --replies-table must name different tables");
        }
        boolean dryRun = options.has("--dry-run");

        Iterable<InputUnit> input;
        String source;
        ReplayWindow window = ReplayWindow.ALL;
        if (fromFile) {
            Path file = Path.of(options.get("--file"));
            Instant start = options.has("--start") ? Times.parse("--start", options.get("--start")) : null;
            Instant end = options.has("--end") ? Times.parse("--end", options.get("--end")) : null;
            if (start != null && end != null && start.isAfter(end)) {
                throw new UsageException("--start must not be after --end");
            }
            window = new ReplayWindow(start, end);
            // read when the replay starts, so that a file that cannot be read still ends with a summary
            input = () -> {
                try {
                    return FileSource.read(file, err).iterator();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file + ": " + e, e);
                }
            };
            source = file + (window.isAll() ? "" : ", " + window);
        } else {
            if (!options.has("--start")) {
                throw new UsageException("--log-group needs --start");
            }
            Instant start = Times.parse("--start", options.get("--start"));
            Instant end = options.has("--end") ? Times.parse("--end", options.get("--end")) : clock.instant();
            if (!start.isBefore(end)) {
                throw new UsageException("--start must be before --end");
            }
            String pattern = options.has("--filter-pattern") ? options.get("--filter-pattern")
                    : CloudWatchSource.DEFAULT_FILTER_PATTERN;
            input = new CloudWatchSource(clients.logs(), options.get("--log-group"), start, end, pattern);
            source = "log group " + options.get("--log-group") + " from " + start + " to " + end;
        }

        out.println("replay: reading " + source
                + (dryRun ? " (dry run)" : "")
                + "; notes into " + (mapping.notesTable() == null ? "the tables named in the lines" : mapping.notesTable())
                + (mapping.repliesTable() == null ? "" : ", replies into " + mapping.repliesTable()));
        LogReplayer replayer = new LogReplayer(clients::dynamoDb, mapping, dryRun, err, window);
        ReplaySummary summary = replayer.replay(input);
        out.println(summary.describe());
        return summary.exitCode();
    }

    private static String tableOption(Args options, String name) {
        String value = options.get(name);
        if (value != null && !NotesConfig.TABLE_NAME.matcher(value).matches()) {
            throw new UsageException(name + " '" + value + "' is not a DynamoDB table name");
        }
        return value;
    }

    static Clients realClients() {
        return new Clients() {
            private SdkHttpClient http;

            private SdkHttpClient http() {
                if (http == null) {
                    http = AwsClients.httpClient();
                }
                return http;
            }

            @Override
            public DynamoDbClient dynamoDb() {
                return AwsClients.replayDynamoDb(http());
            }

            @Override
            public CloudWatchLogsClient logs() {
                return AwsClients.logs(http());
            }
        };
    }
}
