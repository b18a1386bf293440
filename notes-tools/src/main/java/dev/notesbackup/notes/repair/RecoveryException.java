package dev.notesbackup.notes.repair;

/** The copy or the repair cannot go on (no backup before T, a table not ACTIVE in time ...); the message says what to do. */
public class RecoveryException extends RuntimeException {
    public RecoveryException(String message) {
        super(message);
    }

    public RecoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
