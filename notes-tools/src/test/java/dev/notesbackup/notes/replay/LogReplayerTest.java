package dev.notesbackup.notes.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.notes.support.TestApp;
import dev.notesbackup.notes.support.WalLines;
import dev.notesbackup.testsupport.InMemoryDynamoDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

class LogReplayerTest {
    private static final String NOTE_1 = "01HXAAAAAAAAAAAAAAAAAAAAA1";
    private static final String NOTE_2 = "01HXAAAAAAAAAAAAAAAAAAAAA2";
    private static final String REPLY_1 = "01HXAAAAAAAAAAAAAAAAAAAAA3";

    private final ByteArrayOutputStream problemBytes = new ByteArrayOutputStream();
    private final PrintStream problems = new PrintStream(problemBytes, true, StandardCharsets.UTF_8);

    private final String log = String.join("\n",
            "START RequestId: 1 Version: $LATEST",
            WalLines.note("old-notes", NOTE_1, "first"),
            WalLines.lambdaJsonRecord(WalLines.reply("old-replies", NOTE_1, REPLY_1, "a reply")),
            "",
            "{\"type\":\"notes-wal\",\"v\":1,\"event\":\"put\"",
            "2024-05-01T10:15:31.000Z\treq\tINFO\t" + WalLines.note("old-notes", NOTE_2, "second"),
            "END RequestId: 1");

    @Test
    void replay_writesEveryRecord_reportsBadLinesByNumber_andCountsEachLineOnce() {
        InMemoryDynamoDb tables = TestApp.inMemoryTables("new-notes", "new-replies");
        LogReplayer replayer = new LogReplayer(tables, new TableMapping("new-notes", "new-replies"), false, problems);

        ReplaySummary summary = replayer.replay(FileSource.lines(log));

        assertThat(summary.read()).isEqualTo(7);
        assertThat(summary.written()).isEqualTo(3);
        assertThat(summary.alreadyPresent()).isZero();
        assertThat(summary.rejected()).isEqualTo(1);
        assertThat(summary.notWal()).isEqualTo(2);
        assertThat(summary.notWalPlaces()).containsExactly("line 1", "line 7");
        assertThat(summary.blank()).isEqualTo(1);
        assertThat(summary.read()).isEqualTo(summary.written() + summary.alreadyPresent() + summary.rejected()
                + summary.notWal() + summary.blank() + summary.failed());
        assertThat(problemBytes.toString(StandardCharsets.UTF_8)).startsWith("line 5: rejected: not valid JSON");
        assertThat(tables.size("new-notes")).isEqualTo(2);
        assertThat(tables.size("new-replies")).isEqualTo(1);
        assertThat(summary.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(summary.describe()).isEqualTo("replay: read 7, written 3, already present 0, rejected 1,"
                + " not write-ahead lines 2 (line 1, line 7), blank 1, failed 0");
    }

    @Test
    void replay_changesNothing_whenRunTwice() {
        InMemoryDynamoDb tables = TestApp.inMemoryTables("new-notes", "new-replies");
        LogReplayer replayer = new LogReplayer(tables, new TableMapping("new-notes", "new-replies"), false, problems);
        replayer.replay(FileSource.lines(log));
        List<Map<String, AttributeValue>> afterFirst = tables.items("new-notes");

        ReplaySummary second = replayer.replay(FileSource.lines(log));

        assertThat(second.written()).isZero();
        assertThat(second.alreadyPresent()).isEqualTo(3);
        assertThat(tables.items("new-notes")).isEqualTo(afterFirst);
        assertThat(tables.size("new-replies")).isEqualTo(1);
    }

    @Test
    void replay_usesConditionalPuts_soPresentItemsAreNeverOverwritten() {
        DynamoDbClient db = mock(DynamoDbClient.class);
        when(db.putItem(any(PutItemRequest.class)))
                .thenThrow(ConditionalCheckFailedException.builder().message("The conditional request failed").build());
        LogReplayer replayer = new LogReplayer(db, TableMapping.AS_LOGGED, false, problems);

        ReplaySummary summary = replayer.replay(FileSource.lines(WalLines.note("old-notes", NOTE_1, "x")));

        assertThat(summary.alreadyPresent()).isEqualTo(1);
        assertThat(summary.exitCode()).isZero();
        ArgumentCaptor<PutItemRequest> put = ArgumentCaptor.forClass(PutItemRequest.class);
        verify(db).putItem(put.capture());
        assertThat(put.getValue().conditionExpression()).isEqualTo("attribute_not_exists(#pk)");
        assertThat(put.getValue().expressionAttributeNames()).containsEntry("#pk", "id");
    }

    @Test
    void replay_writesToTheLoggedTables_whenNoMappingGiven() {
        InMemoryDynamoDb tables = TestApp.inMemoryTables("old-notes", "old-replies");
        LogReplayer replayer = new LogReplayer(tables, TableMapping.AS_LOGGED, false, problems);

        replayer.replay(FileSource.lines(log));

        assertThat(tables.size("old-notes")).isEqualTo(2);
        assertThat(tables.size("old-replies")).isEqualTo(1);
    }

    @Test
    void replay_countsAndReportsFailedPuts_andGoesOn() {
        DynamoDbClient db = mock(DynamoDbClient.class);
        when(db.putItem(any(PutItemRequest.class)))
                .thenThrow(ProvisionedThroughputExceededException.builder().message("slow down").build())
                .thenReturn(null);
        LogReplayer replayer = new LogReplayer(db, TableMapping.AS_LOGGED, false, problems);

        ReplaySummary summary = replayer.replay(FileSource.lines(
                WalLines.note("old-notes", NOTE_1, "x") + "\n" + WalLines.note("old-notes", NOTE_2, "y")));

        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.written()).isEqualTo(1);
        assertThat(summary.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(problemBytes.toString(StandardCharsets.UTF_8)).contains("line 1: failed", "ProvisionedThroughputExceeded");
    }

    @Test
    void replay_stops_whenTheTargetTableDoesNotExist() {
        DynamoDbClient db = mock(DynamoDbClient.class);
        when(db.putItem(any(PutItemRequest.class))).thenThrow(ResourceNotFoundException.builder().message("no table").build());
        LogReplayer replayer = new LogReplayer(db, new TableMapping("gone", null), false, problems);

        ReplaySummary summary = replayer.replay(FileSource.lines(log));

        assertThat(summary.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(summary.stopped()).contains("'gone'", "line 2");
        assertThat(summary.describe()).isEqualTo("replay: read 1, written 0, already present 0, rejected 0,"
                + " not write-ahead lines 1 (line 1), blank 0, failed 0; STOPPED before the end of the input: " + summary.stopped());
        assertThat(problemBytes.toString(StandardCharsets.UTF_8)).startsWith("replay stopped: table 'gone' does not exist");
        verify(db, times(1)).putItem(any(PutItemRequest.class));
    }

    @Test
    void replay_writesNothing_inADryRun() {
        DynamoDbClient db = mock(DynamoDbClient.class);
        LogReplayer replayer = new LogReplayer(db, TableMapping.AS_LOGGED, true, problems);

        ReplaySummary summary = replayer.replay(FileSource.lines(log));

        assertThat(summary.written()).isEqualTo(3);
        assertThat(summary.describe()).startsWith("replay (dry run, nothing written): read 7, would write 3");
        verify(db, never()).putItem(any(PutItemRequest.class));
    }

    /** CloudWatch Logs failing on a later page: what was read is in the tables, and the summary says where it stopped. */
    @Test
    void replay_endsWithASummary_whenTheInputFailsPartWay() {
        InMemoryDynamoDb tables = TestApp.inMemoryTables("old-notes", "old-replies");
        LogReplayer replayer = new LogReplayer(tables, TableMapping.AS_LOGGED, false, problems);
        java.util.Iterator<InputUnit> first = FileSource.lines(WalLines.note("old-notes", NOTE_1, "x")).iterator();
        Iterable<InputUnit> failing = () -> new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                if (first.hasNext()) {
                    return true;
                }
                throw new IllegalStateException("page 2: service unavailable");
            }

            @Override
            public InputUnit next() {
                return first.next();
            }
        };

        ReplaySummary summary = replayer.replay(failing);

        assertThat(summary.written()).isEqualTo(1);
        assertThat(summary.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(summary.describe()).endsWith("failed 0; STOPPED before the end of the input: reading the input failed"
                + " after line 1: IllegalStateException: page 2: service unavailable");
        assertThat(tables.size("old-notes")).isEqualTo(1);
    }

    @Test
    void replay_writesOnlyTheRecordsInItsWindow_bothEndsIncluded_andCountsTheOthers() {
        InMemoryDynamoDb tables = TestApp.inMemoryTables("old-notes", "old-replies");
        java.time.Instant at = WalLines.AT;
        LogReplayer replayer = new LogReplayer(tables, TableMapping.AS_LOGGED, false, problems,
                new ReplayWindow(at, at));
        LogReplayer after = new LogReplayer(tables, TableMapping.AS_LOGGED, false, problems,
                new ReplayWindow(at.plusMillis(1), null));

        ReplaySummary inside = replayer.replay(FileSource.lines(log));
        ReplaySummary outside = after.replay(FileSource.lines(WalLines.note("old-notes", NOTE_1, "x") + "\nSTART"));

        assertThat(inside.written()).isEqualTo(3);
        assertThat(inside.describe()).endsWith("failed 0, outside the time window 0");
        assertThat(outside.written()).isZero();
        assertThat(outside.describe()).isEqualTo("replay: read 2, written 0, already present 0, rejected 0,"
                + " not write-ahead lines 1 (line 2), blank 0, failed 0, outside the time window 1 (line 1)");
        assertThat(outside.exitCode()).isZero();
    }
}
