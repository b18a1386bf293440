package dev.notesbackup.backup.run;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.CreateBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;

/**
 * A Mockito-mocked {@link DynamoDbClient} whose answers come from an in-memory account: tables and
 * backups, with real paging by Limit and ExclusiveStart*, and the API's type/time filters. Unlike
 * the local emulator it pages, so the service's paging paths run; faults are added per test with
 * {@link #beforeCall}.
 */
final class FakeBackups {
    final DynamoDbClient client = mock(DynamoDbClient.class);
    final Set<String> tables = new LinkedHashSet<>();
    final Map<String, BackupSummary> backups = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Map<String, Consumer<Object>> hooks = new LinkedHashMap<>();
    private Supplier<Instant> clock = () -> Instant.parse("2026-11-25T03:00:05Z");
    int pageSize = 100;
    int tablePageSize = 100;

    FakeBackups() {
        lenient().when(client.createBackup(any(CreateBackupRequest.class))).thenAnswer(i -> create(i.getArgument(0)));
        lenient().when(client.deleteBackup(any(DeleteBackupRequest.class))).thenAnswer(i -> delete(i.getArgument(0)));
        lenient().when(client.listBackups(any(ListBackupsRequest.class))).thenAnswer(i -> list(i.getArgument(0)));
        lenient().when(client.listTables(any(ListTablesRequest.class))).thenAnswer(i -> listTables(i.getArgument(0)));
        lenient().when(client.listTablesPaginator(any(ListTablesRequest.class))).thenCallRealMethod();
        lenient().when(client.describeTable(any(DescribeTableRequest.class))).thenAnswer(i -> describe(i.getArgument(0)));
        // the service uses the Consumer<Builder> overloads; route them to the request forms above
        lenient().when(client.createBackup(any(Consumer.class))).thenCallRealMethod();
        lenient().when(client.deleteBackup(any(Consumer.class))).thenCallRealMethod();
        lenient().when(client.describeTable(any(Consumer.class))).thenCallRealMethod();
    }

    FakeBackups withTables(String... names) {
        tables.addAll(List.of(names));
        return this;
    }

    FakeBackups clock(Supplier<Instant> now) {
        this.clock = now;
        return this;
    }

    /** Runs {@code hook} before every call of {@code operation}; it may throw to inject a fault. */
    FakeBackups beforeCall(String operation, Consumer<Object> hook) {
        hooks.put(operation, hook);
        return this;
    }

    BackupSummary addBackup(String table, String name, Instant created) {
        return addBackup(table, name, created, "USER", "AVAILABLE");
    }

    BackupSummary addBackup(String table, String name, Instant created, String type, String status) {
        String arn = "arn:aws:dynamodb:us-east-1:123456789012:table/" + table + "/backup/"
                + String.format("%017d", sequence.incrementAndGet());
        BackupSummary summary = BackupSummary.builder()
                .tableName(table).backupArn(arn).backupName(name).backupCreationDateTime(created)
                .backupType(type).backupStatus(status).backupSizeBytes(100L).build();
        backups.put(arn, summary);
        return summary;
    }

    List<BackupSummary> backupsOf(String table) {
        return backups.values().stream().filter(b -> b.tableName().equals(table)).toList();
    }

    long callsOf(String operation) {
        synchronized (calls) {
            return calls.stream().filter(operation::equals).count();
        }
    }

    private void called(String operation, Object request) {
        synchronized (calls) {
            calls.add(operation);
        }
        Consumer<Object> hook = hooks.get(operation);
        if (hook != null) {
            hook.accept(request);
        }
    }

    private synchronized CreateBackupResponse create(CreateBackupRequest request) {
        called("CreateBackup", request);
        if (!tables.contains(request.tableName())) {
            throw TableNotFoundException.builder().message("Table not found: " + request.tableName()).build();
        }
        BackupSummary s = addBackup(request.tableName(), request.backupName(), clock.get());
        return CreateBackupResponse.builder().backupDetails(BackupDetails.builder()
                .backupArn(s.backupArn()).backupName(s.backupName()).backupStatus("AVAILABLE")
                .backupType("USER").backupCreationDateTime(s.backupCreationDateTime()).backupSizeBytes(100L).build()).build();
    }

    private synchronized DeleteBackupResponse delete(DeleteBackupRequest request) {
        called("DeleteBackup", request);
        if (backups.remove(request.backupArn()) == null) {
            throw BackupNotFoundException.builder().message("Backup not found: " + request.backupArn()).build();
        }
        return DeleteBackupResponse.builder().build();
    }

    private synchronized DescribeTableResponse describe(DescribeTableRequest request) {
        called("DescribeTable", request);
        if (!tables.contains(request.tableName())) {
            throw ResourceNotFoundException.builder().message("Requested resource not found").build();
        }
        return DescribeTableResponse.builder().table(TableDescription.builder().tableName(request.tableName()).build()).build();
    }

    private synchronized ListBackupsResponse list(ListBackupsRequest request) {
        called("ListBackups", request);
        String type = request.backupTypeAsString() == null ? "USER" : request.backupTypeAsString();
        List<BackupSummary> matching = backups.values().stream()
                .filter(b -> request.tableName() == null || request.tableName().equals(b.tableName()))
                .filter(b -> "ALL".equals(type) || type.equals(b.backupTypeAsString()))
                .filter(b -> request.timeRangeLowerBound() == null || !b.backupCreationDateTime().isBefore(request.timeRangeLowerBound()))
                .filter(b -> request.timeRangeUpperBound() == null || b.backupCreationDateTime().isBefore(request.timeRangeUpperBound()))
                .sorted(Comparator.comparing(BackupSummary::backupArn))
                .toList();
        int limit = request.limit() == null ? pageSize : Math.min(request.limit(), pageSize);
        int start = 0;
        if (request.exclusiveStartBackupArn() != null) {
            start = matching.stream().map(BackupSummary::backupArn).toList().indexOf(request.exclusiveStartBackupArn()) + 1;
        }
        List<BackupSummary> page = matching.subList(start, Math.min(matching.size(), start + limit));
        boolean more = start + limit < matching.size();
        return ListBackupsResponse.builder().backupSummaries(page)
                .lastEvaluatedBackupArn(more ? page.get(page.size() - 1).backupArn() : null).build();
    }

    private synchronized ListTablesResponse listTables(ListTablesRequest request) {
        called("ListTables", request);
        List<String> sorted = tables.stream().sorted().toList();
        int start = request.exclusiveStartTableName() == null ? 0 : sorted.indexOf(request.exclusiveStartTableName()) + 1;
        List<String> page = sorted.subList(start, Math.min(sorted.size(), start + tablePageSize));
        boolean more = start + tablePageSize < sorted.size();
        return ListTablesResponse.builder().tableNames(page)
                .lastEvaluatedTableName(more ? page.get(page.size() - 1) : null).build();
    }
}
