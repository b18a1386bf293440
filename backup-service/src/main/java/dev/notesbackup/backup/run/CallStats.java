package dev.notesbackup.backup.run;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** API calls made per operation, retries and throttling answers met, for the run report. */
public final class CallStats {
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
