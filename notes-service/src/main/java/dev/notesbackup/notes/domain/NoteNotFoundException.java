package dev.notesbackup.notes.domain;

/** The note does not exist (reading it, or replying to it). */
public class NoteNotFoundException extends RuntimeException {
    public NoteNotFoundException(String id) {
        super("note " + id + " not found");
    }
}
