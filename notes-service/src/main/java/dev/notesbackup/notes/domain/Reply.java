package dev.notesbackup.notes.domain;

import java.time.Instant;
import java.util.Objects;

/** A reply to a note as stored. {@code author} is null when none was given. */
public record Reply(String noteId, String id, String text, String author, Instant createdAt) {
    public Reply {
        Objects.requireNonNull(noteId, "noteId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
