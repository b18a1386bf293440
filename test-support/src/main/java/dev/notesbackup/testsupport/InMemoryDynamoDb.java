package dev.notesbackup.testsupport;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.CreateBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeContinuousBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeContinuousBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableFromBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableFromBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.TableAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.UpdateContinuousBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateContinuousBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.SourceTableDetails;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * An in-memory DynamoDB account behind the SDK's own {@link DynamoDbClient} interface, for unit
 * tests: tables (ListTables paging, DescribeTable, continuous backups, tags, DeleteTable, UpdateTable's
 * deletion protection), the backup control plane (CreateBackup, DescribeBackup, ListBackups with AWS's
 * filters, order and paging, DeleteBackup, RestoreTableFromBackup) and the item calls of the notes service (PutItem with {@code attribute_not_exists}, GetItem,
 * Query on the key or a global index by one equality, BatchGetItem). Every other operation is the
 * interface's default: it throws {@link UnsupportedOperationException}, so a test cannot rely on
 * something the fake does not do. Page sizes are small settable fields so that paging paths run.
 * Faults are injected with {@link #beforeCall}. {@code InMemoryDynamoDbIT} checks its answers
 * against moto's on small cases.
 *
 * <p>DeleteTable does what AWS documents and moto does not: a table deleted with point-in-time
 * recovery on leaves a SYSTEM backup named {@code <table>$DeletedTableBackup} of its items at
 * deletion, which expires 35 days later ({@code BackupExpiryDateTime}).
 */
public final class InMemoryDynamoDb implements DynamoDbClient {
    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    private static final Pattern ATTRIBUTE_NOT_EXISTS = Pattern.compile("attribute_not_exists\\((#?[A-Za-z0-9_]+)\\)");
    private static final Pattern EQUALS = Pattern.compile("(#?[A-Za-z0-9_]+) = (:[A-Za-z0-9_]+)");

    /** ListBackups answers at most this many summaries per call (AWS: 100). */
    public volatile int backupPageSize = 100;
    /** ListTables answers at most this many names per call (AWS: 100). */
    public volatile int tablePageSize = 100;
    /** The status of a backup CreateBackup makes (AWS answers CREATING, and the backup is AVAILABLE minutes later; here it keeps this one). */
    public volatile String createdBackupStatus = "AVAILABLE";
    /** ListTagsOfResource answers at most this many tags per call. */
    public volatile int tagPageSize = 10;

    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Map<String, BackupSummary> backups = new LinkedHashMap<>();
    /** What each backup holds: the table's description and items when it was made, for RestoreTableFromBackup. */
    private final Map<String, Table> backedUp = new HashMap<>();
    /** Where a ListBackups page ended, so that the next page resumes there even if that backup is deleted meanwhile. */
    private final Map<String, BackupSummary> issuedCursors = new HashMap<>();
    private final List<SdkRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Consumer<SdkRequest>> hooks = new HashMap<>();
    private Supplier<Instant> clock = Instant::now;
    private int sequence;

    private static final class Table {
        TableDescription description;
        PointInTimeRecoveryStatus pitr = PointInTimeRecoveryStatus.DISABLED;
        final List<Tag> tags = new ArrayList<>();
        final Map<List<AttributeValue>, Map<String, AttributeValue>> items = new LinkedHashMap<>();

        List<String> keyAttributes() {
            return description.keySchema().stream().map(KeySchemaElement::attributeName).toList();
        }

        List<AttributeValue> keyOf(Map<String, AttributeValue> item) {
            List<AttributeValue> key = new ArrayList<>();
            for (String name : keyAttributes()) {
                AttributeValue value = item.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("the item lacks the key attribute " + name + " of " + description.tableName());
                }
                key.add(value);
            }
            return key;
        }
    }

    // ---- setting up -----------------------------------------------------------------------------

    /** Creation times of backups come from this clock. */
    public synchronized InMemoryDynamoDb clock(Supplier<Instant> now) {
        this.clock = now;
        return this;
    }

    /** Tables keyed by a string attribute {@code id}, deletion protection and PITR off. */
    public synchronized InMemoryDynamoDb withTables(String... names) {
        for (String name : names) {
            table(name, false, false);
        }
        return this;
    }

    /** A table with every protection of its own: deletion protection and point-in-time recovery on. */
    public synchronized InMemoryDynamoDb protectedTable(String name) {
        return table(name, true, true);
    }

    /** A table keyed by a string attribute {@code id} with the given protections, replacing one of that name. */
    public synchronized InMemoryDynamoDb table(String name, boolean deletionProtection, boolean pointInTimeRecovery) {
        tables.remove(name);
        putTable(CreateTableRequest.builder().tableName(name)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .billingMode("PAY_PER_REQUEST").deletionProtectionEnabled(deletionProtection).build());
        tables.get(name).pitr = pointInTimeRecovery ? PointInTimeRecoveryStatus.ENABLED : PointInTimeRecoveryStatus.DISABLED;
        return this;
    }

    public synchronized InMemoryDynamoDb tag(String table, String key, String value) {
        existing(table).tags.add(Tag.builder().key(key).value(value).build());
        return this;
    }

    /** Drops a table as if deleted outside the test's view (its backups stay, as in AWS). */
    public synchronized void dropTable(String name) {
        tables.remove(name);
    }

    /** A backup made at {@code created}, AVAILABLE and of type USER unless said otherwise. */
    public synchronized BackupSummary addBackup(String table, String name, Instant created) {
        return addBackup(table, name, created, "USER", "AVAILABLE");
    }

    public synchronized BackupSummary addBackup(String table, String name, Instant created, String type, String status) {
        return addBackup(table, name, created, type, status, null);
    }

    /** A backup of the table's items as they are now, if it exists (a restore gives them back). */
    private BackupSummary addBackup(String table, String name, Instant created, String type, String status, Instant expires) {
        String arn = tableArn(table) + "/backup/" + String.format("%017d", ++sequence);
        BackupSummary summary = BackupSummary.builder()
                .tableName(table).tableArn(tableArn(table)).backupArn(arn).backupName(name).backupCreationDateTime(created)
                .backupExpiryDateTime(expires).backupType(type).backupStatus(status).backupSizeBytes(100L).build();
        backups.put(arn, summary);
        Table source = tables.get(table);
        if (source != null) {
            Table copy = new Table();
            copy.description = source.description;
            copy.items.putAll(source.items);
            backedUp.put(arn, copy);
        }
        return summary;
    }

    /** Runs {@code hook} before every call of {@code operation} (e.g. "CreateBackup"); it may throw to inject a fault. */
    public synchronized InMemoryDynamoDb beforeCall(String operation, Consumer<SdkRequest> hook) {
        hooks.put(operation, hook);
        return this;
    }

    // ---- looking at it --------------------------------------------------------------------------

    public static String tableArn(String table) {
        return "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + table;
    }

    /** Every backup, in the order made. */
    public synchronized List<BackupSummary> backups() {
        return List.copyOf(backups.values());
    }

    public synchronized List<BackupSummary> backupsOf(String table) {
        return backups.values().stream().filter(b -> b.tableName().equals(table)).toList();
    }

    public synchronized void removeAllBackups() {
        backups.clear();
    }

    public synchronized List<Map<String, AttributeValue>> items(String table) {
        return List.copyOf(existing(table).items.values());
    }

    public synchronized int size(String table) {
        return existing(table).items.size();
    }

    /** Every request received, in order, including those a hook failed. */
    public List<SdkRequest> requests() {
        return List.copyOf(requests);
    }

    public <T extends SdkRequest> List<T> requests(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Forgets the requests received so far (e.g. those of a test's own setup). */
    public void forgetRequests() {
        requests.clear();
    }

    /** How many calls of {@code operation} (e.g. "PutItem") were made. */
    public long calls(String operation) {
        return requests.stream().filter(r -> operationOf(r).equals(operation)).count();
    }

    private static String operationOf(SdkRequest request) {
        String name = request.getClass().getSimpleName();
        return name.endsWith("Request") ? name.substring(0, name.length() - "Request".length()) : name;
    }

    private void called(SdkRequest request) {
        requests.add(request);
        Consumer<SdkRequest> hook;
        synchronized (this) {
            hook = hooks.get(operationOf(request));
        }
        if (hook != null) {
            hook.accept(request);
        }
    }

    private Table existing(String name) {
        Table table = tables.get(name);
        if (table == null) {
            throw ResourceNotFoundException.builder().statusCode(400)
                    .message("Requested resource not found: Table: " + name + " not found").build();
        }
        return table;
    }

    // ---- tables ---------------------------------------------------------------------------------

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
        called(request);
        return putTable(request);
    }

    private synchronized CreateTableResponse putTable(CreateTableRequest request) {
        if (tables.containsKey(request.tableName())) {
            throw ResourceInUseException.builder().statusCode(400).message("Table already exists: " + request.tableName()).build();
        }
        Table table = new Table();
        List<GlobalSecondaryIndexDescription> indexes = request.globalSecondaryIndexes().stream()
                .map(i -> GlobalSecondaryIndexDescription.builder().indexName(i.indexName()).keySchema(i.keySchema())
                        .projection(i.projection()).indexStatus(IndexStatus.ACTIVE).build())
                .toList();
        table.description = TableDescription.builder().tableName(request.tableName()).tableArn(tableArn(request.tableName()))
                .keySchema(request.keySchema()).attributeDefinitions(request.attributeDefinitions())
                .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes)
                .tableStatus(TableStatus.ACTIVE).creationDateTime(clock.get())
                .deletionProtectionEnabled(Boolean.TRUE.equals(request.deletionProtectionEnabled()))
                .build();
        tables.put(request.tableName(), table);
        return CreateTableResponse.builder().tableDescription(describe(table)).build();
    }

    @Override
    public synchronized DescribeTableResponse describeTable(DescribeTableRequest request) {
        called(request);
        return DescribeTableResponse.builder().table(describe(existing(request.tableName()))).build();
    }

    private static TableDescription describe(Table table) {
        return table.description.toBuilder().itemCount((long) table.items.size()).build();
    }

    @Override
    public synchronized ListTablesResponse listTables(ListTablesRequest request) {
        called(request);
        List<String> sorted = tables.keySet().stream().sorted().toList();
        int from = request.exclusiveStartTableName() == null ? 0
                : (int) sorted.stream().filter(n -> n.compareTo(request.exclusiveStartTableName()) <= 0).count();
        int limit = Math.min(request.limit() == null ? 100 : request.limit(), tablePageSize);
        int to = Math.min(sorted.size(), from + limit);
        return ListTablesResponse.builder().tableNames(sorted.subList(from, to))
                .lastEvaluatedTableName(to < sorted.size() ? sorted.get(to - 1) : null).build();
    }

    @Override
    public synchronized DescribeContinuousBackupsResponse describeContinuousBackups(DescribeContinuousBackupsRequest request) {
        called(request);
        Table table = tables.get(request.tableName());
        if (table == null) {
            throw TableNotFoundException.builder().statusCode(400).message("Table not found: " + request.tableName()).build();
        }
        return DescribeContinuousBackupsResponse.builder().continuousBackupsDescription(ContinuousBackupsDescription.builder()
                .continuousBackupsStatus("ENABLED")
                .pointInTimeRecoveryDescription(PointInTimeRecoveryDescription.builder().pointInTimeRecoveryStatus(table.pitr)
                        .recoveryPeriodInDays(table.pitr == PointInTimeRecoveryStatus.ENABLED ? 35 : null).build())
                .build()).build();
    }

    @Override
    public synchronized ListTagsOfResourceResponse listTagsOfResource(ListTagsOfResourceRequest request) {
        called(request);
        Table table = tables.values().stream().filter(t -> t.description.tableArn().equals(request.resourceArn())).findFirst()
                .orElseThrow(() -> ResourceNotFoundException.builder().statusCode(400)
                        .message("Requested resource not found: ResourcArn: " + request.resourceArn() + " not found").build());
        int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        int to = Math.min(table.tags.size(), from + tagPageSize);
        return ListTagsOfResourceResponse.builder().tags(table.tags.subList(from, to))
                .nextToken(to < table.tags.size() ? String.valueOf(to) : null).build();
    }

    /**
     * As AWS: refused while deletion protection is on (a ValidationException); with point-in-time
     * recovery on, DynamoDB first keeps a SYSTEM backup {@code <table>$DeletedTableBackup} of the
     * table as it is, for 35 days. Backups outlive the table.
     */
    @Override
    public synchronized DeleteTableResponse deleteTable(DeleteTableRequest request) {
        called(request);
        Table table = existing(request.tableName());
        if (Boolean.TRUE.equals(table.description.deletionProtectionEnabled())) {
            throw DynamoDbException.builder().statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").serviceName("DynamoDb")
                            .errorMessage("Table '" + request.tableName() + "' can't be deleted while DeletionProtectionEnabled is set to True")
                            .build())
                    .build();
        }
        if (table.pitr == PointInTimeRecoveryStatus.ENABLED) {
            Instant deleted = clock.get();
            addBackup(request.tableName(), request.tableName() + "$DeletedTableBackup", deleted, "SYSTEM", "AVAILABLE",
                    deleted.plus(java.time.Duration.ofDays(35)));
        }
        tables.remove(request.tableName());
        return DeleteTableResponse.builder().tableDescription(describe(table).toBuilder().tableStatus(TableStatus.DELETING).build()).build();
    }

    @Override
    public synchronized UpdateContinuousBackupsResponse updateContinuousBackups(UpdateContinuousBackupsRequest request) {
        called(request);
        Table table = tables.get(request.tableName());
        if (table == null) {
            throw TableNotFoundException.builder().statusCode(400).message("Table not found: " + request.tableName()).build();
        }
        table.pitr = Boolean.TRUE.equals(request.pointInTimeRecoverySpecification().pointInTimeRecoveryEnabled())
                ? PointInTimeRecoveryStatus.ENABLED : PointInTimeRecoveryStatus.DISABLED;
        return UpdateContinuousBackupsResponse.builder().build();
    }

    /** Deletion protection only: the one setting the restore re-applies through UpdateTable. */
    @Override
    public synchronized UpdateTableResponse updateTable(UpdateTableRequest request) {
        called(request);
        Table table = existing(request.tableName());
        if (request.deletionProtectionEnabled() == null || request.hasAttributeDefinitions() || request.hasGlobalSecondaryIndexUpdates()
                || request.billingMode() != null || request.provisionedThroughput() != null || request.streamSpecification() != null) {
            throw new UnsupportedOperationException("the fake's UpdateTable sets deletion protection only");
        }
        table.description = table.description.toBuilder().deletionProtectionEnabled(request.deletionProtectionEnabled()).build();
        return UpdateTableResponse.builder().tableDescription(describe(table)).build();
    }

    // ---- backups --------------------------------------------------------------------------------

    @Override
    public synchronized CreateBackupResponse createBackup(CreateBackupRequest request) {
        called(request);
        if (!tables.containsKey(request.tableName())) {
            throw TableNotFoundException.builder().statusCode(400).message("Table not found: " + request.tableName()).build();
        }
        BackupSummary made = addBackup(request.tableName(), request.backupName(), clock.get(), "USER", createdBackupStatus, null);
        return CreateBackupResponse.builder().backupDetails(details(made)).build();
    }

    private static BackupDetails details(BackupSummary b) {
        return BackupDetails.builder().backupArn(b.backupArn()).backupName(b.backupName()).backupStatus(b.backupStatus())
                .backupType(b.backupType()).backupCreationDateTime(b.backupCreationDateTime()).backupSizeBytes(b.backupSizeBytes())
                .backupExpiryDateTime(b.backupExpiryDateTime())
                .build();
    }

    @Override
    public synchronized DescribeBackupResponse describeBackup(DescribeBackupRequest request) {
        called(request);
        return DescribeBackupResponse.builder().backupDescription(description(backup(request.backupArn()))).build();
    }

    private BackupDescription description(BackupSummary b) {
        SourceTableDetails.Builder source = SourceTableDetails.builder().tableName(b.tableName()).tableArn(b.tableArn());
        // as AWS: the table as it was when backed up, also once it is deleted
        Table table = backedUp.containsKey(b.backupArn()) ? backedUp.get(b.backupArn()) : tables.get(b.tableName());
        if (table != null) {
            source.keySchema(table.description.keySchema()).itemCount((long) table.items.size())
                    .tableCreationDateTime(table.description.creationDateTime());
        }
        return BackupDescription.builder().backupDetails(details(b)).sourceTableDetails(source.build()).build();
    }

    private BackupSummary backup(String arn) {
        BackupSummary b = backups.get(arn);
        if (b == null) {
            throw BackupNotFoundException.builder().statusCode(400).message("Backup not found: " + arn).build();
        }
        return b;
    }

    @Override
    public synchronized DeleteBackupResponse deleteBackup(DeleteBackupRequest request) {
        called(request);
        BackupSummary gone = backup(request.backupArn());
        backups.remove(request.backupArn());
        backedUp.remove(request.backupArn());
        return DeleteBackupResponse.builder().backupDescription(description(gone)).build();
    }

    /** A new table with the backup's key schema, indexes and items; ACTIVE at once, without the source's protections. */
    @Override
    public synchronized RestoreTableFromBackupResponse restoreTableFromBackup(RestoreTableFromBackupRequest request) {
        called(request);
        backup(request.backupArn());
        if (tables.containsKey(request.targetTableName())) {
            throw TableAlreadyExistsException.builder().statusCode(400).message("Table already exists: " + request.targetTableName()).build();
        }
        Table source = backedUp.get(request.backupArn());
        if (source == null) {
            throw new IllegalStateException("the fake holds no items for " + request.backupArn() + ": it was added without its table");
        }
        Table restored = new Table();
        restored.description = source.description.toBuilder().tableName(request.targetTableName())
                .tableArn(tableArn(request.targetTableName())).creationDateTime(clock.get()).deletionProtectionEnabled(false)
                .tableStatus(TableStatus.ACTIVE).build();
        restored.items.putAll(source.items);
        tables.put(request.targetTableName(), restored);
        return RestoreTableFromBackupResponse.builder().tableDescription(describe(restored)).build();
    }

    /** As AWS: USER unless asked otherwise, the time range [lower, upper), ordered by creation time then ARN. */
    @Override
    public synchronized ListBackupsResponse listBackups(ListBackupsRequest request) {
        called(request);
        String type = request.backupTypeAsString() == null ? "USER" : request.backupTypeAsString();
        Comparator<BackupSummary> order = Comparator.comparing(BackupSummary::backupCreationDateTime).thenComparing(BackupSummary::backupArn);
        List<BackupSummary> matching = backups.values().stream()
                .filter(b -> request.tableName() == null || request.tableName().equals(b.tableName()))
                .filter(b -> "ALL".equals(type) || type.equals(b.backupTypeAsString()))
                .filter(b -> request.timeRangeLowerBound() == null || !b.backupCreationDateTime().isBefore(request.timeRangeLowerBound()))
                .filter(b -> request.timeRangeUpperBound() == null || b.backupCreationDateTime().isBefore(request.timeRangeUpperBound()))
                .sorted(order)
                .toList();
        int from = 0;
        if (request.exclusiveStartBackupArn() != null) {
            BackupSummary start = Optional.ofNullable(backups.get(request.exclusiveStartBackupArn()))
                    .orElseGet(() -> issuedCursors.get(request.exclusiveStartBackupArn()));
            if (start == null) {
                throw software.amazon.awssdk.services.dynamodb.model.DynamoDbException.builder().statusCode(400)
                        .message("Invalid ExclusiveStartBackupArn: " + request.exclusiveStartBackupArn()).build();
            }
            from = (int) matching.stream().filter(b -> order.compare(b, start) <= 0).count();
        }
        int limit = Math.min(request.limit() == null ? 100 : request.limit(), backupPageSize);
        int to = Math.min(matching.size(), from + limit);
        String last = to < matching.size() ? matching.get(to - 1).backupArn() : null;
        if (last != null) {
            issuedCursors.put(last, matching.get(to - 1));
        }
        return ListBackupsResponse.builder().backupSummaries(matching.subList(from, to)).lastEvaluatedBackupArn(last).build();
    }

    // ---- items ----------------------------------------------------------------------------------

    @Override
    public synchronized PutItemResponse putItem(PutItemRequest request) {
        called(request);
        Table table = existing(request.tableName());
        List<AttributeValue> key = table.keyOf(request.item());
        if (request.conditionExpression() != null) {
            Matcher condition = ATTRIBUTE_NOT_EXISTS.matcher(request.conditionExpression().strip());
            if (!condition.matches()) {
                throw new UnsupportedOperationException("the fake evaluates only attribute_not_exists(x), not "
                        + request.conditionExpression());
            }
            String attribute = name(condition.group(1), request.expressionAttributeNames());
            Map<String, AttributeValue> present = table.items.get(key);
            if (present != null && present.containsKey(attribute)) {
                throw ConditionalCheckFailedException.builder().statusCode(400).message("The conditional request failed").build();
            }
        }
        table.items.put(key, Map.copyOf(request.item()));
        return PutItemResponse.builder().build();
    }

    @Override
    public synchronized GetItemResponse getItem(GetItemRequest request) {
        called(request);
        Table table = existing(request.tableName());
        Map<String, AttributeValue> item = table.items.get(table.keyOf(request.key()));
        return item == null ? GetItemResponse.builder().build() : GetItemResponse.builder().item(item).build();
    }

    @Override
    public synchronized BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        called(request);
        Map<String, List<Map<String, AttributeValue>>> found = new LinkedHashMap<>();
        request.requestItems().forEach((name, keys) -> {
            Table table = existing(name);
            found.put(name, keys.keys().stream().map(k -> table.items.get(table.keyOf(k))).filter(Objects::nonNull).toList());
        });
        return BatchGetItemResponse.builder().responses(found).unprocessedKeys(Map.of()).build();
    }

    /**
     * One equality on the partition key of the table or of a global index; ordered by the sort key
     * (strings and numbers), resumed after ExclusiveStartKey, and a LastEvaluatedKey whenever a
     * page is full, as DynamoDB does.
     */
    @Override
    public synchronized QueryResponse query(QueryRequest request) {
        called(request);
        Table table = existing(request.tableName());
        List<KeySchemaElement> schema = request.indexName() == null ? table.description.keySchema()
                : table.description.globalSecondaryIndexes().stream().filter(i -> i.indexName().equals(request.indexName()))
                        .findFirst().orElseThrow(() -> new IllegalArgumentException("no index " + request.indexName())).keySchema();
        Matcher condition = EQUALS.matcher(request.keyConditionExpression().strip());
        if (!condition.matches()) {
            throw new UnsupportedOperationException("the fake evaluates only '#key = :value', not " + request.keyConditionExpression());
        }
        String hash = name(condition.group(1), request.expressionAttributeNames());
        AttributeValue wanted = request.expressionAttributeValues().get(condition.group(2));
        String range = schema.stream().filter(k -> k.keyType() == KeyType.RANGE).map(KeySchemaElement::attributeName).findFirst().orElse(null);
        boolean forward = request.scanIndexForward() == null || request.scanIndexForward();
        Comparator<Map<String, AttributeValue>> order = Comparator.comparing(item -> sortable(range == null ? null : item.get(range)));
        if (!forward) {
            order = order.reversed();
        }
        List<Map<String, AttributeValue>> matching = table.items.values().stream()
                .filter(item -> wanted.equals(item.get(hash)) && (range == null || item.containsKey(range)))
                .sorted(order).toList();
        int from = 0;
        if (request.hasExclusiveStartKey()) {
            Map<String, AttributeValue> start = request.exclusiveStartKey();
            Comparator<Map<String, AttributeValue>> byOrder = order;
            from = (int) matching.stream().filter(item -> byOrder.compare(item, start) <= 0).count();
        }
        int limit = request.limit() == null ? Integer.MAX_VALUE : request.limit();
        List<Map<String, AttributeValue>> page = matching.subList(from, (int) Math.min(matching.size(), (long) from + limit));
        QueryResponse.Builder response = QueryResponse.builder().items(page).count(page.size()).scannedCount(page.size());
        if (page.size() == limit) {
            Map<String, AttributeValue> last = page.get(page.size() - 1);
            Map<String, AttributeValue> lastKey = new LinkedHashMap<>();
            table.keyAttributes().forEach(k -> lastKey.put(k, last.get(k)));
            schema.forEach(k -> lastKey.put(k.attributeName(), last.get(k.attributeName())));
            response.lastEvaluatedKey(lastKey);
        }
        return response.build();
    }

    private static SortKey sortable(AttributeValue value) {
        if (value == null) {
            return new SortKey(null, "");
        }
        if (value.n() != null) {
            return new SortKey(new BigDecimal(value.n()), null);
        }
        return new SortKey(null, value.s());
    }

    /** Numbers sort as numbers, strings by their characters (DynamoDB sorts UTF-8 bytes; the tests use ASCII). */
    private record SortKey(BigDecimal number, String string) implements Comparable<SortKey> {
        @Override
        public int compareTo(SortKey other) {
            return number != null && other.number != null ? number.compareTo(other.number)
                    : String.valueOf(string).compareTo(String.valueOf(other.string));
        }
    }

    private static String name(String reference, Map<String, String> names) {
        if (!reference.startsWith("#")) {
            return reference;
        }
        String name = names == null ? null : names.get(reference);
        if (name == null) {
            throw new IllegalArgumentException("ExpressionAttributeNames has no " + reference);
        }
        return name;
    }

    // ---- the interface's two abstract methods ---------------------------------------------------

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
