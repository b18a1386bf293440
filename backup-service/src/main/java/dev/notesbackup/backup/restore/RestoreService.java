package dev.notesbackup.backup.restore;

import dev.notesbackup.backup.aws.BackupPager;
import dev.notesbackup.backup.aws.DeletedTableBackups;
import dev.notesbackup.backup.aws.Tables;
import dev.notesbackup.backup.policy.BackupInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.TableAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Restores a backup into a new table (DynamoDB never restores over an existing one), waits until
 * it is ACTIVE and re-applies what a restore does not carry: point-in-time recovery, deletion
 * protection, time to live and tags. They are copied from the source table when it still exists;
 * when it is gone (the case that matters), recovery and deletion protection are turned on and the
 * time to live comes from the backup's record of the source table.
 */
public final class RestoreService {
    private final DynamoDbClient dynamo;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration maxWait;

    public RestoreService(DynamoDbClient dynamo, Clock clock, Duration pollInterval, Duration maxWait) {
        this.dynamo = dynamo;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.maxWait = maxWait;
    }

    /** The settings the restored table gets, and where they came from. */
    public record Settings(boolean pointInTimeRecovery, boolean deletionProtection, String ttlAttribute,
                           List<Tag> tags, String source) {
    }

    public record Result(String backupArn, String backupName, String sourceTable, String targetTable,
                         boolean active, Duration took, List<String> reapplied) {
    }

    /** Which backup {@code restore --latest} takes, and the sentence that says why. */
    public record Choice(BackupInfo backup, String reason) {
    }

    /** The newest AVAILABLE backup of {@code table}, of any type. */
    public BackupInfo latestBackup(String table) {
        return chooseLatest(table).backup();
    }

    /**
     * The newest AVAILABLE backup of {@code table} of every type (ListBackups with BackupType ALL:
     * its default, USER, would hide the SYSTEM backup DynamoDB keeps of a table deleted with
     * point-in-time recovery on, which is newer than any scheduled one), and why it was chosen.
     * Only reads: no backup is changed or deleted.
     */
    public Choice chooseLatest(String table) {
        List<BackupInfo> all = BackupPager.of(dynamo).all(BackupPager.Query.ofTable(table, BackupTypeFilter.ALL));
        List<BackupInfo> available = all.stream().filter(BackupInfo::isAvailable)
                .sorted(Comparator.comparing(BackupInfo::created).reversed()).toList();
        if (available.isEmpty()) {
            throw new RestoreException("No available backup of table " + table + " was found (ListBackups for that table name,"
                    + " every backup type" + (all.isEmpty() ? "" : "; " + all.size() + " not AVAILABLE yet") + ").");
        }
        BackupInfo chosen = available.get(0);
        Optional<BackupInfo> next = available.stream().skip(1).findFirst();
        StringBuilder reason = new StringBuilder();
        if (DeletedTableBackups.isDeletedTableBackup(chosen)) {
            reason.append("chose the SYSTEM backup DynamoDB kept when the table was deleted at ").append(chosen.created())
                    .append(" (DynamoDB deletes it at ").append(DeletedTableBackups.disappearsAt(chosen))
                    .append("): it holds the table as it was when deleted, ")
                    .append(next.map(b -> "newer than the newest other backup, " + describe(b)).orElse("and it is the only backup"));
        } else {
            reason.append("chose the newest available backup, ").append(describe(chosen));
            DeletedTableBackups.newest(available).ifPresent(kept -> reason.append(", newer than the backup DynamoDB kept when the table was deleted at ")
                    .append(kept.created()));
        }
        all.stream().filter(b -> !b.isAvailable() && b.created().isAfter(chosen.created())).findFirst()
                .ifPresent(newer -> reason.append("; a newer backup, ").append(newer.name()).append(", is ").append(newer.status())
                        .append(": run again once it is AVAILABLE to restore from it"));
        return new Choice(chosen, reason.toString());
    }

    private static String describe(BackupInfo backup) {
        return backup.name() + " (" + backup.type() + ", created " + backup.created() + ")";
    }

    public Result restore(String backupArn, String targetTable, boolean wait, Consumer<String> progress) {
        Instant started = clock.instant();
        BackupDescription backup = describeBackup(backupArn);
        String sourceTable = backup.sourceTableDetails().tableName();
        if (Tables.describe(dynamo, targetTable).isPresent()) {
            throw new RestoreException("Table " + targetTable + " already exists. DynamoDB restores only into a new table:"
                    + " choose another --target-table, or delete or rename the existing table first.");
        }
        Settings settings = settingsFor(backup);
        progress.accept("Restoring backup " + backup.backupDetails().backupName() + " of " + sourceTable + " into " + targetTable + " ...");
        try {
            dynamo.restoreTableFromBackup(r -> r.backupArn(backupArn).targetTableName(targetTable));
        } catch (TableAlreadyExistsException e) {
            throw new RestoreException("Table " + targetTable + " already exists (created meanwhile): nothing was restored.", e);
        }
        if (!wait) {
            progress.accept("Restore started. Without --wait, point-in-time recovery, deletion protection, time to live"
                    + " and tags are not re-applied: run `restore` again with --wait, or set them by hand once the table is ACTIVE.");
            return new Result(backupArn, backup.backupDetails().backupName(), sourceTable, targetTable, false,
                    Duration.between(started, clock.instant()), List.of());
        }
        waitUntilActive(targetTable, progress);
        List<String> reapplied = reapply(targetTable, settings, progress);
        return new Result(backupArn, backup.backupDetails().backupName(), sourceTable, targetTable, true,
                Duration.between(started, clock.instant()), reapplied);
    }

    private BackupDescription describeBackup(String backupArn) {
        try {
            return dynamo.describeBackup(r -> r.backupArn(backupArn)).backupDescription();
        } catch (BackupNotFoundException e) {
            throw new RestoreException("Backup " + backupArn + " does not exist. `list --table <name>` shows the backups of a table.", e);
        }
    }

    Settings settingsFor(BackupDescription backup) {
        String sourceTable = backup.sourceTableDetails().tableName();
        Optional<TableDescription> source = Tables.describe(dynamo, sourceTable);
        if (source.isPresent()) {
            boolean pitr = dynamo.describeContinuousBackups(r -> r.tableName(sourceTable)).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED;
            TimeToLiveDescription ttl = dynamo.describeTimeToLive(r -> r.tableName(sourceTable)).timeToLiveDescription();
            List<Tag> tags = dynamo.listTagsOfResource(r -> r.resourceArn(source.get().tableArn())).tags();
            return new Settings(pitr, Boolean.TRUE.equals(source.get().deletionProtectionEnabled()),
                    enabledTtlAttribute(ttl), tags, "copied from the source table " + sourceTable);
        }
        TimeToLiveDescription ttl = backup.sourceTableFeatureDetails() == null ? null
                : backup.sourceTableFeatureDetails().timeToLiveDescription();
        return new Settings(true, true, enabledTtlAttribute(ttl), List.of(),
                "the source table " + sourceTable + " is gone: recovery and deletion protection on, time to live from the backup, no tags");
    }

    private static String enabledTtlAttribute(TimeToLiveDescription ttl) {
        return ttl != null && ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED ? ttl.attributeName() : null;
    }

    private void waitUntilActive(String table, Consumer<String> progress) {
        progress.accept("Waiting for " + table + " to become ACTIVE ...");
        if (!Tables.waitUntilActive(dynamo, table, pollInterval, maxWait)) {
            TableStatus status = Tables.describe(dynamo, table).map(TableDescription::tableStatus).orElse(null);
            throw new RestoreException("Table " + table + " is still " + status + " after " + maxWait.toMinutes()
                    + " minutes; the restore goes on in AWS. Once it is ACTIVE, turn on point-in-time recovery and"
                    + " deletion protection and set time to live and tags by hand.");
        }
        progress.accept("Table " + table + " is ACTIVE.");
    }

    private List<String> reapply(String table, Settings settings, Consumer<String> progress) {
        List<String> done = new ArrayList<>();
        progress.accept("Re-applying settings (" + settings.source() + ") ...");
        if (settings.pointInTimeRecovery()) {
            dynamo.updateContinuousBackups(r -> r.tableName(table)
                    .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
            done.add("point-in-time recovery on");
        }
        if (settings.deletionProtection()) {
            dynamo.updateTable(r -> r.tableName(table).deletionProtectionEnabled(true));
            done.add("deletion protection on");
        }
        if (settings.ttlAttribute() != null) {
            dynamo.updateTimeToLive(r -> r.tableName(table)
                    .timeToLiveSpecification(t -> t.enabled(true).attributeName(settings.ttlAttribute())));
            done.add("time to live on attribute " + settings.ttlAttribute());
        }
        if (!settings.tags().isEmpty()) {
            String arn = dynamo.describeTable(r -> r.tableName(table)).table().tableArn();
            dynamo.tagResource(r -> r.resourceArn(arn).tags(settings.tags()));
            done.add(settings.tags().size() + " tags");
        }
        done.forEach(item -> progress.accept("  re-applied: " + item));
        return done;
    }
}
