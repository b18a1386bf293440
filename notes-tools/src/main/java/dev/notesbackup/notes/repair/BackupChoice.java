package dev.notesbackup.notes.repair;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupType;

/**
 * Which backup a copy as of T starts from: the newest AVAILABLE USER backup of the table created
 * before T, preferring the backup stack's scheduled ones (named {@code <prefix>-...}, BACKUP_NAME_PREFIX,
 * "scheduled" by default) over backups made by people or other tools, which count when there is no
 * scheduled one. Pure: it judges the summaries ListBackups returned, each filter checked here again.
 *
 * @param backup the backup chosen
 * @param why    why this one, for the operator
 */
public record BackupChoice(BackupSummary backup, String why) {

    public static Optional<BackupChoice> choose(Collection<BackupSummary> summaries, String table, Instant before, String prefix) {
        List<BackupSummary> candidates = summaries.stream()
                .filter(b -> table.equals(b.tableName()))
                .filter(b -> b.backupType() == BackupType.USER)
                .filter(b -> b.backupStatus() == BackupStatus.AVAILABLE)
                .filter(b -> b.backupCreationDateTime() != null && b.backupCreationDateTime().isBefore(before))
                .sorted(Comparator.comparing(BackupSummary::backupCreationDateTime).reversed()
                        .thenComparing(BackupSummary::backupArn))
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        List<BackupSummary> scheduled = candidates.stream().filter(b -> isScheduled(b, prefix)).toList();
        BackupSummary newest = candidates.get(0);
        if (scheduled.isEmpty()) {
            return Optional.of(new BackupChoice(newest, "no scheduled backup (named " + prefix + "-...) of " + table
                    + " was created before " + before + "; the newest of its " + candidates.size()
                    + " other USER backups before then"));
        }
        BackupSummary chosen = scheduled.get(0);
        return Optional.of(new BackupChoice(chosen, "the newest of the " + scheduled.size() + " scheduled backups (named "
                + prefix + "-...) of " + table + " created before " + before
                + (chosen == newest ? "" : "; the newer USER backup " + newest.backupName() + " (" + newest.backupCreationDateTime()
                + ") is not the backup stack's, so the scheduled one is preferred and the write-ahead log covers the gap")));
    }

    private static boolean isScheduled(BackupSummary backup, String prefix) {
        return backup.backupName() != null && backup.backupName().startsWith(prefix + "-");
    }

    public Instant created() {
        return backup.backupCreationDateTime();
    }
}
