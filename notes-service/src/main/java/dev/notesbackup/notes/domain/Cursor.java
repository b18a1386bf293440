package dev.notesbackup.notes.domain;

/**
 * Where a listing continues: what the store decoded from a page cursor it handed out
 * ({@link Page#nextCursor()}). Opaque to the domain, which only hands it back to the same
 * {@link NoteStore}; {@code null} stands for the first page.
 */
public interface Cursor {
}
