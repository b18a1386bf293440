package dev.notesbackup.notes.cli;

import static dev.notesbackup.notes.support.NotesOnMoto.NOTES;
import static dev.notesbackup.notes.support.NotesOnMoto.REPLIES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.support.CapturingSink;
import dev.notesbackup.notes.support.NotesOnMoto;
import dev.notesbackup.notes.support.WalLines;
import dev.notesbackup.notes.wal.WalRecord;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code replay --log-group} against moto's CloudWatch Logs: the write-ahead lines of real API
 * requests are put as log events (CreateLogGroup, CreateLogStream, PutLogEvents), the tables are
 * dropped, and the replay command reads the time range back with FilterLogEvents, every page.
 *
 * <p>moto 5.2.1's FilterLogEvents pages like AWS in shape (nextToken until the last page; it
 * honours {@code limit}, default and maximum 10,000 events), but it has no 1 MB page cap, returns
 * each stream's events in turn (not interleaved by time unless asked), and treats any filter
 * pattern it does not understand as "match everything"; quoted phrases such as the replay's
 * default {@code "notes-wal"} it does apply. Paging is covered twice: with a page size of 4 set
 * on the requests by an SDK interceptor (many pages of the default filter), and with moto's own
 * 10,000-event page (more than 10,000 events, {@code --filter-pattern ''}).
 */
@ExtendWith(MotoExtension.class)
class CloudWatchReplayIT {
    private static final String GROUP = "/aws/lambda/notes-stack-NotesApiFunction-1A2B3C4D";

    private final CapturingSink sink = new CapturingSink();
    private final List<String> filterCalls = Collections.synchronizedList(new ArrayList<>());
    private NotesOnMoto api;
    private MotoServer moto;
    private CloudWatchLogsClient logs;

    @BeforeEach
    void start(MotoServer moto) {
        this.moto = moto;
        api = NotesOnMoto.start(moto, sink);
        logs = LocalAws.client(CloudWatchLogsClient.builder(), moto.endpoint(), LocalAws.noRetries());
        logs.createLogGroup(b -> b.logGroupName(GROUP));
    }

    @AfterEach
    void stop() {
        api.close();
        logs.close();
    }

    /** Counts FilterLogEvents calls (the nextToken each carried) and, if pageSize > 0, asks for pages that small. */
    private ExecutionInterceptor filterPages(int pageSize) {
        return new ExecutionInterceptor() {
            @Override
            public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
                if (context.request() instanceof FilterLogEventsRequest request) {
                    filterCalls.add(String.valueOf(request.nextToken()));
                    return pageSize > 0 ? request.toBuilder().limit(pageSize).build() : request;
                }
                return context.request();
            }
        };
    }

    @Test
    void replayLogGroup_readsEveryPageAndRestoresOnlyTheRange_whenTheLogIsInTwoStreams() {
        long now = System.currentTimeMillis();
        long base = now - 60 * 60 * 1000L;
        // Before the range: a note whose line must not be replayed.
        api.createNote("too early", null);
        String early = sink.lines().get(0);
        // The range: 20 notes and 10 replies.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(api.createNote("note " + i, i % 3 == 0 ? null : "author " + i));
        }
        for (int i = 0; i < 10; i++) {
            api.reply(ids.get(i), "reply " + i);
        }
        List<String> inRange = sink.lines().subList(1, 31);
        // After the range.
        api.createNote("too late", null);
        String late = sink.lines().get(31);
        assertThat(sink.lines()).hasSize(32);
        Map<String, List<Map<String, AttributeValue>>> all = api.snapshot();

        // Two Lambda containers, two streams; each wraps its lines in the JSON log format, with platform lines between.
        put("2024/05/01/[$LATEST]aaaa", List.of(event(base - 30 * 60 * 1000L, WalLines.lambdaJsonRecord(early))));
        List<InputLogEvent> streamA = new ArrayList<>();
        List<InputLogEvent> streamB = new ArrayList<>();
        streamA.add(event(base, "{\"time\":\"2024-05-01T10:00:00.000Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"r0\"}}"));
        for (int i = 0; i < inRange.size(); i++) {
            (i % 2 == 0 ? streamA : streamB).add(event(base + 1000 + i * 100L, WalLines.lambdaJsonRecord(inRange.get(i))));
        }
        streamB.add(event(base + 5000, "{\"time\":\"2024-05-01T10:00:05.000Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"r9\"}}"));
        put("2024/05/01/[$LATEST]bbbb", streamA);
        put("2024/05/01/[$LATEST]cccc", streamB);
        put("2024/05/01/[$LATEST]dddd", List.of(event(base + 11 * 60 * 1000L, WalLines.lambdaJsonRecord(late))));

        api.dropAndRecreateTables();
        String[] args = {"replay", "--log-group", GROUP, "--start", Long.toString(base - 1000),
                "--end", Long.toString(base + 10 * 60 * 1000L)};
        ReplayRun first = ReplayRun.run(moto.endpoint(), List.of(filterPages(4)), args);

        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.summary()).isEqualTo(
                "replay: read 30, written 30, already present 0, rejected 0, not write-ahead lines 0, blank 0, failed 0");
        assertThat(filterCalls).as("30 events, 4 a page: 8 FilterLogEvents calls, each after the first with a nextToken")
                .hasSize(8);
        assertThat(filterCalls.get(0)).isEqualTo("null");
        assertThat(filterCalls.subList(1, 8)).doesNotContain("null").doesNotHaveDuplicates();
        assertThat(api.snapshot()).isEqualTo(Map.of(NOTES, without(all.get(NOTES), early, late), REPLIES, all.get(REPLIES)));
        assertThat(api.scan(NOTES)).hasSize(20);

        filterCalls.clear();
        ReplayRun second = ReplayRun.run(moto.endpoint(), List.of(filterPages(4)), args);

        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.summary()).isEqualTo(
                "replay: read 30, written 0, already present 30, rejected 0, not write-ahead lines 0, blank 0, failed 0");
        assertThat(api.scan(NOTES)).hasSize(20);
        assertThat(api.scan(REPLIES)).isEqualTo(all.get(REPLIES));
    }

    @Test
    void replayLogGroup_missesNoEvent_whenMoreThanTenThousandCrossTheFilterPageLimit() {
        long base = System.currentTimeMillis() - 30 * 60 * 1000L;
        for (int i = 0; i < 6; i++) {
            api.createNote("note " + i, null);
        }
        List<String> lines = sink.lines();
        Map<String, List<Map<String, AttributeValue>>> all = api.snapshot();
        // 10,010 events: write-ahead lines at the start, the middle, either side of event 10,000 and at the end.
        List<Integer> walPositions = List.of(0, 5000, 9999, 10000, 10001, 10009);
        List<InputLogEvent> events = new ArrayList<>();
        for (int i = 0; i < 10_010; i++) {
            int wal = walPositions.indexOf(i);
            events.add(event(base + i, wal >= 0 ? lines.get(wal)
                    : "REPORT RequestId: 5f1c0a9e-0000-0000-0000-" + String.format("%012d", i) + " Duration: 1.00 ms"));
        }
        put("2024/05/01/[$LATEST]eeee", events);

        api.dropAndRecreateTables();
        ReplayRun run = ReplayRun.run(moto.endpoint(), List.of(filterPages(0)), "replay", "--log-group", GROUP,
                "--start", Long.toString(base), "--filter-pattern", "");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.summary()).startsWith(
                "replay: read 10010, written 6, already present 0, rejected 0, not write-ahead lines 10004 (event ");
        assertThat(filterCalls).as("moto's default page is 10,000 events: two calls").hasSize(2);
        assertThat(api.snapshot()).isEqualTo(all);
    }

    private static InputLogEvent event(long timestamp, String message) {
        return InputLogEvent.builder().timestamp(timestamp).message(message).build();
    }

    /** PutLogEvents in batches (at most 10,000 events and 1 MB a call), checking none is rejected. */
    private void put(String stream, List<InputLogEvent> events) {
        logs.createLogStream(b -> b.logGroupName(GROUP).logStreamName(stream));
        for (int from = 0; from < events.size(); from += 2500) {
            List<InputLogEvent> batch = events.subList(from, Math.min(events.size(), from + 2500));
            PutLogEventsResponse response = logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName(stream).logEvents(batch));
            assertThat(response.rejectedLogEventsInfo()).as("events rejected by PutLogEvents").isNull();
        }
    }

    /** The items minus those the given write-ahead lines announced. */
    private static List<Map<String, AttributeValue>> without(List<Map<String, AttributeValue>> items, String... lines) {
        List<Map<String, AttributeValue>> kept = new ArrayList<>(items);
        for (String line : lines) {
            assertThat(kept.remove(WalRecord.from(Json.parseObject(line)).item())).isTrue();
        }
        return kept;
    }
}
