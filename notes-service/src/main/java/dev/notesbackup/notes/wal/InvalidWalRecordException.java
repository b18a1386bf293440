package dev.notesbackup.notes.wal;

/** A line that claims to be a write-ahead record but is not a valid one. */
public class InvalidWalRecordException extends RuntimeException {
    public InvalidWalRecordException(String message) {
        super(message);
    }
}
