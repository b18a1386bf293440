package dev.notesbackup.backup.restore;

/** A restore that cannot start or finish, with a message that says what to do. */
public class RestoreException extends RuntimeException {
    public RestoreException(String message) {
        super(message);
    }

    public RestoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
