package dev.notesbackup.notes.domain;

/** A cursor the API did not hand out for this listing (malformed, tampered with, or from another listing). */
public class InvalidCursorException extends RuntimeException {
    public InvalidCursorException(String message) {
        super(message);
    }
}
