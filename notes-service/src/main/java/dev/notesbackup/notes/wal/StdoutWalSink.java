package dev.notesbackup.notes.wal;

import java.io.PrintStream;

/**
 * Writes each line to standard output, which Lambda sends to the function's log group, one log
 * event per line. An output error stops the insert that the line announces.
 */
public final class StdoutWalSink implements WalSink {
    private final PrintStream out;

    public StdoutWalSink() {
        this(System.out);
    }

    public StdoutWalSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void write(String line) {
        out.println(line);
        out.flush();
        if (out.checkError()) {
            throw new IllegalStateException("could not write the write-ahead log line to standard output");
        }
    }
}
