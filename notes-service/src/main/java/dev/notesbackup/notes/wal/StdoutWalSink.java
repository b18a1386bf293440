package dev.notesbackup.notes.wal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

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

    /**
     * Writes the line's UTF-8 bytes, whatever the platform charset: a stream printing text in the
     * platform's charset would turn every non-ASCII character into '?' under a non-UTF-8 locale
     * (LANG=C), and the log, the last copy of the data, would silently differ from the tables.
     */
    @Override
    public void write(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        out.flush();
        if (out.checkError()) {
            throw new IllegalStateException("could not write the write-ahead log line to standard output");
        }
    }
}
