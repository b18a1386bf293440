package dev.notesbackup.bench;

import dev.notesbackup.testsupport.AwsLimitsProxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Samples the proxy's counters during a run to show when each operation was active: the first
 * and last moment its forwarded count changed, relative to the start. Shows whether listing,
 * creates and deletes overlapped, and which one ended last.
 */
final class Timeline implements AutoCloseable {
    static final List<String> OPS = List.of("ListTables", "ListBackups", "CreateBackup", "DeleteBackup");
    private static final long PERIOD_MILLIS = 50;

    private final AwsLimitsProxy proxy;
    private final long start = System.nanoTime();
    private final Map<String, Long> last = new LinkedHashMap<>();
    private final Map<String, double[]> spans = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean stop;

    Timeline(AwsLimitsProxy proxy) {
        this.proxy = proxy;
        OPS.forEach(op -> last.put(op, proxy.stats(op).forwarded()));
        thread = new Thread(this::sample, "bench-timeline");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (!stop) {
            tick();
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void tick() {
        double t = (System.nanoTime() - start) / 1e9;
        for (String op : OPS) {
            long now = proxy.stats(op).forwarded();
            if (now != last.get(op)) {
                last.put(op, now);
                double[] span = spans.computeIfAbsent(op, k -> new double[] {t, t});
                span[1] = t;
            }
        }
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tick();
    }

    /** e.g. {@code ListBackups 0.1-13.2 s, CreateBackup 0.4-4.5 s, DeleteBackup 1.5-21.3 s} */
    synchronized String describe() {
        StringBuilder out = new StringBuilder();
        spans.forEach((op, span) -> out.append(out.isEmpty() ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.1f-%.1f s", op, span[0], span[1])));
        return out.isEmpty() ? "(no calls)" : out.toString();
    }
}
