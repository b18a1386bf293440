package dev.notesbackup.backup.inventory;

import dev.notesbackup.backup.aws.BackupPager;
import dev.notesbackup.backup.aws.DeletedTableBackups;
import dev.notesbackup.backup.aws.TableResolver;
import dev.notesbackup.backup.aws.Tables;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.config.TableSelector;
import dev.notesbackup.backup.policy.BackupInfo;
import dev.notesbackup.backup.policy.BackupNames;
import dev.notesbackup.backup.policy.RetentionPolicy;
import dev.notesbackup.backup.policy.RetentionRules;
import dev.notesbackup.backup.policy.TableFate;
import dev.notesbackup.backup.policy.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;

/**
 * The backups of the configured tables, newest first, each with what the retention policy would
 * decide if a run happened now and its backup succeeded (for a table that exists).
 */
public final class BackupInventory {
    private final DynamoDbClient dynamo;
    private final Clock clock;
    private final BackupConfig config;

    public BackupInventory(DynamoDbClient dynamo, Clock clock, BackupConfig config) {
        this.dynamo = dynamo;
        this.clock = clock;
        this.config = config;
    }

    public record Entry(BackupInfo backup, Verdict verdict) {
    }

    /**
     * @param deletedTableBackup the newest backup DynamoDB kept of the table when it was deleted, if any
     */
    public record TableBackups(String table, boolean tableExists, List<Entry> entries, Optional<BackupInfo> deletedTableBackup) {
    }

    /** Exact names as given; prefixes resolved against ListTables (a prefix that matches nothing selects nothing). */
    public List<String> resolve(List<TableSelector> selectors) {
        return TableResolver.tableNames(TableResolver.resolve(selectors, () -> Tables.names(dynamo)));
    }

    public TableBackups of(String table, boolean allTypes) {
        Instant now = clock.instant();
        boolean exists = Tables.exists(dynamo, table);
        BackupPager pager = BackupPager.of(dynamo);
        List<BackupInfo> backups = new ArrayList<>(pager.all(
                BackupPager.Query.ofTable(table, allTypes ? BackupTypeFilter.ALL : BackupTypeFilter.USER)));
        if (!allTypes) {
            // the backup DynamoDB kept at deletion is the newest copy of a deleted table: always shown
            DeletedTableBackups.find(pager, table).ifPresent(backups::add);
        }
        RetentionRules rules = new RetentionRules(config.namePrefix(), config.retention(), config.keepAtLeast());
        // the backup a run now would make (of a table that exists) counts among the newest, as in that run
        TableFate fate = exists ? TableFate.planned(BackupNames.forSlot(config.namePrefix(), table, now)) : TableFate.NOT_BACKED_UP;
        Map<BackupInfo, Verdict> verdicts = RetentionPolicy.evaluate(table, backups, fate, now, rules);
        List<Entry> entries = backups.stream()
                .sorted(Comparator.comparing(BackupInfo::created).reversed())
                .map(b -> new Entry(b, verdicts.get(b)))
                .toList();
        return new TableBackups(table, exists, entries, DeletedTableBackups.newest(backups));
    }
}
