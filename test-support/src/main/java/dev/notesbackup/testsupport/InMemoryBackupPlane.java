package dev.notesbackup.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * DynamoDB's backup control plane in memory, fast at the account maximum (10,000 tables x 38
 * backups): what {@link AwsLimitsProxy#inMemory()} answers instead of moto, behind the proxy's
 * rate limits, latency, faults and counters. It answers ListTables, DescribeTable, CreateBackup,
 * DescribeBackup, DeleteBackup and ListBackups in the DynamoDB JSON 1.0 protocol as AWS does;
 * any other operation is a 400 UnknownOperationException naming it.
 *
 * <p>As AWS: a backup is CREATING when CreateBackup answers and AVAILABLE after
 * {@link #creationDelay(Duration)} (real time, default 0: AVAILABLE from the next call on); a
 * CREATING backup cannot be deleted and its table gets no second backup meanwhile
 * (BackupInUseException); at most {@link #maxConcurrentBackups(int)} backups are CREATING at once
 * in the account (LimitExceededException, whose API documentation names 500 simultaneous table
 * operations per account; the service quotas name no other number for backups). The rate limits
 * (CreateBackup 50/s, DeleteBackup 10/s, ListBackups 5/s) are the proxy's. ListBackups lists USER backups unless asked otherwise, TimeRangeLowerBound inclusive and
 * TimeRangeUpperBound exclusive, ordered by creation time then ARN, Limit 1..100; a page costs
 * O(page + log n): each backup is indexed by (table or account) x (its type or ALL).
 *
 * <p>Tables and backups are seeded in Java ({@link #addTables}, {@link #addBackup}); every
 * ListBackups call answered is logged ({@link #listBackupsCalls()}). Thread-safe.
 * {@code InMemoryBackupPlaneIT} checks its answers against moto behind the proxy.
 */
public final class InMemoryBackupPlane {
    public static final String ACCOUNT = InMemoryDynamoDb.ACCOUNT;
    public static final String REGION = InMemoryDynamoDb.REGION;
    /** AWS: up to 500 simultaneous table operations per account. */
    public static final int DEFAULT_MAX_CONCURRENT_BACKUPS = 500;
    /** The size an AVAILABLE backup reports (AWS reports 0 while CREATING). */
    public static final long AVAILABLE_SIZE_BYTES = 1024;
    /** Every table of the plane has this key schema: a string partition key {@code id}. */
    public static final String KEY_ATTRIBUTE = "id";

    private static final String AVAILABLE = "AVAILABLE";
    private static final String CREATING = "CREATING";
    private static final String DELETED = "DELETED";
    /** AWS's rule for table and backup names. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    private static final Set<String> STORED_TYPES = Set.of("USER", "SYSTEM", "AWS_BACKUP");

    /**
     * A backup as the plane holds it.
     *
     * @param type USER, SYSTEM or AWS_BACKUP
     * @param status CREATING or AVAILABLE
     */
    public record Backup(String arn, String name, String tableName, String type, String status, Instant created, long sizeBytes) {
    }

    /**
     * One ListBackups call the plane answered (a call throttled or faulted by the proxy before it
     * reached the plane is not one).
     *
     * @param tableName as requested, or null for the account
     * @param lowerBound TimeRangeLowerBound, or null
     * @param upperBound TimeRangeUpperBound, or null
     * @param exclusiveStartBackupArn the request's, or null for a first page
     * @param backupArns the page, in order
     * @param lastEvaluatedBackupArn the answer's, or null on a last page
     */
    public record ListBackupsCall(String tableName, String backupType, Instant lowerBound, Instant upperBound, int limit,
                                  String exclusiveStartBackupArn, List<String> backupArns, String lastEvaluatedBackupArn) {
    }

    /** The listing order of some backups (one table's, or the account's): of each type, and of all types. */
    private static final class Index {
        final Map<String, NavigableSet<BackupListing.Key>> byType = new HashMap<>();
        final NavigableSet<BackupListing.Key> all = new TreeSet<>();

        /** The backups a ListBackups BackupType selects: one type, or ALL. */
        NavigableSet<BackupListing.Key> selected(String filter) {
            return "ALL".equals(filter) ? all : byType.getOrDefault(filter, Collections.emptyNavigableSet());
        }

        void add(Stored backup) {
            all.add(backup.key);
            byType.computeIfAbsent(backup.type, t -> new TreeSet<>()).add(backup.key);
        }

        void remove(Stored backup) {
            all.remove(backup.key);
            byType.get(backup.type).remove(backup.key);
        }
    }

    private static final class Table {
        final String name;
        final String arn;
        final String id;
        final Instant created;
        final Index backups = new Index();

        Table(String name, Instant created) {
            this.name = name;
            this.arn = tableArn(name);
            this.id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
            this.created = Instant.ofEpochMilli(created.toEpochMilli());
        }
    }

    private static final class Stored {
        final String arn;
        final String name;
        final Table table;
        final String type;
        final Instant created;
        final BackupListing.Key key;
        String status;
        long sizeBytes;
        long availableAtNanos;

        Stored(String arn, String name, Table table, String type, Instant created, String status, long sizeBytes) {
            this.arn = arn;
            this.name = name;
            this.table = table;
            this.type = type;
            this.created = created;
            this.key = new BackupListing.Key(AwsLimitsProxy.epochSeconds(created), arn);
            this.status = status;
            this.sizeBytes = sizeBytes;
        }

        Backup view() {
            return new Backup(arn, name, table.name, type, status, created, sizeBytes);
        }
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.withExactBigDecimals(true);
    private final LongSupplier nanoTime;
    private final Random random = new Random(42);
    private final NavigableMap<String, Table> tables = new TreeMap<>();
    /** Tables dropped or never made that backups name: backups outlive their table, as in AWS. */
    private final Map<String, Table> goneTables = new HashMap<>();
    private final Map<String, Stored> byArn = new HashMap<>();
    private final Index account = new Index();
    private final PriorityQueue<Stored> creating = new PriorityQueue<>(Comparator.comparingLong(s -> s.availableAtNanos));
    private final Set<String> tablesCreating = new HashSet<>();
    /** Where ListBackups pages ended, so that the next page resumes there even if that backup is deleted meanwhile. */
    private final Map<String, BackupListing.Key> issuedCursors = new HashMap<>();
    private final List<ListBackupsCall> listBackupsCalls = new ArrayList<>();
    private Supplier<Instant> clock = Instant::now;
    private Duration creationDelay = Duration.ZERO;
    private int maxConcurrentBackups = DEFAULT_MAX_CONCURRENT_BACKUPS;

    public InMemoryBackupPlane() {
        this(System::nanoTime);
    }

    /** With {@code nanoTime} deciding when a CREATING backup becomes AVAILABLE (tests move it by hand). */
    InMemoryBackupPlane(LongSupplier nanoTime) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    // ---- settings -------------------------------------------------------------------------------

    /** CreateBackup stamps backups with this clock's time (default: the system clock). */
    public synchronized InMemoryBackupPlane clock(Supplier<Instant> now) {
        this.clock = Objects.requireNonNull(now, "clock");
        return this;
    }

    /** How long (real time) a backup made by CreateBackup stays CREATING (default 0). */
    public synchronized InMemoryBackupPlane creationDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("the creation delay cannot be negative: " + delay);
        }
        this.creationDelay = delay;
        return this;
    }

    /** At most this many backups CREATING at once in the account; CreateBackup beyond is LimitExceededException. */
    public synchronized InMemoryBackupPlane maxConcurrentBackups(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one backup must be allowed in progress: " + max);
        }
        this.maxConcurrentBackups = max;
        return this;
    }

    // ---- seeding --------------------------------------------------------------------------------

    /** An ACTIVE table keyed by {@link #KEY_ATTRIBUTE}; a table of that name already there stays as it is. */
    public synchronized InMemoryBackupPlane addTable(String name) {
        requireName("tableName", name);
        if (!tables.containsKey(name)) {
            Table gone = goneTables.remove(name);
            tables.put(name, gone != null ? gone : new Table(name, clock.get()));
        }
        return this;
    }

    public synchronized InMemoryBackupPlane addTables(Collection<String> names) {
        names.forEach(this::addTable);
        return this;
    }

    /**
     * {@code count} tables named {@code prefix} plus a number from 0, zero-padded to one width so
     * that ListTables' order is the numbers' order; returns the names in that order.
     */
    public synchronized List<String> addTables(String prefix, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count cannot be negative: " + count);
        }
        int width = String.valueOf(Math.max(0, count - 1)).length();
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(prefix + String.format("%0" + width + "d", i));
        }
        addTables(names);
        return names;
    }

    /** Deletes a table as DeleteTable would; its backups stay, as in AWS. */
    public synchronized void dropTable(String name) {
        Table table = tables.remove(name);
        if (table == null) {
            throw new IllegalArgumentException("no table " + name + " in the plane");
        }
        goneTables.put(name, table);
    }

    /** An AVAILABLE USER backup of {@code table} (which need not exist: backups outlive tables) made at {@code created}. */
    public synchronized Backup addBackup(String table, String name, Instant created) {
        return addBackup(table, name, created, "USER");
    }

    /**
     * An AVAILABLE backup of the given type: USER, SYSTEM or AWS_BACKUP. A USER backup's name
     * follows CreateBackup's rule; DynamoDB names its own backups otherwise (e.g. {@code <table>$DeletedTableBackup}).
     */
    public synchronized Backup addBackup(String table, String name, Instant created, String type) {
        requireName("tableName", table);
        if (!STORED_TYPES.contains(type)) {
            throw new IllegalArgumentException("a backup's type is one of " + STORED_TYPES + ", not " + type);
        }
        if ("USER".equals(type)) {
            requireName("backupName", name);
        } else if (Objects.requireNonNull(name, "backupName").isEmpty()) {
            throw new IllegalArgumentException("a backup needs a name");
        }
        return store(tableNamed(table, created), name, type, Objects.requireNonNull(created, "created"), AVAILABLE,
                AVAILABLE_SIZE_BYTES).view();
    }

    // ---- looking at it --------------------------------------------------------------------------

    public static String tableArn(String table) {
        return InMemoryDynamoDb.tableArn(table);
    }

    public synchronized List<String> tableNames() {
        return List.copyOf(tables.keySet());
    }

    public synchronized int backupCount() {
        promoteFinished();
        return byArn.size();
    }

    /** Backups of every type of {@code table}. */
    public synchronized int backupCount(String table) {
        return backupsOfTable(table).all.size();
    }

    /** Backups of every type of {@code table}, in ListBackups' order (creation time, then ARN). */
    public synchronized List<Backup> backupsOf(String table) {
        promoteFinished();
        return backupsOfTable(table).all.stream().map(k -> byArn.get(k.arn()).view()).toList();
    }

    public synchronized Optional<Backup> backup(String arn) {
        promoteFinished();
        return Optional.ofNullable(byArn.get(arn)).map(Stored::view);
    }

    /** Every ListBackups call answered so far, in order. */
    public synchronized List<ListBackupsCall> listBackupsCalls() {
        return List.copyOf(listBackupsCalls);
    }

    public synchronized void clearListBackupsCalls() {
        listBackupsCalls.clear();
    }

    // ---- the API --------------------------------------------------------------------------------

    /**
     * Answers one DynamoDB call: {@code operation} as in {@code X-Amz-Target}, the request's JSON;
     * ListBackups without Limit answers {@code defaultListBackupsLimit} a page. An error is thrown
     * as the {@link DynamoDbError} AWS would answer.
     */
    synchronized ObjectNode answer(String operation, JsonNode request, int defaultListBackupsLimit) {
        promoteFinished();
        return switch (operation) {
            case "ListTables" -> listTables(request);
            case "DescribeTable" -> describeTable(request);
            case "CreateBackup" -> createBackup(request);
            case "DescribeBackup" -> describeBackup(request);
            case "DeleteBackup" -> deleteBackup(request);
            case "ListBackups" -> listBackups(request, defaultListBackupsLimit);
            default -> throw new DynamoDbError(400, DynamoDbError.UNKNOWN_OPERATION, "The in-memory backup plane does not"
                    + " answer " + operation + "; it answers ListTables, DescribeTable, CreateBackup, DescribeBackup,"
                    + " DeleteBackup and ListBackups");
        };
    }

    private ObjectNode listTables(JsonNode request) {
        int limit = request.has("Limit") ? request.get("Limit").asInt(0) : 100;
        if (limit < 1 || limit > 100) {
            throw DynamoDbError.validation("1 validation error detected: Value '" + request.get("Limit") + "' at 'limit'"
                    + " failed to satisfy constraint: Member must have value " + (limit < 1
                    ? "greater than or equal to 1" : "less than or equal to 100"));
        }
        String start = text(request, "ExclusiveStartTableName");
        Iterator<String> after = (start == null ? tables : tables.tailMap(start, false)).keySet().iterator();
        ObjectNode out = nodes.objectNode();
        ArrayNode names = out.putArray("TableNames");
        String last = null;
        while (after.hasNext() && names.size() < limit) {
            last = after.next();
            names.add(last);
        }
        if (after.hasNext()) {
            out.put("LastEvaluatedTableName", last);
        }
        return out;
    }

    private ObjectNode describeTable(JsonNode request) {
        String name = tableNameOf(required(request, "TableName", "tableName"));
        Table table = tables.get(name);
        if (table == null) {
            throw DynamoDbError.dynamoDb("ResourceNotFoundException", "Requested resource not found: Table: " + name + " not found");
        }
        ObjectNode out = nodes.objectNode();
        ObjectNode description = out.putObject("Table");
        description.putArray("AttributeDefinitions").addObject().put("AttributeName", KEY_ATTRIBUTE).put("AttributeType", "S");
        description.put("TableName", table.name);
        putKeySchema(description);
        description.put("TableStatus", "ACTIVE");
        description.put("CreationDateTime", AwsLimitsProxy.epochSeconds(table.created));
        description.putObject("ProvisionedThroughput").put("NumberOfDecreasesToday", 0).put("ReadCapacityUnits", 0)
                .put("WriteCapacityUnits", 0);
        description.put("TableSizeBytes", 0).put("ItemCount", 0).put("TableArn", table.arn).put("TableId", table.id);
        description.putObject("BillingModeSummary").put("BillingMode", "PAY_PER_REQUEST");
        description.put("DeletionProtectionEnabled", false);
        return out;
    }

    private ObjectNode createBackup(JsonNode request) {
        String tableName = tableNameOf(required(request, "TableName", "tableName"));
        String backupName = required(request, "BackupName", "backupName");
        DynamoDbError badName = nameError("backupName", backupName);
        if (badName != null) {
            throw badName;
        }
        Table table = tables.get(tableName);
        if (table == null) {
            throw DynamoDbError.dynamoDb("TableNotFoundException", "Table not found: " + tableName);
        }
        if (tablesCreating.contains(tableName)) {
            throw DynamoDbError.of(AwsLimitsProxy.Fault.BACKUP_IN_USE);
        }
        if (creating.size() >= maxConcurrentBackups) {
            throw DynamoDbError.of(AwsLimitsProxy.Fault.LIMIT_EXCEEDED);
        }
        Stored made = store(table, backupName, "USER", clock.get(), CREATING, 0);
        made.availableAtNanos = nanoTime.getAsLong() + creationDelay.toNanos();
        creating.add(made);
        tablesCreating.add(tableName);
        ObjectNode out = nodes.objectNode();
        out.set("BackupDetails", details(made)); // CREATING, as AWS answers, whatever the delay
        return out;
    }

    private ObjectNode describeBackup(JsonNode request) {
        ObjectNode out = nodes.objectNode();
        out.set("BackupDescription", description(existing(required(request, "BackupArn", "backupArn"))));
        return out;
    }

    private ObjectNode deleteBackup(JsonNode request) {
        Stored gone = existing(required(request, "BackupArn", "backupArn"));
        if (CREATING.equals(gone.status)) {
            throw DynamoDbError.of(AwsLimitsProxy.Fault.BACKUP_IN_USE);
        }
        byArn.remove(gone.arn);
        account.remove(gone);
        gone.table.backups.remove(gone);
        gone.status = DELETED;
        ObjectNode out = nodes.objectNode();
        out.set("BackupDescription", description(gone));
        return out;
    }

    private ObjectNode listBackups(JsonNode body, int defaultLimit) {
        BackupListing.Request request = BackupListing.Request.parse(body, defaultLimit);
        String table = request.tableName() == null ? null : tableNameOf(request.tableName());
        NavigableSet<BackupListing.Key> index = (table == null ? account : backupsOfTable(table)).selected(request.backupType());

        BackupListing.Key from = request.lowerBound() == null ? null : new BackupListing.Key(request.lowerBound(), "");
        boolean fromInclusive = true;
        if (request.exclusiveStartBackupArn() != null) {
            BackupListing.Key start = Optional.ofNullable(byArn.get(request.exclusiveStartBackupArn())).map(s -> s.key)
                    .orElseGet(() -> issuedCursors.get(request.exclusiveStartBackupArn()));
            if (start == null) {
                throw request.invalidStart();
            }
            if (from == null || start.compareTo(from) >= 0) {
                from = start;
                fromInclusive = false;
            }
        }
        // an ARN of "" sorts before every ARN: these keys stand for "created at that instant"
        BackupListing.Key to = request.upperBound() == null ? null : new BackupListing.Key(request.upperBound(), "");
        NavigableSet<BackupListing.Key> range;
        if (from != null && to != null) {
            range = from.compareTo(to) > 0 ? Collections.emptyNavigableSet() : index.subSet(from, fromInclusive, to, false);
        } else if (from != null) {
            range = index.tailSet(from, fromInclusive);
        } else if (to != null) {
            range = index.headSet(to, false);
        } else {
            range = index;
        }

        ObjectNode out = nodes.objectNode();
        ArrayNode summaries = out.putArray("BackupSummaries");
        List<String> arns = new ArrayList<>();
        Iterator<BackupListing.Key> keys = range.iterator();
        BackupListing.Key lastKey = null;
        while (keys.hasNext() && arns.size() < request.limit()) {
            lastKey = keys.next();
            Stored backup = byArn.get(lastKey.arn());
            summaries.add(summary(backup));
            arns.add(backup.arn);
        }
        String last = null;
        if (keys.hasNext()) {
            last = lastKey.arn();
            out.put("LastEvaluatedBackupArn", last);
            issuedCursors.put(last, lastKey);
        }
        listBackupsCalls.add(new ListBackupsCall(request.tableName(), request.backupType(), instant(request.lowerBound()),
                instant(request.upperBound()), request.limit(), request.exclusiveStartBackupArn(), List.copyOf(arns), last));
        return out;
    }

    // ---- shapes ---------------------------------------------------------------------------------

    private ObjectNode details(Stored backup) {
        return nodes.objectNode().put("BackupArn", backup.arn).put("BackupName", backup.name)
                .put("BackupSizeBytes", backup.sizeBytes).put("BackupStatus", backup.status).put("BackupType", backup.type)
                .put("BackupCreationDateTime", AwsLimitsProxy.epochSeconds(backup.created));
    }

    private ObjectNode summary(Stored backup) {
        return nodes.objectNode().put("TableName", backup.table.name).put("TableId", backup.table.id)
                .put("TableArn", backup.table.arn).put("BackupArn", backup.arn).put("BackupName", backup.name)
                .put("BackupCreationDateTime", AwsLimitsProxy.epochSeconds(backup.created))
                .put("BackupStatus", backup.status).put("BackupType", backup.type).put("BackupSizeBytes", backup.sizeBytes);
    }

    private ObjectNode description(Stored backup) {
        ObjectNode out = nodes.objectNode();
        out.set("BackupDetails", details(backup));
        ObjectNode source = out.putObject("SourceTableDetails").put("TableName", backup.table.name)
                .put("TableId", backup.table.id).put("TableArn", backup.table.arn).put("TableSizeBytes", 0);
        putKeySchema(source);
        source.put("TableCreationDateTime", AwsLimitsProxy.epochSeconds(backup.table.created));
        source.putObject("ProvisionedThroughput").put("ReadCapacityUnits", 0).put("WriteCapacityUnits", 0);
        source.put("ItemCount", 0).put("BillingMode", "PAY_PER_REQUEST");
        return out;
    }

    private static void putKeySchema(ObjectNode table) {
        table.putArray("KeySchema").addObject().put("AttributeName", KEY_ATTRIBUTE).put("KeyType", "HASH");
    }

    // ---- state ----------------------------------------------------------------------------------

    private Stored store(Table table, String name, String type, Instant at, String status, long sizeBytes) {
        Instant created = Instant.ofEpochMilli(at.toEpochMilli()); // DynamoDB reports milliseconds
        String arn;
        do {
            arn = backupArn(table, created);
        } while (byArn.containsKey(arn));
        Stored backup = new Stored(arn, name, table, type, created, status, sizeBytes);
        byArn.put(arn, backup);
        account.add(backup);
        table.backups.add(backup);
        return backup;
    }

    /** As AWS: the table's ARN, /backup/, the creation time in milliseconds as 14 digits, '-', 8 hex digits. */
    private String backupArn(Table table, Instant created) {
        String millis = Long.toString(created.toEpochMilli());
        String hex = Integer.toHexString(random.nextInt());
        StringBuilder arn = new StringBuilder(table.arn.length() + 32).append(table.arn).append("/backup/");
        arn.append("0".repeat(Math.max(0, 14 - millis.length()))).append(millis).append('-');
        return arn.append("0".repeat(8 - hex.length())).append(hex).toString();
    }

    /** Backups whose creation delay has passed are AVAILABLE. */
    private void promoteFinished() {
        long now = nanoTime.getAsLong();
        while (!creating.isEmpty() && creating.peek().availableAtNanos - now <= 0) {
            Stored done = creating.poll();
            done.status = AVAILABLE;
            done.sizeBytes = AVAILABLE_SIZE_BYTES;
            tablesCreating.remove(done.table.name);
        }
    }

    private Stored existing(String arn) {
        Stored backup = byArn.get(arn);
        if (backup == null) {
            throw DynamoDbError.dynamoDb("BackupNotFoundException", "Backup not found: " + arn);
        }
        return backup;
    }

    private Table tableNamed(String name, Instant ifNew) {
        Table table = tables.get(name);
        return table != null ? table : goneTables.computeIfAbsent(name, n -> new Table(n, ifNew));
    }

    /** The backups of a table, whether it exists, existed, or never did (then none). */
    private Index backupsOfTable(String name) {
        Table table = tables.containsKey(name) ? tables.get(name) : goneTables.get(name);
        return table == null ? new Index() : table.backups;
    }

    // ---- requests -------------------------------------------------------------------------------

    /** A table's name, also when given as its ARN (the API accepts both). */
    private static String tableNameOf(String nameOrArn) {
        int at = nameOrArn.startsWith("arn:") ? nameOrArn.indexOf(":table/") : -1;
        return at < 0 ? nameOrArn : nameOrArn.substring(at + ":table/".length());
    }

    private static String required(JsonNode request, String field, String member) {
        String value = text(request, field);
        if (value == null) {
            throw DynamoDbError.validation("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static String text(JsonNode request, String field) {
        return request.hasNonNull(field) ? request.get(field).asText() : null;
    }

    /** AWS's ValidationException for a table or backup name outside 3..255 characters of [a-zA-Z0-9_.-], or null. */
    private static DynamoDbError nameError(String member, String name) {
        String constraint = name.length() < 3 ? "Member must have length greater than or equal to 3"
                : name.length() > 255 ? "Member must have length less than or equal to 255"
                : !NAME.matcher(name).matches() ? "Member must satisfy regular expression pattern: " + NAME.pattern()
                : null;
        return constraint == null ? null : DynamoDbError.validation("1 validation error detected: Value '" + name
                + "' at '" + member + "' failed to satisfy constraint: " + constraint);
    }

    private static void requireName(String member, String name) {
        Objects.requireNonNull(name, member);
        DynamoDbError bad = nameError(member, name);
        if (bad != null) {
            throw new IllegalArgumentException("bad " + member + ": " + bad.getMessage());
        }
    }

    private static Instant instant(BigDecimal epochSeconds) {
        if (epochSeconds == null) {
            return null;
        }
        BigDecimal seconds = epochSeconds.setScale(0, RoundingMode.FLOOR);
        return Instant.ofEpochSecond(seconds.longValueExact(), epochSeconds.subtract(seconds).movePointRight(9).intValue());
    }
}
