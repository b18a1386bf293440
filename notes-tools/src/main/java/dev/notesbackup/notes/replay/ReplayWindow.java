package dev.notesbackup.notes.replay;

import java.time.Instant;

/**
 * Which records a replay writes, by each record's {@code at}: from {@code start} to {@code end},
 * both included; a null bound is open. A recovery replays the window after a backup
 * ({@code --start}); a point-in-time recovery stops at a moment ({@code --end}).
 */
public record ReplayWindow(Instant start, Instant end) {
    public static final ReplayWindow ALL = new ReplayWindow(null, null);

    public ReplayWindow {
        if (start != null && end != null && start.isAfter(end)) {
            throw new IllegalArgumentException("the window's start " + start + " is after its end " + end);
        }
    }

    public boolean isAll() {
        return start == null && end == null;
    }

    public boolean contains(Instant at) {
        return (start == null || !at.isBefore(start)) && (end == null || !at.isAfter(end));
    }

    @Override
    public String toString() {
        return "records written from " + (start == null ? "the beginning" : start) + " to "
                + (end == null ? "the end" : end) + " (by their 'at', both included)";
    }
}
