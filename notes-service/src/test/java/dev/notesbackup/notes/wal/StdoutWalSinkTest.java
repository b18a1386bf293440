package dev.notesbackup.notes.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StdoutWalSinkTest {
    /** As standard output is under LANG=C: a stream whose charset cannot encode anything beyond ASCII. */
    @Test
    void write_emitsUtf8Bytes_evenOnAnAsciiStream() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream asciiStdout = new PrintStream(bytes, true, StandardCharsets.US_ASCII);
        String line = "{\"text\":\"hello 😀 é ñ̃ 漢字 Ελληνικά\",\"author\":\"Zoë\"}";

        new StdoutWalSink(asciiStdout).write(line);

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(line + "\n");
    }
}
