package dev.notesbackup.backup.inventory;

import dev.notesbackup.backup.aws.BackupListing;
import dev.notesbackup.backup.aws.Tables;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.config.TableSelector;
import dev.notesbackup.backup.policy.BackupInfo;
import dev.notesbackup.backup.policy.BackupNames;
import dev.notesbackup.backup.policy.RetentionPolicy;
import dev.notesbackup.backup.policy.RetentionRules;
import dev.notesbackup.backup.policy.TableOutcome;
import dev.notesbackup.backup.policy.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;

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

    public record TableBackups(String table, boolean tableExists, List<Entry> entries) {
    }

    /** Exact names as given; prefixes resolved with the ListTables paginator. */
    public List<String> resolve(List<TableSelector> selectors) {
        Set<String> names = new LinkedHashSet<>();
        List<String> existing = null;
        for (TableSelector selector : selectors) {
            if (!selector.prefix()) {
                names.add(selector.value());
                continue;
            }
            if (existing == null) {
                existing = new ArrayList<>();
                for (var page : dynamo.listTablesPaginator(ListTablesRequest.builder().build())) {
                    existing.addAll(page.tableNames());
                }
            }
            existing.stream().filter(selector::matches).sorted().forEach(names::add);
        }
        return List.copyOf(names);
    }

    public TableBackups of(String table, boolean allTypes) {
        Instant now = clock.instant();
        boolean exists = Tables.exists(dynamo, table);
        List<BackupInfo> backups = BackupListing.all(dynamo, table, allTypes ? BackupTypeFilter.ALL : BackupTypeFilter.USER);
        RetentionRules rules = new RetentionRules(config.namePrefix(), config.retention(), config.keepAtLeast());
        // the backup a run now would make (of a table that exists) counts among the newest, as in that run
        List<BackupInfo> withNext = new ArrayList<>(backups);
        if (exists) {
            String nextName = BackupNames.forSlot(config.namePrefix(), table, now);
            withNext.add(new BackupInfo("next-run:" + nextName, nextName, table, BackupInfo.USER, BackupInfo.AVAILABLE, now, 0));
        }
        Map<BackupInfo, Verdict> verdicts = RetentionPolicy.evaluate(table, withNext,
                exists ? TableOutcome.BACKED_UP : TableOutcome.MISSING, now, rules);
        List<Entry> entries = backups.stream()
                .sorted(Comparator.comparing(BackupInfo::created).reversed())
                .map(b -> new Entry(b, verdicts.get(b)))
                .toList();
        return new TableBackups(table, exists, entries);
    }
}
