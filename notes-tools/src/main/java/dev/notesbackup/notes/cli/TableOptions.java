package dev.notesbackup.notes.cli;

import dev.notesbackup.notes.repair.NotesTables;
import picocli.CommandLine.Option;

/** The live notes tables and their copy as of T: the same four options in copy-as-of, diff and repair. */
final class TableOptions {
    @Option(names = "--notes-table", required = true, paramLabel = "NAME", description = "The live notes table.")
    String notesTable;

    @Option(names = "--replies-table", required = true, paramLabel = "NAME", description = "The live replies table.")
    String repliesTable;

    @Option(names = "--copy-notes", required = true, paramLabel = "NAME", description = "The copy of the notes table as of T.")
    String copyNotes;

    @Option(names = "--copy-replies", required = true, paramLabel = "NAME", description = "The copy of the replies table as of T.")
    String copyReplies;

    NotesTables live() {
        return new NotesTables(notesTable, repliesTable);
    }

    NotesTables copy() {
        NotesTables copy = new NotesTables(copyNotes, copyReplies);
        for (String name : copy.names()) {
            if (live().names().contains(name)) {
                throw new IllegalArgumentException("--copy-notes and --copy-replies must name other tables than the live ones, "
                        + name + " is live");
            }
        }
        return copy;
    }
}
