package dev.notesbackup.notes.wal;

/** Where write-ahead lines go. {@link #write} returns only once the line is handed to the log; it throws if it cannot be. */
@FunctionalInterface
public interface WalSink {
    void write(String line);
}
