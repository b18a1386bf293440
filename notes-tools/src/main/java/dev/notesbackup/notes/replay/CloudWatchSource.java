package dev.notesbackup.notes.replay;

import java.time.Instant;
import java.util.Iterator;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * Replay input straight from CloudWatch Logs: FilterLogEvents over a log group and a time range,
 * every page (the SDK paginator follows nextToken), lazily, so a long range is never held in memory.
 */
public final class CloudWatchSource implements Iterable<InputUnit> {
    /** Only events with this phrase are fetched; the parser still checks every one. */
    public static final String DEFAULT_FILTER_PATTERN = "\"notes-wal\"";

    private final CloudWatchLogsClient logs;
    private final FilterLogEventsRequest request;

    public CloudWatchSource(CloudWatchLogsClient logs, String logGroup, Instant start, Instant end, String filterPattern) {
        this.logs = logs;
        FilterLogEventsRequest.Builder builder = FilterLogEventsRequest.builder()
                .logGroupName(logGroup)
                .startTime(start.toEpochMilli())
                .endTime(end.toEpochMilli());
        if (filterPattern != null && !filterPattern.isBlank()) {
            builder.filterPattern(filterPattern);
        }
        this.request = builder.build();
    }

    FilterLogEventsRequest request() {
        return request;
    }

    @Override
    public Iterator<InputUnit> iterator() {
        Iterator<FilteredLogEvent> events = logs.filterLogEventsPaginator(request).events().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return events.hasNext();
            }

            @Override
            public InputUnit next() {
                FilteredLogEvent event = events.next();
                String where = "event " + event.eventId() + " (stream " + event.logStreamName()
                        + (event.timestamp() == null ? "" : ", " + Instant.ofEpochMilli(event.timestamp())) + ")";
                return event.message() == null ? InputUnit.unreadable(where, "the event has no message")
                        : new InputUnit(where, event.message());
            }
        };
    }
}
