package dev.notesbackup.notes.domain;

/** The documented input limits of the notes API (see notes-service/README.md). */
public final class Limits {
    /** Text of a note or reply: 1 to this many Unicode characters (code points), not only whitespace. */
    public static final int TEXT_MAX = 2000;
    /** Optional author: 1 to this many Unicode characters, not only whitespace. */
    public static final int AUTHOR_MAX = 64;
    /** Largest accepted request body, in bytes (after base64 decoding); larger is 413. */
    public static final int BODY_MAX_BYTES = 16 * 1024;
    /** Page size of GET /notes and of the replies in GET /notes/{id}: 1 to this many. */
    public static final int PAGE_MAX = 100;
    public static final int NOTES_PAGE_DEFAULT = 20;
    public static final int REPLIES_PAGE_DEFAULT = 100;
    /** Longest cursor accepted; the ones the API hands out are about 100 characters. */
    public static final int CURSOR_MAX = 512;

    private Limits() {
    }
}
