package dev.notesbackup.notes.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.notes.support.TestApp;
import dev.notesbackup.notes.support.WalLines;
import dev.notesbackup.testsupport.InMemoryDynamoDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.paginators.FilterLogEventsIterable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class ReplayCommandTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-03T00:00:00Z"), ZoneOffset.UTC);
    private final InMemoryDynamoDb tables = TestApp.inMemoryTables("new-notes", "new-replies");
    private final CloudWatchLogsClient logs = mock(CloudWatchLogsClient.class);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(String... args) {
        return NotesTools.execute(args, new NotesTools.Context(Map.of(), CLOCK, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), aws -> new NotesTools.Clients() {
                    @Override
                    public DynamoDbClient dynamoDb() {
                        return tables;
                    }

                    @Override
                    public CloudWatchLogsClient logs() {
                        return logs;
                    }
                }));
    }

    /** An out-of-range number in one line is that line's problem: the rest is replayed and the summary printed. */
    @Test
    void replayFile_rejectsALineWithAnOverflowingNumber_byLineNumber_andReplaysTheRest() throws Exception {
        Path file = dir.resolve("wal.log");
        String overflow = WalLines.note("old-notes", "01HXAAAAAAAAAAAAAAAAAAAAA3", "b").replace("\"v\":2", "\"v\":1e9999999999");
        Files.writeString(file, WalLines.note("old-notes", "01HXAAAAAAAAAAAAAAAAAAAAA1", "a") + "\n"
                + overflow + "\n"
                + WalLines.note("old-notes", "01HXAAAAAAAAAAAAAAAAAAAAA2", "c") + "\n");

        int status = run("replay", "--file", file.toString(), "--notes-table", "new-notes", "--replies-table", "new-replies");

        assertThat(status).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 2: rejected");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("replay: read 3, written 2, already present 0, rejected 1");
        assertThat(tables.size("new-notes")).isEqualTo(2);
    }

    /**
     * Issue 11's case: one line altered after it was written (its text changed to another valid text)
     * and one with a number no decimal holds. Every other line is replayed; those two are rejected
     * by number and never written.
     */
    @Test
    void replayFile_withOneAlteredLineAndOneOverflowNumber_replaysEveryOtherLine_andRejectsThoseTwoByNumber()
            throws Exception {
        Path file = dir.resolve("wal.log");
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 8; i++) {
            String id = String.format("01HXAAAAAAAAAAAAAAAAAAAA%02d", i);
            String line = WalLines.note("old-notes", id, "note " + i + " \uD83D\uDE00");
            if (i == 3) {
                line = line.replace("note 3 ", "note 9 ");
            } else if (i == 6) {
                line = line.replace("\"entity\":\"note\"", "\"entity\":\"note\",\"extra\":1E2147483648");
            }
            log.append(line).append('\n');
        }
        Files.writeString(file, log.toString(), StandardCharsets.UTF_8);

        int status = run("replay", "--file", file.toString(), "--notes-table", "new-notes", "--replies-table", "new-replies");

        assertThat(status).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).satisfiesExactly(
                line -> assertThat(line).startsWith("line 3: rejected: invalid write-ahead record: altered"),
                line -> assertThat(line).startsWith("line 6: rejected: not valid JSON: number out of range"));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("replay: read 8, written 6, already present 0, rejected 2, not write-ahead lines 0, blank 0, failed 0");
        assertThat(tables.items("new-notes").stream().map(item -> item.get("id").s())).containsExactlyInAnyOrder("01HXAAAAAAAAAAAAAAAAAAAA01",
                "01HXAAAAAAAAAAAAAAAAAAAA02", "01HXAAAAAAAAAAAAAAAAAAAA04", "01HXAAAAAAAAAAAAAAAAAAAA05",
                "01HXAAAAAAAAAAAAAAAAAAAA07", "01HXAAAAAAAAAAAAAAAAAAAA08");
    }

    @Test
    void replayFile_restoresIntoTheMappedTables_andIsIdempotent() throws Exception {
        Path file = dir.resolve("wal.log");
        Files.writeString(file, WalLines.note("old-notes", "01HXAAAAAAAAAAAAAAAAAAAAA1", "a") + "\n"
                + WalLines.reply("old-replies", "01HXAAAAAAAAAAAAAAAAAAAAA1", "01HXAAAAAAAAAAAAAAAAAAAAA2", "r") + "\n");

        int first = run("replay", "--file", file.toString(), "--notes-table", "new-notes", "--replies-table", "new-replies");
        int second = run("replay", "--file", file.toString(), "--notes-table=new-notes", "--replies-table=new-replies");

        assertThat(first).isZero();
        assertThat(second).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("replay: read 2, written 2, already present 0, rejected 0")
                .contains("replay: read 2, written 0, already present 2, rejected 0");
        assertThat(tables.size("new-notes")).isEqualTo(1);
        assertThat(tables.size("new-replies")).isEqualTo(1);
    }

    @Test
    void replayFile_exitsFailedAndNamesTheLine_whenALineIsRejected() throws Exception {
        Path file = dir.resolve("wal.log");
        Files.writeString(file, WalLines.note("old-notes", "01HXAAAAAAAAAAAAAAAAAAAAA1", "a") + "\n{\"type\":\"notes-wal\"\n");

        assertThat(run("replay", "--file", file.toString(), "--notes-table", "new-notes")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 2: rejected");
    }

    @Test
    void replayFile_exitsError_whenTheTargetTableIsMissing() throws Exception {
        Path file = dir.resolve("wal.log");
        Files.writeString(file, WalLines.note("old-notes", "01HXAAAAAAAAAAAAAAAAAAAAA1", "a") + "\n");

        assertThat(run("replay", "--file", file.toString())).isEqualTo(ExitCodes.ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("replay stopped", "'old-notes' does not exist");
    }

    @Test
    void replayLogGroup_readsTheRangeUpToNow_whenNoEndGiven() {
        when(logs.filterLogEventsPaginator(any(FilterLogEventsRequest.class)))
                .thenAnswer(call -> new FilterLogEventsIterable(logs, call.getArgument(0)));
        when(logs.filterLogEvents(any(FilterLogEventsRequest.class))).thenReturn(FilterLogEventsResponse.builder()
                .events(FilteredLogEvent.builder().eventId("1").logStreamName("s").message(
                        WalLines.lambdaJsonRecord(WalLines.note("old-notes", "01HXAAAAAAAAAAAAAAAAAAAAA1", "a"))).build())
                .build());

        int status = run("replay", "--log-group", "/notes-backup/s/notes-api", "--start", "2024-05-01", "--notes-table", "new-notes");

        assertThat(status).isZero();
        ArgumentCaptor<FilterLogEventsRequest> request = ArgumentCaptor.forClass(FilterLogEventsRequest.class);
        org.mockito.Mockito.verify(logs).filterLogEvents(request.capture());
        assertThat(request.getValue().endTime()).isEqualTo(CLOCK.millis());
        assertThat(tables.size("new-notes")).isEqualTo(1);
    }

    @Test
    void replay_exitsUsage_whenFileHasLogOptionsOrStartIsAfterEnd() {
        assertThat(run("replay", "--file", "x", "--filter-pattern", "notes-wal")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("replay", "--file", "x", "--start", "2024-05-02", "--end", "2024-05-01")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("replay", "--file", "x", "--end", "yesterday")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("replay", "--log-group", "g", "--start", "2024-05-02", "--end", "2024-05-01")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("replay", "--file", "x", "--notes-table", "bad name")).isEqualTo(ExitCodes.USAGE);
    }

    /** --start and --end on a file keep the records whose 'at' is inside, both ends included: a point-in-time stop. */
    @Test
    void replayFile_withStartAndEnd_writesOnlyTheRecordsWrittenInThatWindow() throws Exception {
        Path file = dir.resolve("wal.log");
        StringBuilder log = new StringBuilder();
        for (int minute = 0; minute < 5; minute++) {
            Instant at = Instant.parse("2024-05-01T10:00:00Z").plusSeconds(60L * minute);
            log.append(WalLines.noteAt("old-notes", String.format("01HXAAAAAAAAAAAAAAAAAAAA%02d", minute), "m" + minute, at))
                    .append('\n');
        }
        Files.writeString(file, log.toString(), StandardCharsets.UTF_8);

        int status = run("replay", "--file", file.toString(), "--notes-table", "new-notes",
                "--start", "2024-05-01T10:01:00Z", "--end", "2024-05-01T10:03:00Z");

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("replay: read 5, written 3, already present 0, rejected 0,"
                + " not write-ahead lines 0, blank 0, failed 0, outside the time window 2 (line 1, line 5)");
        assertThat(tables.items("new-notes").stream().map(item -> item.get("id").s())).containsExactlyInAnyOrder(
                "01HXAAAAAAAAAAAAAAAAAAAA01", "01HXAAAAAAAAAAAAAAAAAAAA02", "01HXAAAAAAAAAAAAAAAAAAAA03");
    }

    /** Every way a file can be bad still ends with the summary: a missing file, bytes that are not UTF-8, deep nesting. */
    @Test
    void replayFile_alwaysPrintsItsSummary_andNamesEachBadLine() throws Exception {
        assertThat(run("replay", "--file", dir.resolve("missing.log").toString(), "--notes-table", "new-notes")).isEqualTo(ExitCodes.ERROR);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("replay: read 0, written 0")
                .contains("STOPPED before the end of the input: could not start reading the input");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.log");
        out.reset();
        err.reset();

        Path file = dir.resolve("wal.log");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes((WalLines.note("old-notes", "01HXAAAAAAAAAAAAAAAAAAAA01", "a") + "\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {'n', 'o', 't', 'e', 's', '-', 'w', 'a', 'l', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        bytes.writeBytes(("{\"type\":\"notes-wal\",\"x\":" + "[".repeat(80) + "]".repeat(80) + "}\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes((WalLines.note("old-notes", "01HXAAAAAAAAAAAAAAAAAAAA02", "b") + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(file, bytes.toByteArray());

        int status = run("replay", "--file", file.toString(), "--notes-table", "new-notes");

        assertThat(status).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).satisfiesExactly(
                line -> assertThat(line).isEqualTo("line 2: rejected: not valid UTF-8 (the line holds bytes no UTF-8 text has)"),
                line -> assertThat(line).startsWith("line 3: rejected: not valid JSON: nested too deeply (line 1, column ")
                        .doesNotContain("column 0)"));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("replay: read 4, written 2, already present 0, rejected 2");
        assertThat(tables.size("new-notes")).isEqualTo(2);
    }
}
