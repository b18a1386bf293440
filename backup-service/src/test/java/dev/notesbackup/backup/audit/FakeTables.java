package dev.notesbackup.backup.audit;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.DescribeContinuousBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeContinuousBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * A Mockito-mocked {@link DynamoDbClient} for the audit: tables with their deletion protection,
 * PITR and tags, and backups, with ListBackups and ListTables paged by a small page size (moto
 * answers everything in one page) and ListBackups honouring the type filter as AWS does.
 */
final class FakeTables {
    final DynamoDbClient client = mock(DynamoDbClient.class);
    final Map<String, TableDescription> tables = new LinkedHashMap<>();
    final Map<String, PointInTimeRecoveryStatus> pitr = new LinkedHashMap<>();
    final Map<String, List<Tag>> tags = new LinkedHashMap<>();
    final List<BackupSummary> backups = new ArrayList<>();
    final List<Object> requests = new ArrayList<>();
    int backupPageSize = 2;
    int tablePageSize = 2;
    private int sequence;

    @SuppressWarnings("unchecked")
    FakeTables() {
        lenient().when(client.describeTable(any(DescribeTableRequest.class))).thenAnswer(i -> describeTable(i.getArgument(0)));
        lenient().when(client.describeContinuousBackups(any(DescribeContinuousBackupsRequest.class)))
                .thenAnswer(i -> describeContinuousBackups(i.getArgument(0)));
        lenient().when(client.listBackups(any(ListBackupsRequest.class))).thenAnswer(i -> listBackups(i.getArgument(0)));
        lenient().when(client.listBackups(any(java.util.function.Consumer.class))).thenCallRealMethod();
        lenient().when(client.listTables(any(ListTablesRequest.class))).thenAnswer(i -> listTables(i.getArgument(0)));
        lenient().when(client.listTagsOfResource(any(ListTagsOfResourceRequest.class))).thenAnswer(i -> listTags(i.getArgument(0)));
        lenient().when(client.listTablesPaginator(any(ListTablesRequest.class))).thenCallRealMethod();
        lenient().when(client.describeTable(any(Consumer.class))).thenCallRealMethod();
        lenient().when(client.describeContinuousBackups(any(Consumer.class))).thenCallRealMethod();
        lenient().when(client.listTagsOfResource(any(Consumer.class))).thenCallRealMethod();
    }

    /** A table with every protection of its own: deletion protection and PITR on. */
    FakeTables protectedTable(String name) {
        return table(name, true, true);
    }

    FakeTables table(String name, boolean deletionProtection, boolean pointInTimeRecovery) {
        tables.put(name, TableDescription.builder().tableName(name).tableArn(arn(name))
                .tableStatus(TableStatus.ACTIVE).deletionProtectionEnabled(deletionProtection).build());
        pitr.put(name, pointInTimeRecovery ? PointInTimeRecoveryStatus.ENABLED : PointInTimeRecoveryStatus.DISABLED);
        return this;
    }

    FakeTables tag(String table, String key, String value) {
        tags.computeIfAbsent(arn(table), a -> new ArrayList<>()).add(Tag.builder().key(key).value(value).build());
        return this;
    }

    BackupSummary backup(String table, String name, Instant created) {
        return backup(table, name, created, "USER", "AVAILABLE");
    }

    BackupSummary backup(String table, String name, Instant created, String type, String status) {
        BackupSummary b = BackupSummary.builder().tableName(table).backupName(name).backupCreationDateTime(created)
                .backupArn(arn(table) + "/backup/" + String.format("%017d", ++sequence))
                .backupType(type).backupStatus(status).build();
        backups.add(b);
        return b;
    }

    static String arn(String table) {
        return "arn:aws:dynamodb:us-east-1:123456789012:table/" + table;
    }

    <T> List<T> requestsOf(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private DescribeTableResponse describeTable(DescribeTableRequest request) {
        requests.add(request);
        TableDescription table = tables.get(request.tableName());
        if (table == null) {
            throw ResourceNotFoundException.builder().message("Requested resource not found: Table: "
                    + request.tableName() + " not found").build();
        }
        return DescribeTableResponse.builder().table(table).build();
    }

    private DescribeContinuousBackupsResponse describeContinuousBackups(DescribeContinuousBackupsRequest request) {
        requests.add(request);
        PointInTimeRecoveryStatus status = pitr.get(request.tableName());
        if (status == null) {
            throw TableNotFoundException.builder().message("Table not found: " + request.tableName()).build();
        }
        return DescribeContinuousBackupsResponse.builder().continuousBackupsDescription(ContinuousBackupsDescription.builder()
                .continuousBackupsStatus("ENABLED")
                .pointInTimeRecoveryDescription(PointInTimeRecoveryDescription.builder().pointInTimeRecoveryStatus(status)
                        .recoveryPeriodInDays(status == PointInTimeRecoveryStatus.ENABLED ? 35 : null).build())
                .build()).build();
    }

    private ListBackupsResponse listBackups(ListBackupsRequest request) {
        requests.add(request);
        String type = request.backupTypeAsString() == null ? "USER" : request.backupTypeAsString();
        List<BackupSummary> matching = backups.stream()
                .filter(b -> request.tableName() == null || request.tableName().equals(b.tableName()))
                .filter(b -> "ALL".equals(type) || type.equals(b.backupTypeAsString()))
                .toList();
        int start = 0;
        if (request.exclusiveStartBackupArn() != null) {
            start = matching.stream().map(BackupSummary::backupArn).toList().indexOf(request.exclusiveStartBackupArn()) + 1;
        }
        List<BackupSummary> page = matching.subList(start, Math.min(matching.size(), start + backupPageSize));
        boolean more = start + backupPageSize < matching.size();
        return ListBackupsResponse.builder().backupSummaries(page)
                .lastEvaluatedBackupArn(more ? page.get(page.size() - 1).backupArn() : null).build();
    }

    private ListTablesResponse listTables(ListTablesRequest request) {
        requests.add(request);
        List<String> sorted = tables.keySet().stream().sorted().toList();
        int start = request.exclusiveStartTableName() == null ? 0 : sorted.indexOf(request.exclusiveStartTableName()) + 1;
        List<String> page = sorted.subList(start, Math.min(sorted.size(), start + tablePageSize));
        boolean more = start + tablePageSize < sorted.size();
        return ListTablesResponse.builder().tableNames(page).lastEvaluatedTableName(more ? page.get(page.size() - 1) : null).build();
    }

    private ListTagsOfResourceResponse listTags(ListTagsOfResourceRequest request) {
        requests.add(request);
        List<Tag> all = tags.getOrDefault(request.resourceArn(), List.of());
        // one tag per page, so the NextToken path runs
        int index = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        return ListTagsOfResourceResponse.builder().tags(all.isEmpty() ? List.of() : List.of(all.get(index)))
                .nextToken(index + 1 < all.size() ? String.valueOf(index + 1) : null).build();
    }
}
