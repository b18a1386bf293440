package dev.notesbackup.notes.domain;

/** A note and one page of its replies, oldest first. */
public record NoteWithReplies(Note note, Page<Reply> replies) {
}
