package dev.notesbackup.notes.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.notes.support.WalLines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileSourceTest {
    private static final String LINE_A = WalLines.note("notes-t", "01HXAAAAAAAAAAAAAAAAAAAAA1", "a");
    private static final String LINE_B = WalLines.note("notes-t", "01HXAAAAAAAAAAAAAAAAAAAAA2", "b");
    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    private final PrintStream warn = new PrintStream(warnings, true, StandardCharsets.UTF_8);

    /** Bytes that are not UTF-8 are one line's problem: that line is unreadable, the lines around it are read. */
    @Test
    void parse_marksOnlyTheLineWithBytesThatAreNotUtf8_asUnreadable() {
        byte[] a = (LINE_A + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = "{\"type\":\"notes-wal\",\"text\":\"caf\u00e9 \"}\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] b = (LINE_B + "\n").getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        file.writeBytes(a);
        file.writeBytes(bad);
        file.writeBytes(b);

        List<InputUnit> units = FileSource.parse(file.toByteArray(), warn);

        assertThat(units).extracting(InputUnit::where).containsExactly("line 1", "line 2", "line 3");
        assertThat(units.get(0).text()).isEqualTo(LINE_A);
        assertThat(units.get(1).text()).isNull();
        assertThat(units.get(1).problem()).startsWith("not valid UTF-8");
        assertThat(units.get(2).text()).isEqualTo(LINE_B);
    }

    @Test
    void parse_numbersPlainLines_fromOne_withCrLf() {
        List<InputUnit> units = FileSource.parse(LINE_A + "\r\n\r\n" + LINE_B + "\n", warn);

        assertThat(units).extracting(InputUnit::where).containsExactly("line 1", "line 2", "line 3");
        assertThat(units.get(0).text()).isEqualTo(LINE_A);
        assertThat(units.get(1).text()).isEmpty();
    }

    @Test
    void parse_readsFilterLogEventsJson_withTheLineOfEachEvent() {
        String export = """
                {
                    "events": [
                        {
                            "logStreamName": "2024/05/01/[$LATEST]abc",
                            "timestamp": 1714558530123,
                            "message": %s,
                            "ingestionTime": 1714558531000,
                            "eventId": "1"
                        },
                        {
                            "logStreamName": "2024/05/01/[$LATEST]abc",
                            "message": %s,
                            "eventId": "2"
                        }
                    ],
                    "searchedLogStreams": []
                }
                """.formatted(quote(WalLines.lambdaJsonRecord(LINE_A)), quote(LINE_B));

        List<InputUnit> units = FileSource.parse(export, warn);

        assertThat(units).extracting(InputUnit::where).containsExactly("line 3 (event 1)", "line 10 (event 2)");
        assertThat(units).allSatisfy(u -> assertThat(WalLineParser.parse(u)).isInstanceOf(WalLineParser.Record.class));
    }

    @Test
    void parse_readsSeveralConcatenatedExportPages_andWarnsAboutANextToken() {
        String export = "{\"events\":[{\"message\":" + quote(LINE_A) + "}],\"nextToken\":\"abc\"}\n"
                + "{\"events\":[{\"message\":" + quote(LINE_B) + "},{\"eventId\":\"x\"}]}\n";

        List<InputUnit> units = FileSource.parse(export, warn);

        assertThat(units).hasSize(3);
        assertThat(units.get(2).problem()).contains("no 'message'");
        assertThat(warnings.toString(StandardCharsets.UTF_8)).contains("nextToken");
    }

    @Test
    void parse_reportsWhereADamagedExportBreaks() {
        String export = "{\"events\":[{\"message\":" + quote(LINE_A) + "},\n{\"message\": oops}]}";

        List<InputUnit> units = FileSource.parse(export, warn);

        assertThat(units).hasSize(2);
        assertThat(units.get(1).where()).isEqualTo("line 2");
        assertThat(units.get(1).problem()).contains("damaged");
    }

    @Test
    void parse_treatsAFileOfWalLinesAsLines_evenThoughItStartsWithAnObject() {
        assertThat(FileSource.looksLikeEventsExport(LINE_A + "\n" + LINE_B)).isFalse();
        assertThat(FileSource.parse(LINE_A + "\n" + LINE_B, warn)).hasSize(2);
    }

    private static String quote(String text) {
        return dev.notesbackup.notes.json.Json.write(text);
    }
}
