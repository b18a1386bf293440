package dev.notesbackup.notes.support;

import dev.notesbackup.notes.wal.WalSink;
import java.util.ArrayList;
import java.util.List;

/** Collects write-ahead lines. Declared as a class (not a lambda) so Mockito can spy on it for InOrder checks. */
public class CapturingSink implements WalSink {
    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void write(String line) {
        lines.add(line);
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
