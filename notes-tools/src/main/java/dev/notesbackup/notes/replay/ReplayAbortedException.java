package dev.notesbackup.notes.replay;

/** The replay cannot go on (e.g. a target table does not exist); nothing after the reported place was replayed. */
public class ReplayAbortedException extends RuntimeException {
    public ReplayAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
