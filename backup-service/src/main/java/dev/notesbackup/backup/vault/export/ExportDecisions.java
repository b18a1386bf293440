package dev.notesbackup.backup.vault.export;

import dev.notesbackup.backup.vault.VaultLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;

/**
 * The vault export's decisions, without I/O: which export is this slot's, which exports are
 * worth describing and tracking, the idempotency token, and when a table's newest completed export is.
 */
public final class ExportDecisions {
    /**
     * Exports started this long ago or less are tracked: each run writes the completion of those
     * that ended and reports those still running. A full export of a large table takes hours, and
     * runs are daily, so three days leave two more runs to see an export end after a run that
     * failed or was skipped; older exports are history, and describing every one of them each run
     * would cost a call per export per day.
     */
    public static final Duration TRACKING_WINDOW = Duration.ofDays(3);

    /** DynamoDB's export ids begin with the start time in epoch milliseconds, as its backup ids do. */
    private static final Pattern TIMED_EXPORT_ID = Pattern.compile(".*/export/(\\d{14})-[0-9a-f]{8}");

    private ExportDecisions() {
    }

    /**
     * The ClientToken of the slot's export: the same for every run of the slot, so AWS itself
     * starts one export for overlapping runs within its 8-hour idempotency window. A FAILED attempt
     * of the slot changes it (AWS would otherwise answer the retry with the failed export).
     */
    public static String clientToken(String tableArn, Instant slot, int failedAttempts) {
        return UUID.nameUUIDFromBytes((tableArn + "|" + slot + "|" + failedAttempts).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** When DynamoDB started the export, read from its id; empty for an id of another form. */
    public static Optional<Instant> startedAt(String exportArn) {
        Matcher m = TIMED_EXPORT_ID.matcher(exportArn);
        return m.matches() ? Optional.of(Instant.ofEpochMilli(Long.parseLong(m.group(1)))) : Optional.empty();
    }

    /** Whether a listed export may have started within the window (unknown: yes), so must be described. */
    public static boolean worthDescribing(String exportArn, Instant windowStart) {
        return startedAt(exportArn).map(started -> !started.isBefore(windowStart)).orElse(true);
    }

    /** The export this slot already has, started or done: IN_PROGRESS or COMPLETED into the slot's folder. */
    public static Optional<ExportDescription> slotExport(List<ExportDescription> exports, String bucket, String slotFolder) {
        return exports.stream()
                .filter(e -> isInto(e, bucket, slotFolder))
                .filter(e -> e.exportStatus() == ExportStatus.IN_PROGRESS || e.exportStatus() == ExportStatus.COMPLETED)
                .min(Comparator.comparing(ExportDescription::exportArn));
    }

    /** FAILED exports into the slot's folder: each one moves the slot to a fresh ClientToken. */
    public static int failedAttempts(List<ExportDescription> exports, String bucket, String slotFolder) {
        return (int) exports.stream()
                .filter(e -> isInto(e, bucket, slotFolder) && e.exportStatus() == ExportStatus.FAILED)
                .count();
    }

    /** The slot of one of our exports of {@code table}: into the vault bucket, under our prefix, in a slot folder. */
    public static Optional<Instant> slotOf(ExportDescription export, String bucket, String prefix, String table) {
        if (!bucket.equals(export.s3Bucket()) || export.s3Prefix() == null) {
            return Optional.empty();
        }
        return VaultLayout.parse(export.s3Prefix() + "/" + VaultLayout.COMPLETION_FILE)
                .filter(key -> key.prefix().equals(prefix) && key.table().equals(table))
                .filter(key -> VaultLayout.slotFolder(prefix, table, key.slot()).equals(export.s3Prefix()))
                .map(VaultLayout.SlotKey::slot);
    }

    /** Whether the export started within the window; an export that says nothing of its start is tracked. */
    public static boolean inWindow(ExportDescription export, Instant windowStart) {
        Instant started = export.startTime() != null ? export.startTime() : startedAt(export.exportArn()).orElse(null);
        return started == null || !started.isBefore(windowStart);
    }

    /**
     * The point in time an export holds the table at: its ExportTime, else the start of its slot,
     * which is never later (a restore that replays the write-ahead log from it replays a little
     * more, never less; the replay is idempotent).
     */
    public static Instant dataTime(ExportDescription export, Instant slot) {
        return export.exportTime() != null ? export.exportTime() : slot;
    }

    private static boolean isInto(ExportDescription export, String bucket, String slotFolder) {
        return bucket.equals(export.s3Bucket()) && slotFolder.equals(export.s3Prefix());
    }
}
