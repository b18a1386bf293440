package dev.notesbackup.notes.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The notes domain: create, list, read, reply. Collaborators come in through the constructor;
 * no static state, no environment reads. Inputs arrive validated ({@link NewPost}); cursors are
 * checked before any call to the tables.
 */
public final class NotesService {
    private final NoteStore store;
    private final Clock clock;
    private final Ids ids;

    public NotesService(NoteStore store, Clock clock, Ids ids) {
        this.store = store;
        this.clock = clock;
        this.ids = ids;
    }

    public Note createNote(NewPost post, String requestId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Note note = new Note(ids.next(now), post.text(), post.author(), now);
        store.insertNote(note, requestId);
        return note;
    }

    /** Newest first; {@code cursor} is null for the first page. */
    public Page<Note> listNotes(int limit, String cursor) {
        checkLimit(limit);
        Cursor start = store.notesCursor(cursor);
        return store.listNotes(limit, start);
    }

    /** The note and a page of its replies, oldest first; throws {@link NoteNotFoundException}. */
    public NoteWithReplies getNote(String id, int repliesLimit, String cursor) {
        checkId(id);
        checkLimit(repliesLimit);
        Cursor start = store.repliesCursor(id, cursor);
        Note note = store.findNote(id).orElseThrow(() -> new NoteNotFoundException(id));
        return new NoteWithReplies(note, store.listReplies(id, repliesLimit, start));
    }

    /** Replies to an existing note; a missing note is {@link NoteNotFoundException} and nothing is written or logged. */
    public Reply reply(String noteId, NewPost post, String requestId) {
        checkId(noteId);
        store.findNote(noteId).orElseThrow(() -> new NoteNotFoundException(noteId));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Reply reply = new Reply(noteId, ids.next(now), post.text(), post.author(), now);
        store.insertReply(reply, requestId);
        return reply;
    }

    private static void checkId(String id) {
        if (!Ids.isValid(id)) {
            throw new InvalidInputException("id", "note id must be 26 characters of Crockford base32 (as returned on creation)");
        }
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > Limits.PAGE_MAX) {
            throw new InvalidInputException("limit", "limit must be a whole number from 1 to " + Limits.PAGE_MAX);
        }
    }
}
