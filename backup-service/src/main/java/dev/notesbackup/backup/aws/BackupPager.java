package dev.notesbackup.backup.aws;

import dev.notesbackup.backup.policy.BackupInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;

/**
 * The one ListBackups pager. DynamoDB's SDK has no paginator for ListBackups (2.57.8 generates
 * none), so this follows LastEvaluatedBackupArn itself. The query's filters go to the API and are
 * checked again on every summary here, so that only what was asked for reaches a decision whatever
 * the other side honours. Before each page it asks its gate: the scheduled run paces pages at its
 * ListBackups rate and stops when its time budget does; the operator's commands fetch unpaced.
 */
public final class BackupPager {
    /** ListBackups returns at most 100 summaries per call. */
    public static final int PAGE_SIZE = 100;

    /**
     * What to list.
     *
     * @param tableName     one table's backups, or null for the whole account's
     * @param type          USER, SYSTEM, AWS_BACKUP or ALL
     * @param createdSince  only backups created at or after this, or null
     * @param createdBefore only backups created before this, or null
     */
    public record Query(String tableName, BackupTypeFilter type, Instant createdSince, Instant createdBefore) {
        public Query {
            Objects.requireNonNull(type, "type");
        }

        public static Query ofTable(String tableName, BackupTypeFilter type) {
            return new Query(tableName, type, null, null);
        }

        public static Query ofAccount(BackupTypeFilter type) {
            return new Query(null, type, null, null);
        }

        public Query since(Instant createdSince) {
            return new Query(tableName, type, createdSince, createdBefore);
        }

        boolean accepts(BackupInfo backup) {
            return (tableName == null || tableName.equals(backup.tableName()))
                    && (type == BackupTypeFilter.ALL || type.toString().equals(backup.type()))
                    && (createdSince == null || !backup.created().isBefore(createdSince))
                    && (createdBefore == null || backup.created().isBefore(createdBefore));
        }

        ListBackupsRequest request(String exclusiveStartArn) {
            return ListBackupsRequest.builder()
                    .tableName(tableName)
                    .backupType(type)
                    .timeRangeLowerBound(createdSince)
                    .timeRangeUpperBound(createdBefore)
                    .exclusiveStartBackupArn(exclusiveStartArn)
                    .limit(PAGE_SIZE)
                    .build();
        }
    }

    private final Function<ListBackupsRequest, ListBackupsResponse> call;
    private final BooleanSupplier mayFetchPage;

    /**
     * @param call         makes one ListBackups call (the caller may wrap it, e.g. to count it)
     * @param mayFetchPage asked before every page; false stops the listing there
     */
    public BackupPager(Function<ListBackupsRequest, ListBackupsResponse> call, BooleanSupplier mayFetchPage) {
        this.call = call;
        this.mayFetchPage = mayFetchPage;
    }

    /** Unpaced, for the operator's one-off commands. */
    public static BackupPager of(DynamoDbClient dynamo) {
        return new BackupPager(dynamo::listBackups, () -> true);
    }

    /**
     * Hands every page, filtered, to {@code pages}. Returns false if the gate stopped the listing
     * before the last page.
     */
    public boolean forEachPage(Query query, Consumer<List<BackupInfo>> pages) {
        String startArn = null;
        do {
            if (!mayFetchPage.getAsBoolean()) {
                return false;
            }
            ListBackupsResponse response = call.apply(query.request(startArn));
            List<BackupInfo> page = new ArrayList<>();
            for (BackupSummary summary : response.backupSummaries()) {
                // a summary without a creation time cannot be placed in time by any decision
                if (summary.backupCreationDateTime() != null) {
                    BackupInfo backup = toInfo(summary);
                    if (query.accepts(backup)) {
                        page.add(backup);
                    }
                }
            }
            pages.accept(page);
            startArn = response.lastEvaluatedBackupArn();
        } while (startArn != null && !startArn.isEmpty());
        return true;
    }

    /** Every backup the query selects, from every page (for an unpaced pager, whose gate never stops it). */
    public List<BackupInfo> all(Query query) {
        List<BackupInfo> result = new ArrayList<>();
        if (!forEachPage(query, result::addAll)) {
            throw new IllegalStateException("the listing was stopped before its last page");
        }
        return result;
    }

    static BackupInfo toInfo(BackupSummary s) {
        return new BackupInfo(s.backupArn(), s.backupName(), s.tableName(), s.backupTypeAsString(),
                s.backupStatusAsString(), s.backupCreationDateTime(), s.backupSizeBytes() == null ? 0 : s.backupSizeBytes(),
                s.backupExpiryDateTime());
    }
}
