package dev.notesbackup.notes.cli;

import dev.notesbackup.cli.AwsOptions;
import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.notes.repair.DiffReport;
import dev.notesbackup.notes.repair.Difference;
import dev.notesbackup.notes.repair.NotesTables;
import dev.notesbackup.notes.repair.RepairChoice;
import dev.notesbackup.notes.repair.Repairer;
import dev.notesbackup.notes.wal.StdoutWalSink;
import dev.notesbackup.notes.wal.WriteAheadLog;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code repair}: chosen items of the copy as of T written back to the live tables; a dry run unless --apply. */
@Command(name = "repair",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Writes chosen items of the copy as of T (from 'copy-as-of') back to the live tables. It compares the tables"
                        + " again as 'diff' does, then, for each chosen item: a changed one gets the copy's item back, only"
                        + " if the live item is still what this diff saw; a deleted one is put back, only if its key is still"
                        + " free; an added one is deleted only when named (--delete-added, --all-added), never by default,"
                        + " and only if unchanged. A write whose condition fails is reported as skipped, never forced.",
                "Without --apply it is a dry run: it prints what it would write and writes nothing. With --apply each put is"
                        + " first logged as the API logs an insert (a write-ahead line with its sha256) into --wal-file, so a"
                        + " later recovery from the log ('replay --file') includes it; ship that file with the function's log."
                        + " A deletion has no write-ahead event: it is printed with the item it removed.",
                "Exit 0 when every chosen item was written (or would be), 1 when some were skipped or failed, 3 when it"
                        + " stopped, 64 bad input (nothing chosen, a key that is not in the diff)."},
        footer = ExitCodes.FOOTER)
final class RepairCommand extends NotesTools.ToolCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TableOptions tables;

    @Option(names = "--key", paramLabel = "KEY",
            description = "A changed or deleted item to restore, as 'diff' names it: note:<id> or reply:<noteId>/<id>. Repeatable.")
    List<String> keys = new ArrayList<>();

    @Option(names = "--all-changed", description = "Restore every changed item.")
    boolean allChanged;

    @Option(names = "--all-deleted", description = "Restore every deleted item.")
    boolean allDeleted;

    @Option(names = "--delete-added", paramLabel = "KEY", description = "Delete this item added since T. Repeatable.")
    List<String> deleteAdded = new ArrayList<>();

    @Option(names = "--all-added", description = "Delete every item added since T.")
    boolean allAdded;

    @Option(names = "--apply", description = "Write (without it: a dry run that writes nothing).")
    boolean apply;

    @Option(names = "--wal-file", paramLabel = "FILE",
            description = "With --apply: append the repair's write-ahead lines (UTF-8) to this file. Required with --apply.")
    Path walFile;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() throws IOException {
        RepairChoice choice = new RepairChoice(keys, allChanged, allDeleted, deleteAdded, allAdded);
        if (choice.isEmpty()) {
            throw usage("choose what to repair: --key, --all-changed, --all-deleted, --delete-added or --all-added");
        }
        if (apply && walFile == null) {
            throw usage("--apply needs --wal-file: each write is logged as the API logs an insert");
        }
        if (!apply && walFile != null) {
            throw usage("--wal-file goes with --apply (a dry run logs nothing)");
        }
        NotesTables live = tables.live();
        NotesTables copy = tables.copy();
        DynamoDbClient db = context.clients().apply(aws).dynamoDb();
        DiffReport report = DiffReport.of(db, live, copy, context.err()::println);
        List<Difference> chosen = choice.select(report.diff());
        Repairer.checkRestorable(chosen);
        PrintStream out = context.out();
        out.println("repair: " + chosen.size() + " of the diff's " + report.diff().differences().size() + " items chosen ("
                + report.diff().counts() + " since the copy's time)");
        if (!apply) {
            Repairer.Summary summary = new Repairer(db, live, null, null, out::println).dryRun(chosen);
            out.println(summary.describe() + "; --apply --wal-file FILE writes it");
            return summary.exitCode();
        }
        String requestId = "notes-tools-repair-" + UUID.randomUUID();
        try (PrintStream wal = new PrintStream(new FileOutputStream(walFile.toFile(), true))) {
            Repairer.Summary summary = new Repairer(db, live,
                    new WriteAheadLog(new StdoutWalSink(wal), context.clock()), requestId, out::println).apply(chosen);
            out.println(summary.describe() + "; write-ahead lines appended to " + walFile + " (requestId " + requestId + ")");
            return summary.exitCode();
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
