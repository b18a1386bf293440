package dev.notesbackup.notes.cli;

import dev.notesbackup.cli.AwsOptions;
import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.notes.config.NotesConfig;
import dev.notesbackup.notes.replay.CloudWatchSource;
import dev.notesbackup.notes.replay.FileSource;
import dev.notesbackup.notes.replay.InputUnit;
import dev.notesbackup.notes.replay.LogReplayer;
import dev.notesbackup.notes.replay.ReplaySummary;
import dev.notesbackup.notes.replay.ReplayWindow;
import dev.notesbackup.notes.replay.TableMapping;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replay}: rebuilds the notes tables from write-ahead lines in a file or in CloudWatch Logs. */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        description = {
                "Puts every write-ahead record that is not already in its table (conditional puts: running it twice"
                        + " changes nothing). FILE holds plain log lines (e.g. 'serve > wal.log') or the JSON of"
                        + " 'aws logs filter-log-events'.",
                "TIME is 2024-05-01T10:00:00Z, 2024-05-01 (UTC) or epoch milliseconds. With --file, --start and --end"
                        + " keep the records whose 'at' is in [start, end]; with --log-group they bound the events"
                        + " fetched, and --end defaults to now. A bad or altered line is reported by number and skipped,"
                        + " never fatal; the summary is always printed. Without --notes-table/--replies-table each"
                        + " record goes to the table named in its line.",
                "Exit 0 when everything readable is in the tables, 1 when lines were rejected or puts failed, 3 when"
                        + " the replay stopped (unreadable file, missing table, AWS unreachable)."},
        footer = ExitCodes.FOOTER)
final class ReplayCommand extends NotesTools.ToolCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--file", paramLabel = "FILE", required = true, description = "Replay the write-ahead lines of this file.")
        Path file;

        @Option(names = "--log-group", paramLabel = "GROUP", required = true,
                description = "Replay from this CloudWatch Logs group (the notes stack's output LogGroupName); needs --start.")
        String logGroup;
    }

    @Option(names = "--start", paramLabel = "TIME", converter = Times.class, description = "First moment replayed.")
    Instant start;

    @Option(names = "--end", paramLabel = "TIME", converter = Times.class, description = "Last moment replayed.")
    Instant end;

    @Option(names = "--filter-pattern", paramLabel = "P",
            description = "CloudWatch Logs filter pattern, with --log-group (default: " + CloudWatchSource.DEFAULT_FILTER_PATTERN + ").")
    String filterPattern;

    @Option(names = "--notes-table", paramLabel = "NAME", description = "Put the notes into this table.")
    String notesTable;

    @Option(names = "--replies-table", paramLabel = "NAME", description = "Put the replies into this table.")
    String repliesTable;

    @Option(names = "--dry-run", description = "Read and check every line, write nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        TableMapping mapping = new TableMapping(table("--notes-table", notesTable), table("--replies-table", repliesTable));
        if (mapping.notesTable() != null && mapping.notesTable().equals(mapping.repliesTable())) {
            throw usage("--notes-table and --replies-table must name different tables");
        }
        NotesTools.Clients clients = context.clients().apply(aws);
        Iterable<InputUnit> input;
        String from;
        ReplayWindow window = ReplayWindow.ALL;
        if (source.file != null) {
            if (filterPattern != null) {
                throw usage("--filter-pattern goes with --log-group, not --file");
            }
            if (start != null && end != null && start.isAfter(end)) {
                throw usage("--start must not be after --end");
            }
            window = new ReplayWindow(start, end);
            input = FileSource.whenReplayed(source.file, context.err());
            from = source.file + (window.isAll() ? "" : ", " + window);
        } else {
            if (start == null) {
                throw usage("--log-group needs --start");
            }
            Instant until = end != null ? end : context.clock().instant();
            if (!start.isBefore(until)) {
                throw usage("--start must be before --end");
            }
            input = new CloudWatchSource(clients.logs(), source.logGroup, start, until,
                    filterPattern != null ? filterPattern : CloudWatchSource.DEFAULT_FILTER_PATTERN);
            from = "log group " + source.logGroup + " from " + start + " to " + until;
        }

        context.out().println("replay: reading " + from
                + (dryRun ? " (dry run)" : "")
                + "; notes into " + (mapping.notesTable() == null ? "the tables named in the lines" : mapping.notesTable())
                + (mapping.repliesTable() == null ? "" : ", replies into " + mapping.repliesTable()));
        LogReplayer replayer = new LogReplayer(clients::dynamoDb, mapping, dryRun, context.err(), window);
        ReplaySummary summary = replayer.replay(input);
        context.out().println(summary.describe());
        return summary.exitCode();
    }

    private String table(String option, String value) {
        if (value != null && !NotesConfig.TABLE_NAME.matcher(value).matches()) {
            throw usage(option + " '" + value + "' is not a DynamoDB table name");
        }
        return value;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
