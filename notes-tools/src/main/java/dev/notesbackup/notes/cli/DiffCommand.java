package dev.notesbackup.notes.cli;

import dev.notesbackup.cli.AwsOptions;
import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.notes.repair.DiffReport;
import dev.notesbackup.notes.repair.NotesTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code diff}: the live notes tables against their copy as of T, by primary key. */
@Command(name = "diff",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Scans the live tables and their copy as of T (from 'copy-as-of') and lists, by primary key, the items"
                        + " changed, deleted and added since T: a summary line, then one line per item (notes first,"
                        + " then by key), e.g. 'changed note:<id> (text)', 'deleted reply:<noteId>/<id>'. Those key"
                        + " names are what 'repair --key' and '--delete-added' take. --json prints one JSON object instead.",
                "Exit 0 when the tables were compared (whatever the differences), 3 when it stopped (a table missing, AWS)."},
        footer = ExitCodes.FOOTER)
final class DiffCommand extends NotesTools.ToolCommand {
    @Mixin
    TableOptions tables;

    @Option(names = "--json", description = "Print the diff as one JSON object (counts, and per kind the keys and attributes).")
    boolean json;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() {
        NotesTables live = tables.live();
        NotesTables copy = tables.copy();
        DiffReport report = DiffReport.of(context.clients().apply(aws).dynamoDb(), live, copy, context.err()::println);
        if (json) {
            context.out().println(report.json());
        } else {
            report.lines().forEach(context.out()::println);
        }
        return ExitCodes.OK;
    }
}
