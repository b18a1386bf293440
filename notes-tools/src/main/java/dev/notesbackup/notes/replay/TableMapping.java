package dev.notesbackup.notes.replay;

import dev.notesbackup.notes.store.Entity;
import dev.notesbackup.notes.wal.WalRecord;

/**
 * Which table a record is replayed into: the table named by {@code --notes-table} /
 * {@code --replies-table} for its entity if given (e.g. a restored or new stack's tables),
 * otherwise the table named in the line.
 */
public record TableMapping(String notesTable, String repliesTable) {
    public static final TableMapping AS_LOGGED = new TableMapping(null, null);

    public String target(WalRecord record) {
        String override = record.entity() == Entity.NOTE ? notesTable : repliesTable;
        return override != null ? override : record.table();
    }
}
