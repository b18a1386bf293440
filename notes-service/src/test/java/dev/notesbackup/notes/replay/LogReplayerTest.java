package dev.notesbackup.notes.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.notesbackup.notes.support.InMemoryDynamoDb;
import dev.notesbackup.notes.support.WalLines;
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
        InMemoryDynamoDb tables = new InMemoryDynamoDb("new-notes", "new-replies");
        LogReplayer replayer = new LogReplayer(tables.client, new TableMapping("new-notes", "new-replies"), false, problems);

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
        assertThat(summary.exitCode()).isEqualTo(3);
        assertThat(summary.describe()).isEqualTo("replay: read 7, written 3, already present 0, rejected 1,"
                + " not write-ahead lines 2 (line 1, line 7), blank 1, failed 0");
    }

    @Test
    void replay_changesNothing_whenRunTwice() {
        InMemoryDynamoDb tables = new InMemoryDynamoDb("new-notes", "new-replies");
        LogReplayer replayer = new LogReplayer(tables.client, new TableMapping("new-notes", "new-replies"), false, problems);
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
        InMemoryDynamoDb tables = new InMemoryDynamoDb("old-notes", "old-replies");
        LogReplayer replayer = new LogReplayer(tables.client, TableMapping.AS_LOGGED, false, problems);

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
        assertThat(summary.exitCode()).isEqualTo(1);
        assertThat(problemBytes.toString(StandardCharsets.UTF_8)).contains("line 1: failed", "ProvisionedThroughputExceeded");
    }

    @Test
    void replay_stops_whenTheTargetTableDoesNotExist() {
        DynamoDbClient db = mock(DynamoDbClient.class);
        when(db.putItem(any(PutItemRequest.class))).thenThrow(ResourceNotFoundException.builder().message("no table").build());
        LogReplayer replayer = new LogReplayer(db, new TableMapping("gone", null), false, problems);

        assertThatThrownBy(() -> replayer.replay(FileSource.lines(log)))
                .isInstanceOf(ReplayAbortedException.class).hasMessageContaining("'gone'").hasMessageContaining("line 2");
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
}
