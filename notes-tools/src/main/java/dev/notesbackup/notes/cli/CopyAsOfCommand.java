package dev.notesbackup.notes.cli;

import dev.notesbackup.cli.AwsOptions;
import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.notes.replay.CloudWatchSource;
import dev.notesbackup.notes.replay.FileSource;
import dev.notesbackup.notes.repair.CopyAsOf;
import dev.notesbackup.notes.repair.NotesTables;
import dev.notesbackup.notes.store.Entity;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code copy-as-of}: the notes tables as they were at a time T, in new tables (bad data, table still there). */
@Command(name = "copy-as-of",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Copies the live notes tables as they were at TIME into NEW tables (--copy-notes, --copy-replies; they must not"
                        + " exist), for 'diff' and 'repair' after a bad deploy overwrote or deleted items.",
                "Table by table: with point-in-time recovery on and TIME in its window, RestoreTableToPointInTime to TIME;"
                        + " otherwise the newest backup of the table created before TIME (the backup stack's scheduled"
                        + " backups preferred, any other USER backup counts) is restored, and the write-ahead log (--file"
                        + " or --log-group) is replayed into the copy from a minute before that backup up to TIME (by each"
                        + " line's 'at'). It says which backup it chose and why, and waits until the copies are ACTIVE.",
                "TIME is 2024-05-01T10:00:00Z, 2024-05-01 (UTC) or epoch milliseconds. Exit 0 when the copy is made, 1 when"
                        + " replayed lines were rejected or puts failed, 3 when it stopped (no backup before TIME, AWS), 64 bad"
                        + " input (TIME in the future or outside the point-in-time window asked for, a copy table that exists)."},
        footer = ExitCodes.FOOTER)
final class CopyAsOfCommand extends NotesTools.ToolCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TableOptions tables;

    @Option(names = "--as-of", required = true, paramLabel = "TIME", converter = Times.class,
            description = "The moment the copy shows (T).")
    Instant asOf;

    @Option(names = "--method", paramLabel = "auto|point-in-time|backup", defaultValue = "auto",
            description = "auto: point-in-time recovery if it can give TIME, else a backup and the log (default: ${DEFAULT-VALUE}).")
    String method;

    @ArgGroup(exclusive = true)
    Log log;

    static final class Log {
        @Option(names = "--file", paramLabel = "FILE", required = true,
                description = "The write-ahead log as a file (as for 'replay --file'), for a copy from a backup.")
        Path file;

        @Option(names = "--log-group", paramLabel = "GROUP", required = true,
                description = "The write-ahead log in CloudWatch Logs (the notes stack's LogGroupName), for a copy from a backup.")
        String logGroup;
    }

    @Option(names = "--backup-prefix", paramLabel = "PREFIX", defaultValue = "scheduled",
            description = "The backup stack's BACKUP_NAME_PREFIX: its backups are preferred (default: ${DEFAULT-VALUE}).")
    String backupPrefix;

    @Option(names = "--max-wait-minutes", defaultValue = "60",
            description = "Give up waiting for a copy to become ACTIVE after this long (default: ${DEFAULT-VALUE}).")
    int maxWaitMinutes;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() {
        if (maxWaitMinutes < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-wait-minutes must be at least 1, was " + maxWaitMinutes);
        }
        CopyAsOf.Method chosenMethod = method(method);
        NotesTables live = tables.live();
        NotesTables copy = tables.copy();
        PrintStream out = context.out();
        PrintStream err = context.err();
        NotesTools.Clients clients = context.clients().apply(aws);
        CopyAsOf copier = new CopyAsOf(clients.dynamoDb(), context.clock(), Duration.ofSeconds(5),
                Duration.ofMinutes(maxWaitMinutes), err::println, err);
        CopyAsOf.LogInput logInput = null;
        if (log != null && log.file != null) {
            Path file = log.file;
            logInput = new CopyAsOf.LogInput("--file " + file, file.toString(), (start, end) -> FileSource.whenReplayed(file, err));
        } else if (log != null) {
            String group = log.logGroup;
            logInput = new CopyAsOf.LogInput("--log-group " + group,
                    "<the events of " + group + " saved by 'aws logs filter-log-events'>", (start, end) -> new CloudWatchSource(clients.logs(), group,
                    start, end, CloudWatchSource.DEFAULT_FILTER_PATTERN));
        }
        CopyAsOf.Result result = copier.copy(live, copy, asOf, chosenMethod, backupPrefix, logInput);
        for (Entity entity : Entity.values()) {
            String from = result.methods().get(entity) == CopyAsOf.Method.POINT_IN_TIME ? "point-in-time recovery"
                    : "backup " + result.backups().get(entity).backup().backupName() + " (created "
                    + result.backups().get(entity).created() + ") and the write-ahead log up to " + asOf;
            out.println("copy-as-of: " + live.table(entity) + " as of " + asOf + " is in " + copy.table(entity)
                    + ", from " + from);
        }
        if (result.replay() != null) {
            out.println(result.replay().describe());
            if (result.exitCode() != ExitCodes.OK) {
                out.println("copy-as-of: the copy is NOT complete up to " + asOf + ": the replay above did not put every"
                        + " record; fix the cause and replay into the copy again (replay is idempotent), or delete the copy");
            }
        }
        out.println("next: notes-tools diff --notes-table " + tables.notesTable + " --replies-table " + tables.repliesTable
                + " --copy-notes " + tables.copyNotes + " --copy-replies " + tables.copyReplies);
        return result.exitCode();
    }

    private CopyAsOf.Method method(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> CopyAsOf.Method.AUTO;
            case "point-in-time" -> CopyAsOf.Method.POINT_IN_TIME;
            case "backup" -> CopyAsOf.Method.BACKUP;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--method '" + value + "' is not one of auto, point-in-time, backup");
        };
    }
}
