package dev.notesbackup.notes.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.support.WalLines;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WalLineParserTest {
    private static final String NOTE = "01HXAAAAAAAAAAAAAAAAAAAAA1";
    private static final String LINE = WalLines.note("notes-t", NOTE, "hello");

    @Test
    void parse_readsAPlainLine() {
        assertThat(WalLineParser.parse(LINE)).isInstanceOf(WalLineParser.Record.class);
    }

    @Test
    void parse_readsALineWithATextPrefix() {
        String tail = "2024-05-01T10:15:30.124Z\t5f1c0a9e-aaaa-bbbb-cccc-000000000001\tINFO\t" + LINE;
        String awsLogsTail = "2024-05-01T10:15:30.124000+00:00 2024/05/01/[$LATEST]abcdef " + LINE;

        assertThat(WalLineParser.parse(tail)).isInstanceOf(WalLineParser.Record.class);
        assertThat(WalLineParser.parse(awsLogsTail)).isInstanceOf(WalLineParser.Record.class);
    }

    @Test
    void parse_readsALambdaJsonLogRecord_withTheLineAsMessageString() {
        WalLineParser.Result result = WalLineParser.parse(WalLines.lambdaJsonRecord(LINE + "\n"));

        assertThat(result).isInstanceOfSatisfying(WalLineParser.Record.class,
                r -> assertThat(r.record().table()).isEqualTo("notes-t"));
    }

    @Test
    void parse_readsALogRecord_withTheRecordAsMessageObject() {
        String wrapped = Json.write(Map.of("level", "INFO", "message", Json.parseObject(LINE)));

        assertThat(WalLineParser.parse(wrapped)).isInstanceOf(WalLineParser.Record.class);
    }

    @Test
    void parse_readsARecordWrappedTwice() {
        String twice = Json.write(Map.of("message", "prefix " + WalLines.lambdaJsonRecord(LINE)));

        assertThat(WalLineParser.parse(twice)).isInstanceOf(WalLineParser.Record.class);
    }

    @Test
    void parse_ignoresLinesWithoutTheMarker() {
        assertThat(WalLineParser.parse("START RequestId: 5f1c Version: $LATEST")).isInstanceOf(WalLineParser.NotWal.class);
        assertThat(WalLineParser.parse("{\"type\":\"notes-error\"}")).isInstanceOf(WalLineParser.NotWal.class);
        assertThat(WalLineParser.parse("   ")).isInstanceOf(WalLineParser.Blank.class);
    }

    @Test
    void parse_rejectsDamagedWalLines_withAReason() {
        assertThat(WalLineParser.parse(LINE.substring(0, LINE.length() - 10)))
                .isInstanceOfSatisfying(WalLineParser.Rejected.class, r -> assertThat(r.reason()).contains("not valid JSON"));
        assertThat(WalLineParser.parse("notes-wal but no json"))
                .isInstanceOfSatisfying(WalLineParser.Rejected.class, r -> assertThat(r.reason()).contains("no JSON"));
        assertThat(WalLineParser.parse(LINE.replace("\"v\":2", "\"v\":9")))
                .isInstanceOfSatisfying(WalLineParser.Rejected.class, r -> assertThat(r.reason()).contains("version"));
        assertThat(WalLineParser.parse("{\"other\":\"notes-wal\"}")).isInstanceOf(WalLineParser.Rejected.class);
    }

    @Test
    void parse_rejectsAnUnreadableUnit_withItsProblem() {
        assertThat(WalLineParser.parse(InputUnit.unreadable("line 3", "damaged")))
                .isEqualTo(new WalLineParser.Rejected("damaged"));
    }
}
