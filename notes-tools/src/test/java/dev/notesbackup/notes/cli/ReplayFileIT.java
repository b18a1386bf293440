package dev.notesbackup.notes.cli;

import static dev.notesbackup.notes.support.NotesOnMoto.NOTES;
import static dev.notesbackup.notes.support.NotesOnMoto.REPLIES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.support.CapturingSink;
import dev.notesbackup.notes.support.NotesOnMoto;
import dev.notesbackup.notes.support.WalLines;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The replay command's file form against moto: the write-ahead lines of real API requests, the
 * tables dropped and made again, the replay restores exactly what was accepted, and a second
 * replay changes nothing. Also the {@code aws logs filter-log-events} JSON and damaged input.
 */
@ExtendWith(MotoExtension.class)
class ReplayFileIT {
    private final CapturingSink sink = new CapturingSink();
    private NotesOnMoto api;
    private MotoServer moto;

    @TempDir
    Path dir;

    @BeforeEach
    void start(MotoServer moto) {
        this.moto = moto;
        api = NotesOnMoto.start(moto, sink);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** Six notes, five replies, and refused requests in between; returns the accepted writes' lines. */
    private List<String> acceptedWrites() {
        String a = api.createNote("Stay home", "ann");
        api.postJson("/notes", "{\"text\":\"\"}").expect(400);
        String b = api.createNote("line one\nline two\ttabbed, \"quoted\", \u00e9\u00e8 \uD83D\uDE37", null);
        api.createNote("x".repeat(2000), "a".repeat(64));
        String d = api.createNote("fourth", "d");
        api.postJson("/notes/01HXAAAAAAAAAAAAAAAAAAAAAA/replies", "{\"text\":\"to nobody\"}").expect(404);
        api.createNote("fifth", null);
        api.createNote("sixth", "f");
        api.reply(a, "reply 1 to a");
        api.reply(a, "reply 2 to a");
        api.reply(b, "reply to b");
        api.reply(d, "reply to d");
        api.reply(a, "reply 3 to a");
        List<String> lines = sink.lines();
        assertThat(lines).hasSize(11);
        return lines;
    }

    @Test
    void replayFile_bringsBackExactlyTheAcceptedItems_andChangesNothingTheSecondTime_whenTheTablesWereDropped()
            throws Exception {
        List<String> lines = acceptedWrites();
        Map<String, List<Map<String, AttributeValue>>> before = api.snapshot();
        Path wal = dir.resolve("wal.log");
        Files.writeString(wal, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);

        api.dropAndRecreateTables();
        assertThat(api.scan(NOTES)).isEmpty();
        assertThat(api.scan(REPLIES)).isEmpty();
        ReplayRun first = ReplayRun.run(moto.endpoint(), "replay", "--file", wal.toString());

        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.summary()).isEqualTo(
                "replay: read 11, written 11, already present 0, rejected 0, not write-ahead lines 0, blank 0, failed 0");
        assertThat(api.snapshot()).as("every item, every attribute").isEqualTo(before);
        assertThat(before.get(NOTES)).hasSize(6);
        assertThat(before.get(REPLIES)).hasSize(5);

        ReplayRun second = ReplayRun.run(moto.endpoint(), "replay", "--file", wal.toString());

        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.summary()).isEqualTo(
                "replay: read 11, written 0, already present 11, rejected 0, not write-ahead lines 0, blank 0, failed 0");
        assertThat(api.snapshot()).isEqualTo(before);
        assertThat(api.get("/notes?limit=100").expect(200).json().get("notes")).asList().hasSize(6);
    }

    @Test
    void replayFile_restoresTheGoodEventsIntoNewTables_andReportsEachBadOneByLine_whenAFilterLogEventsExportHasBadEvents()
            throws Exception {
        List<String> lines = acceptedWrites();
        Map<String, List<Map<String, AttributeValue>>> before = api.snapshot();
        String truncated = lines.get(1).substring(0, lines.get(1).length() / 2);
        String version9 = lines.get(2).replace("\"v\":2,", "\"v\":9,");
        String keyMismatch = lines.get(3).replaceFirst("\"key\":\\{\"id\":\"[0-9A-Z]{26}\"\\}",
                "\"key\":{\"id\":\"01HXAAAAAAAAAAAAAAAAAAAAAA\"}");
        assertThat(keyMismatch).isNotEqualTo(lines.get(3));

        List<String> messages = new ArrayList<>();
        messages.add("START RequestId: 5f1c0a9e-aaaa-bbbb-cccc-000000000001 Version: $LATEST");
        for (String line : lines) {
            messages.add(WalLines.lambdaJsonRecord(line)); // Lambda's JSON log format wraps each line
        }
        messages.add(3, truncated);
        messages.add(6, version9);
        messages.add(9, keyMismatch);
        messages.add("REPORT RequestId: 5f1c0a9e-aaaa-bbbb-cccc-000000000001 Duration: 12.34 ms");
        CliExport export = CliExport.of(messages);
        Path file = dir.resolve("export.json");
        Files.writeString(file, export.text(), StandardCharsets.UTF_8);
        api.createTables("notes-restored", "replies-restored");

        ReplayRun run = ReplayRun.run(moto.endpoint(), "replay", "--file", file.toString(),
                "--notes-table", "notes-restored", "--replies-table", "replies-restored");

        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.summary()).isEqualTo("replay: read 16, written 11, already present 0, rejected 3, not write-ahead lines 2 ("
                + export.where(1) + ", " + export.where(16) + "), blank 0, failed 0");
        assertThat(run.err().lines().filter(line -> line.contains(": rejected: ")).toList()).satisfiesExactly(
                line -> assertThat(line).startsWith(export.where(4) + ": rejected: not valid JSON"),
                line -> assertThat(line).startsWith(export.where(7) + ": rejected: invalid write-ahead record: unsupported version"),
                line -> assertThat(line).startsWith(export.where(10) + ": rejected: invalid write-ahead record: altered"));
        assertThat(api.scan("notes-restored")).isEqualTo(before.get(NOTES));
        assertThat(api.scan("replies-restored")).isEqualTo(before.get(REPLIES));
        assertThat(api.snapshot()).as("the original tables are left alone").isEqualTo(before);
    }

    @Test
    void replayFile_reportsBadLinesByNumberAndRestoresTheRest_whenAPlainLogHasBadAndForeignLines()
            throws Exception {
        List<String> lines = acceptedWrites();
        Map<String, List<Map<String, AttributeValue>>> before = api.snapshot();
        String emptyText = lines.get(0).replace("\"text\":\"Stay home\"", "\"text\":\"\"");
        assertThat(emptyText).isNotEqualTo(lines.get(0));
        List<String> log = new ArrayList<>();
        log.add("START RequestId: 5f1c0a9e Version: $LATEST");                           // line 1
        for (int i = 0; i < lines.size(); i++) {
            // Lambda's text log format puts the time, the request id and the level before the line
            log.add("2024-05-01T10:15:30.124Z\t5f1c0a9e\tINFO\t" + lines.get(i));         // lines 2..12
        }
        log.add("");                                                                       // line 13
        log.add("{\"type\":\"notes-wal\",\"v\":1,\"event\":\"put\"");                     // line 14
        log.add("END RequestId: 5f1c0a9e");                                                // line 15
        log.add(emptyText);                                                                // line 16
        log.add(lines.get(4));                                                             // line 17: twice
        log.add("a note about notes-wal in free text");                                    // line 18
        Path file = dir.resolve("function.log");
        Files.writeString(file, String.join("\r\n", log) + "\r\n", StandardCharsets.UTF_8);

        api.dropAndRecreateTables();
        ReplayRun run = ReplayRun.run(moto.endpoint(), "replay", "--file", file.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.summary()).isEqualTo("replay: read 18, written 11, already present 1, rejected 3,"
                + " not write-ahead lines 2 (line 1, line 15), blank 1, failed 0");
        assertThat(run.err().lines().filter(line -> line.contains(": rejected: ")).toList()).satisfiesExactly(
                line -> assertThat(line).startsWith("line 14: rejected: not valid JSON"),
                line -> assertThat(line).startsWith("line 16: rejected: invalid write-ahead record: altered"),
                line -> assertThat(line).startsWith("line 18: rejected: mentions notes-wal but holds no JSON object"));
        assertThat(api.snapshot()).isEqualTo(before);
    }

    /**
     * What {@code aws logs filter-log-events --output json} prints: one object, indented by four,
     * each event an object over seven lines. Knows on which line each event starts.
     */
    private record CliExport(String text, List<Integer> eventLines) {
        static CliExport of(List<String> messages) {
            StringBuilder text = new StringBuilder("{\n    \"events\": [\n");
            List<Integer> eventLines = new ArrayList<>();
            int line = 3;
            long timestamp = 1714558530124L;
            for (int i = 0; i < messages.size(); i++) {
                eventLines.add(line);
                text.append("        {\n")
                        .append("            \"logStreamName\": \"2024/05/01/[$LATEST]0123456789abcdef\",\n")
                        .append("            \"timestamp\": ").append(timestamp + i).append(",\n")
                        .append("            \"message\": ").append(Json.write(messages.get(i))).append(",\n")
                        .append("            \"ingestionTime\": ").append(timestamp + i + 50).append(",\n")
                        .append("            \"eventId\": \"3772").append(String.format("%052d", i)).append("\"\n")
                        .append("        }").append(i + 1 < messages.size() ? "," : "").append('\n');
                line += 7;
            }
            text.append("    ],\n    \"searchedLogStreams\": []\n}\n");
            return new CliExport(text.toString(), eventLines);
        }

        /** How the replay names the n-th event (1-based). */
        String where(int event) {
            return "line " + eventLines.get(event - 1) + " (event " + event + ")";
        }
    }
}
