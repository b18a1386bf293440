package dev.notesbackup.notes.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.notesbackup.notes.support.WalLines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.paginators.FilterLogEventsIterable;

class CloudWatchSourceTest {
    private final CloudWatchLogsClient logs = mock(CloudWatchLogsClient.class);

    @Test
    void iterator_followsEveryPage_includingEmptyOnes() {
        when(logs.filterLogEventsPaginator(any(FilterLogEventsRequest.class)))
                .thenAnswer(call -> new FilterLogEventsIterable(logs, call.getArgument(0)));
        when(logs.filterLogEvents(any(FilterLogEventsRequest.class))).thenAnswer(call -> {
            FilterLogEventsRequest request = call.getArgument(0);
            String token = request.nextToken();
            if (token == null) {
                return page("t1", event("1", WalLines.lambdaJsonRecord(WalLines.note("n-t", "01HXAAAAAAAAAAAAAAAAAAAAA1", "a"))));
            } else if (token.equals("t1")) {
                return page("t2");
            } else if (token.equals("t2")) {
                return page(null, event("2", WalLines.note("n-t", "01HXAAAAAAAAAAAAAAAAAAAAA2", "b")), event("3", null));
            }
            throw new AssertionError("unexpected token " + token);
        });
        CloudWatchSource source = new CloudWatchSource(logs, "/notes-backup/stack/notes-api",
                Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("2024-05-02T00:00:00Z"), CloudWatchSource.DEFAULT_FILTER_PATTERN);

        List<InputUnit> units = new ArrayList<>();
        source.forEach(units::add);

        assertThat(units).hasSize(3);
        assertThat(units.get(0).where()).startsWith("event 1 (stream s1, 2024-05-01T10:00:00Z)");
        assertThat(units.get(2).problem()).contains("no message");
        ArgumentCaptor<FilterLogEventsRequest> requests = ArgumentCaptor.forClass(FilterLogEventsRequest.class);
        verify(logs, times(3)).filterLogEvents(requests.capture());
        FilterLogEventsRequest first = requests.getAllValues().get(0);
        assertThat(first.logGroupName()).isEqualTo("/notes-backup/stack/notes-api");
        assertThat(first.startTime()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z").toEpochMilli());
        assertThat(first.endTime()).isEqualTo(Instant.parse("2024-05-02T00:00:00Z").toEpochMilli());
        assertThat(first.filterPattern()).isEqualTo("\"notes-wal\"");
    }

    @Test
    void request_hasNoFilterPattern_whenBlank() {
        CloudWatchSource source = new CloudWatchSource(logs, "g", Instant.EPOCH, Instant.EPOCH.plusSeconds(1), "");

        assertThat(source.request().filterPattern()).isNull();
    }

    private static FilterLogEventsResponse page(String nextToken, FilteredLogEvent... events) {
        return FilterLogEventsResponse.builder().events(events).nextToken(nextToken).build();
    }

    private static FilteredLogEvent event(String id, String message) {
        return FilteredLogEvent.builder().eventId(id).logStreamName("s1")
                .timestamp(Instant.parse("2024-05-01T10:00:00Z").toEpochMilli()).message(message).build();
    }
}
