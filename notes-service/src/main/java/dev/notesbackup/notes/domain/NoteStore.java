package dev.notesbackup.notes.domain;

import java.util.Optional;

/**
 * The notes and replies as the domain needs them stored; the store package implements it on
 * DynamoDB. Cursors are decoded before a listing is read, so a cursor this listing did not hand out
 * is refused ({@link InvalidCursorException}) before any call to the tables.
 */
public interface NoteStore {
    void insertNote(Note note, String requestId);

    void insertReply(Reply reply, String requestId);

    Optional<Note> findNote(String id);

    /** The position a notes cursor names; null for no cursor. Throws {@link InvalidCursorException}. */
    Cursor notesCursor(String cursor);

    /** The position a replies cursor of the note {@code noteId} names; null for no cursor. Throws {@link InvalidCursorException}. */
    Cursor repliesCursor(String noteId, String cursor);

    /** Newest first, after {@code after} (null: from the newest). */
    Page<Note> listNotes(int limit, Cursor after);

    /** Oldest first, after {@code after} (null: from the first reply). */
    Page<Reply> listReplies(String noteId, int limit, Cursor after);
}
