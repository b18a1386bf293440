package dev.notesbackup.backup.guard;

/**
 * The guard could not reach a verdict: the change set does not exist, was deleted, or did not
 * finish in time. Not a refusal: nothing was checked. The message is one clear sentence.
 */
public class GuardException extends RuntimeException {
    public GuardException(String message) {
        super(message);
    }

    public GuardException(String message, Throwable cause) {
        super(message, cause);
    }
}
