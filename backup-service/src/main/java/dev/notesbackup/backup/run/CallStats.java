package dev.notesbackup.backup.run;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * API calls made per operation, retries and throttling answers met, for the run report: counted
 * by the run's own retrier for CreateBackup, and from the SDK's metrics for the calls the SDK
 * retries (the run adds this publisher to each of its requests).
 */
public final class CallStats implements MetricPublisher {
    private static final String ATTEMPT = "ApiCallAttempt";
    /** The {@link CoreMetric#ERROR_TYPE} of an attempt that was throttled, as the SDK documents it. */
    private static final String THROTTLING = "Throttling";

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final LongAdder retries = new LongAdder();
    private final LongAdder throttles = new LongAdder();

    void call(String operation) {
        calls.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    void retry() {
        retries.increment();
    }

    void throttled() {
        throttles.increment();
    }

    /** One SDK call: each attempt counts as a call of its operation. */
    @Override
    public void publish(MetricCollection apiCall) {
        String operation = apiCall.metricValues(CoreMetric.OPERATION_NAME).stream().findFirst().orElse("unknown");
        apiCall.metricValues(CoreMetric.RETRY_COUNT).forEach(retries::add);
        apiCall.children().stream().filter(c -> ATTEMPT.equals(c.name())).forEach(attempt -> {
            call(operation);
            if (attempt.metricValues(CoreMetric.ERROR_TYPE).contains(THROTTLING)) {
                throttled();
            }
        });
    }

    @Override
    public void close() {
    }

    public Map<String, Long> callsByOperation() {
        Map<String, Long> result = new TreeMap<>();
        calls.forEach((op, count) -> result.put(op, count.sum()));
        return result;
    }

    public long retries() {
        return retries.sum();
    }

    public long throttles() {
        return throttles.sum();
    }
}
