package dev.notesbackup.notes.domain;

import java.time.Instant;
import java.util.Objects;

/** A note as stored. {@code author} is null when none was given. */
public record Note(String id, String text, String author, Instant createdAt) {
    public Note {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
