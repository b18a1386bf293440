package dev.notesbackup.backup.drill;

import dev.notesbackup.backup.aws.Tables;
import dev.notesbackup.backup.aws.BackupPager;
import dev.notesbackup.backup.policy.BackupInfo;
import dev.notesbackup.backup.policy.RetentionPolicy;
import dev.notesbackup.backup.policy.RetentionRules;
import dev.notesbackup.backup.run.TimeBudget;
import dev.notesbackup.backup.vault.RestoreManifest;
import dev.notesbackup.backup.vault.restore.VaultExport;
import dev.notesbackup.backup.vault.restore.VaultLocation;
import dev.notesbackup.backup.vault.restore.VaultRestore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The scheduled restore drill: proves a backup restores, rather than promising it. Restores the
 * newest available backup of ours of one table into a scratch table named with {@link #SCRATCH_PREFIX},
 * waits until it is ACTIVE, compares its item count with the count the backup recorded (within
 * {@link #countTolerance}: DynamoDB refreshes that count only every few hours), compares a
 * sample of the restored items, attribute for attribute, with the source table's items of the
 * same key, and deletes the scratch table. It only ever creates, writes and deletes tables with
 * the scratch prefix; of the source tables it reads only the sampled items (BatchGetItem).
 */
public final class RestoreDrill {
    /** Every scratch table starts with this; the drill's IAM policy is scoped to it. */
    public static final String SCRATCH_PREFIX = "backup-drill-";
    static final int SAMPLE_SIZE = 20;
    private static final int MAX_TABLE_NAME = 255;

    private final DynamoDbClient dynamo;
    private final Clock clock;
    private final Duration pollInterval;
    private final String namePrefix;

    /** @param namePrefix the backup service's name prefix: the drill restores only backups it made */
    public RestoreDrill(DynamoDbClient dynamo, Clock clock, Duration pollInterval, String namePrefix) {
        this.dynamo = dynamo;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.namePrefix = namePrefix;
    }

    /**
     * @param expectedItems the item count the backup recorded; -1 if unknown
     * @param cleanedUp     scratch tables left by earlier drills and deleted now
     */
    public record Result(String table, String backupName, String scratchTable, boolean passed,
                         long expectedItems, long restoredItems, int sampled, String failure,
                         Duration took, List<String> cleanedUp) {
    }

    /** The table whose turn it is in the slot: a different one each day, round the list. */
    public static Optional<String> tableFor(Instant slot, List<String> tables) {
        if (tables.isEmpty()) {
            return Optional.empty();
        }
        List<String> sorted = tables.stream().sorted().toList();
        return Optional.of(sorted.get((int) Math.floorMod(slot.getEpochSecond() / 86_400, (long) sorted.size())));
    }

    public Result run(String table, TimeBudget budget) {
        return run(table, budget, (scratch, attempt, started, cleanedUp) -> restoreAndCheck(table, scratch, budget, attempt, started, cleanedUp));
    }

    /**
     * The drill from the vault: restores the newest COMPLETED export of {@code table} under
     * {@code location} into a scratch table with {@code vault} (ImportTable; it fails when the
     * imported count differs from the export's), counts the scratch table's items against the
     * export's count (exactly: an export is of one point in time), compares a sample with the source
     * table as {@link #run(String, TimeBudget)} does, and deletes the scratch table.
     */
    public Result runFromVault(String table, VaultRestore vault, VaultLocation location, TimeBudget budget) {
        return run(table, budget, (scratch, attempt, started, cleanedUp) -> {
            VaultExport export = vault.choose(location, table, Optional.empty());
            attempt.backupName = "vault:" + export.slotFolder();
            attempt.recorded = export.itemCount();
            attempt.restored = true; // the import creates the table even when it then fails
            vault.restore(location, export, scratch, VaultRestore.Encryption.AS_MANIFEST, line -> { });
            List<String> keys = export.manifest().keySchema().stream().map(RestoreManifest.Key::attributeName).toList();
            return checkRestored(table, attempt.backupName, scratch, attempt.recorded, 0, "the vault's export", keys, budget,
                    started, cleanedUp);
        });
    }

    /** One way of restoring into the scratch table and checking it. */
    private interface RestoreAndCheck {
        Result apply(String scratch, Attempt attempt, Instant started, List<String> cleanedUp);
    }

    private Result run(String table, TimeBudget budget, RestoreAndCheck restoreAndCheck) {
        Instant started = clock.instant();
        List<String> cleanedUp = deleteLeftovers();
        String scratch = scratchName(table, started);
        Attempt attempt = new Attempt();
        Result result;
        try {
            result = restoreAndCheck.apply(scratch, attempt, started, cleanedUp);
        } catch (RuntimeException e) {
            result = failed(table, attempt.backupName, attempt.restored ? scratch : null, attempt.recorded, -1, 0,
                    e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), started, cleanedUp);
        }
        if (attempt.restored) {
            try {
                deleteIfActive(scratch);
            } catch (RuntimeException e) {
                return failed(table, attempt.backupName, scratch, attempt.recorded, result.restoredItems(), result.sampled(),
                        "the scratch table " + scratch + " could not be deleted (" + e.getClass().getSimpleName() + "); the next drill"
                                + " tries again", started, cleanedUp);
            }
        }
        return result;
    }

    /** What the drill got to, for the report when it stops half way. */
    private static final class Attempt {
        String backupName;
        Long recorded;
        boolean restored;
    }

    private Result restoreAndCheck(String table, String scratch, TimeBudget budget, Attempt attempt, Instant started,
                                   List<String> cleanedUp) {
        BackupInfo latest = newestBackupOfOurs(table);
        attempt.backupName = latest.name();
        BackupDescription backup = dynamo.describeBackup(r -> r.backupArn(latest.arn())).backupDescription();
        attempt.recorded = backup.sourceTableDetails().itemCount();
        List<String> keys = backup.sourceTableDetails().keySchema().stream().map(KeySchemaElement::attributeName).toList();

        dynamo.restoreTableFromBackup(r -> r.backupArn(latest.arn()).targetTableName(scratch));
        attempt.restored = true;
        if (!waitUntilActive(scratch, budget)) {
            return failed(table, latest.name(), scratch, attempt.recorded, -1, 0,
                    "the scratch table was not ACTIVE before the time budget ran out; the next drill deletes it", started, cleanedUp);
        }
        Long recorded = attempt.recorded;
        return checkRestored(table, latest.name(), scratch, recorded, recorded == null ? 0 : countTolerance(recorded), "the backup",
                keys, budget, started, cleanedUp);
    }

    /**
     * Counts the scratch table's items against {@code recorded} (within {@code tolerance}) and compares
     * a sample of them, item by item, with the source table's.
     */
    private Result checkRestored(String table, String backupName, String scratch, Long recorded, long tolerance, String recordedBy,
                                 List<String> keys, TimeBudget budget, Instant started, List<String> cleanedUp) {
        OptionalLong counted = countItems(scratch, budget);
        if (counted.isEmpty()) {
            return failed(table, backupName, scratch, recorded, -1, 0,
                    "the time budget ran out while counting the restored items", started, cleanedUp);
        }
        long count = counted.getAsLong();
        List<Map<String, AttributeValue>> sample = dynamo.scan(ScanRequest.builder().tableName(scratch).limit(SAMPLE_SIZE).build()).items();
        if (recorded != null && Math.abs(count - recorded) > tolerance) {
            return failed(table, backupName, scratch, recorded, count, sample.size(),
                    "restored " + count + " items, but " + recordedBy + " recorded " + recorded, started, cleanedUp);
        }
        List<SourceComparison.Difference> differences;
        try {
            differences = SourceComparison.differences(dynamo, table, keys, sample);
        } catch (ResourceNotFoundException e) {
            return failed(table, backupName, scratch, recorded, count, sample.size(),
                    "the source table is gone, so the restored items cannot be compared with it", started, cleanedUp);
        } catch (SourceComparison.SourceThrottledException e) {
            return failed(table, backupName, scratch, recorded, count, sample.size(), e.getMessage(), started, cleanedUp);
        }
        if (differences.size() > sampleTolerance(sample.size())) {
            SourceComparison.Difference first = differences.get(0);
            return failed(table, backupName, scratch, recorded, count, sample.size(),
                    differences.size() + " of " + sample.size() + " sampled items differ from the source table's items with the"
                            + " same key (first: " + first.key() + ", " + first.why() + ")", started, cleanedUp);
        }
        return new Result(table, backupName, scratch, true, recorded == null ? -1 : recorded, count, sample.size(), null,
                Duration.between(started, clock.instant()), cleanedUp);
    }

    /**
     * DynamoDB records a table's item count about every six hours, so a backup's count may lag its
     * content a little; a difference within this is accepted (and reported).
     */
    static long countTolerance(long recorded) {
        return Math.max(10, recorded / 10);
    }

    /**
     * The drill restores the backup the run made minutes before, so an item written since then may
     * differ from the source; a restore that lost or altered data gets more than this wrong.
     */
    static int sampleTolerance(int sampled) {
        return sampled / 10;
    }

    /** The newest available backup this service made of the table: the drill proves our backups restore. */
    private BackupInfo newestBackupOfOurs(String table) {
        RetentionRules rules = new RetentionRules(namePrefix, Duration.ZERO, 1);
        return BackupPager.of(dynamo).all(BackupPager.Query.ofTable(table, BackupTypeFilter.USER)).stream()
                .filter(b -> b.isAvailable() && RetentionPolicy.isOurs(b, table, rules))
                .max(Comparator.comparing(BackupInfo::created))
                .orElseThrow(() -> new IllegalStateException("No available backup of table " + table + " made by this service"));
    }

    static String scratchName(String table, Instant at) {
        String suffix = "-" + at.getEpochSecond();
        String name = SCRATCH_PREFIX + table;
        return (name.length() + suffix.length() > MAX_TABLE_NAME ? name.substring(0, MAX_TABLE_NAME - suffix.length()) : name) + suffix;
    }

    private Result failed(String table, String backupName, String scratch, Long expected, long restored, int sampled,
                          String why, Instant started, List<String> cleanedUp) {
        return new Result(table, backupName, scratch, false, expected == null ? -1 : expected, restored, sampled, why,
                Duration.between(started, clock.instant()), cleanedUp);
    }

    private boolean waitUntilActive(String table, TimeBudget budget) {
        return Tables.waitUntilActive(dynamo, table, pollInterval, budget.untilNewWorkStops());
    }

    private OptionalLong countItems(String table, TimeBudget budget) {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            if (!budget.allowsNewWork()) {
                return OptionalLong.empty();
            }
            Map<String, AttributeValue> exclusiveStart = start;
            ScanResponse page = dynamo.scan(ScanRequest.builder().tableName(table).select(Select.COUNT).exclusiveStartKey(exclusiveStart).build());
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return OptionalLong.of(count);
    }

    /** Scratch tables an earlier drill could not delete (it ran out of time while one was being created). */
    private List<String> deleteLeftovers() {
        List<String> deleted = new ArrayList<>();
        try {
            for (var page : dynamo.listTablesPaginator(ListTablesRequest.builder().build())) {
                for (String name : page.tableNames()) {
                    if (name.startsWith(SCRATCH_PREFIX) && deleteIfActive(name)) {
                        deleted.add(name);
                    }
                }
            }
        } catch (RuntimeException e) {
            deleted.add("(clean-up stopped: " + e.getClass().getSimpleName() + ")");
        }
        return deleted;
    }

    private boolean deleteIfActive(String table) {
        if (!table.startsWith(SCRATCH_PREFIX)) {
            throw new IllegalArgumentException("the drill deletes only its own scratch tables, not " + table);
        }
        Optional<TableDescription> description = Tables.describe(dynamo, table);
        if (description.map(TableDescription::tableStatus).orElse(null) != TableStatus.ACTIVE) {
            return false;
        }
        if (Boolean.TRUE.equals(description.get().deletionProtectionEnabled())) {
            // a restore from the vault re-applies the source's deletion protection, to the scratch table too
            dynamo.updateTable(r -> r.tableName(table).deletionProtectionEnabled(false));
        }
        dynamo.deleteTable(r -> r.tableName(table));
        return true;
    }
}
