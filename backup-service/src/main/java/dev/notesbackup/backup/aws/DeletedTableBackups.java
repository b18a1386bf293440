package dev.notesbackup.backup.aws;

import dev.notesbackup.backup.policy.BackupInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;

/**
 * The backup DynamoDB makes by itself when a table with point-in-time recovery on is deleted: a
 * SYSTEM backup named {@code <table>$DeletedTableBackup} of the table as it was at deletion, which
 * DynamoDB keeps for 35 days and then deletes. ListBackups shows it only when asked for BackupType
 * SYSTEM or ALL (its default is USER), and reports when it goes ({@code BackupExpiryDateTime}).
 * It is newer than any scheduled backup of the table, so a restore should start from it; nothing
 * of this service ever deletes it (the retention policy deletes USER backups of ours only).
 */
public final class DeletedTableBackups {
    /** What DynamoDB appends to the table's name to name the backup. */
    public static final String NAME_SUFFIX = "$DeletedTableBackup";
    /** How long DynamoDB keeps it, from the deletion. */
    public static final Duration KEPT_FOR = Duration.ofDays(35);
    private static final String SYSTEM = BackupTypeFilter.SYSTEM.toString();

    private DeletedTableBackups() {
    }

    /** Whether {@code backup} is the one DynamoDB kept of its table at deletion. */
    public static boolean isDeletedTableBackup(BackupInfo backup) {
        return SYSTEM.equals(backup.type()) && backup.name().equals(backup.tableName() + NAME_SUFFIX);
    }

    /** When DynamoDB deletes it: its reported expiry, else 35 days after it was made (the deletion). */
    public static Instant disappearsAt(BackupInfo backup) {
        return backup.expires() != null ? backup.expires() : backup.created().plus(KEPT_FOR);
    }

    /** The newest deleted-table backup among {@code backups} (a table deleted, made again and deleted again has several). */
    public static Optional<BackupInfo> newest(Collection<BackupInfo> backups) {
        return backups.stream().filter(DeletedTableBackups::isDeletedTableBackup).max(Comparator.comparing(BackupInfo::created));
    }

    /**
     * The newest deleted-table backup of {@code table}, from a listing of its SYSTEM backups only
     * (so nothing listed here can reach a pruning decision). Empty when there is none, or when the
     * pager's gate stopped the listing first.
     */
    public static Optional<BackupInfo> find(BackupPager pager, String table) {
        List<BackupInfo> system = new ArrayList<>();
        pager.forEachPage(BackupPager.Query.ofTable(table, BackupTypeFilter.SYSTEM), system::addAll);
        return newest(system);
    }

    /** E.g. "DynamoDB kept a backup of it when it was deleted (notes$DeletedTableBackup, 2026-12-01T10:00:00Z) and deletes that backup at 2027-01-05T10:00:00Z". */
    public static String describe(BackupInfo backup) {
        return "DynamoDB kept a backup of it when it was deleted (" + backup.name() + ", " + backup.created()
                + ") and deletes that backup at " + disappearsAt(backup);
    }
}
