package dev.notesbackup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notesbackup.testsupport.AwsLimitsProxy.Fault;
import dev.notesbackup.testsupport.AwsLimitsProxy.OpStats;
import dev.notesbackup.testsupport.InMemoryBackupPlane.Backup;
import dev.notesbackup.testsupport.InMemoryBackupPlane.ListBackupsCall;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupInUseException;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;

/** The in-memory plane over real HTTP with the SDK: what moto cannot show (delays, limits, scale). */
class InMemoryBackupPlaneTest {
    private static final Instant DAY0 = Instant.parse("2026-11-01T03:00:00Z");
    private static final String ARN_SHAPE = "arn:aws:dynamodb:us-east-1:123456789012:table/%s/backup/\\d{14}-[0-9a-f]{8}";

    private final AtomicLong nanos = new AtomicLong();
    private final InMemoryBackupPlane plane = new InMemoryBackupPlane(nanos::get);
    private final AwsLimitsProxy proxy = AwsLimitsProxy.inMemory(plane);
    private final DynamoDbClient dynamo = LocalAws.dynamoDb(proxy.endpoint());

    @AfterEach
    void stop() {
        dynamo.close();
        proxy.close();
    }

    /** Follows LastEvaluatedBackupArn to the end; returns the pages. */
    private List<List<BackupSummary>> pages(Consumer<ListBackupsRequest.Builder> request) {
        return ListBackupsPages.pages(dynamo, request, 10_000);
    }

    private List<String> listed(Consumer<ListBackupsRequest.Builder> request) {
        return pages(request).stream().flatMap(List::stream).map(BackupSummary::backupArn).toList();
    }

    @Test
    void createBackup_answersCreating_withAwssArnShape_thenAvailable() {
        plane.addTable("notes");
        proxy.virtualClock(() -> DAY0.plusMillis(123));
        BackupDetails made = dynamo.createBackup(b -> b.tableName("notes").backupName("nightly")).backupDetails();

        assertThat(made.backupArn()).matches(String.format(ARN_SHAPE, "notes"))
                .contains("/backup/0" + DAY0.plusMillis(123).toEpochMilli() + "-"); // AWS: the creation time in ms
        assertThat(made.backupStatusAsString()).isEqualTo("CREATING");
        assertThat(made.backupTypeAsString()).isEqualTo("USER");
        assertThat(made.backupSizeBytes()).isZero();
        assertThat(made.backupCreationDateTime()).isEqualTo(DAY0.plusMillis(123));

        var described = dynamo.describeBackup(b -> b.backupArn(made.backupArn())).backupDescription();
        assertThat(described.backupDetails().backupStatusAsString()).isEqualTo("AVAILABLE"); // delay 0
        assertThat(described.backupDetails().backupSizeBytes()).isEqualTo(InMemoryBackupPlane.AVAILABLE_SIZE_BYTES);
        assertThat(described.sourceTableDetails().tableName()).isEqualTo("notes");
        assertThat(described.sourceTableDetails().tableArn()).isEqualTo(InMemoryBackupPlane.tableArn("notes"));
        assertThat(described.sourceTableDetails().keySchema()).singleElement()
                .satisfies(k -> assertThat(k.attributeName() + " " + k.keyType()).isEqualTo("id HASH"));
        assertThat(proxy.backupTime(made.backupArn())).isEqualTo(DAY0.plusMillis(123));
        assertThat(plane.backupsOf("notes")).extracting(Backup::name, Backup::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("nightly", "AVAILABLE"));
    }

    @Test
    void createBackup_onAMissingTable_isTableNotFound_andABadName_aValidationError() {
        assertThatThrownBy(() -> dynamo.createBackup(b -> b.tableName("none").backupName("nightly")))
                .isInstanceOfSatisfying(TableNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Table not found: none");
                });
        plane.addTable("notes");
        for (String bad : List.of("ab", "a b c", "x".repeat(256))) {
            assertThatThrownBy(() -> dynamo.createBackup(b -> b.tableName("notes").backupName(bad)))
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.getMessage()).contains("backupName");
                    });
        }
        assertThat(plane.backupCount()).isZero();
    }

    @Test
    void aCreatingBackup_cannotBeDeleted_norItsTableBackedUpAgain_untilTheDelayPasses() {
        plane.addTables(List.of("notes", "replies")).creationDelay(Duration.ofSeconds(30));
        String arn = dynamo.createBackup(b -> b.tableName("notes").backupName("one")).backupDetails().backupArn();

        assertThat(dynamo.describeBackup(b -> b.backupArn(arn)).backupDescription().backupDetails().backupStatusAsString())
                .isEqualTo("CREATING");
        assertThatThrownBy(() -> dynamo.deleteBackup(b -> b.backupArn(arn))).isInstanceOfSatisfying(BackupInUseException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage()).startsWith("There is another ongoing conflicting backup"));
        assertThatThrownBy(() -> dynamo.createBackup(b -> b.tableName("notes").backupName("two")))
                .isInstanceOf(BackupInUseException.class);
        dynamo.createBackup(b -> b.tableName("replies").backupName("two")); // another table is another matter

        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(dynamo.listBackups(b -> b.tableName("notes")).backupSummaries())
                .singleElement().extracting(BackupSummary::backupStatusAsString).isEqualTo("AVAILABLE");
        var deleted = dynamo.deleteBackup(b -> b.backupArn(arn)).backupDescription();
        assertThat(deleted.backupDetails().backupStatusAsString()).isEqualTo("DELETED");
        assertThat(deleted.backupDetails().backupName()).isEqualTo("one");
        dynamo.createBackup(b -> b.tableName("notes").backupName("three"));
    }

    @Test
    void backupsInProgress_areLimitedAccountWide_limitExceeded() {
        List<String> tables = plane.addTables("tbl-", 4);
        plane.creationDelay(Duration.ofSeconds(5)).maxConcurrentBackups(3);
        for (int i = 0; i < 3; i++) {
            String table = tables.get(i);
            dynamo.createBackup(b -> b.tableName(table).backupName("b-" + table));
        }
        assertThatThrownBy(() -> dynamo.createBackup(b -> b.tableName(tables.get(3)).backupName("b-last")))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThat(plane.backupCount()).isEqualTo(3);

        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        dynamo.createBackup(b -> b.tableName(tables.get(3)).backupName("b-last"));
        assertThat(plane.backupCount()).isEqualTo(4);
    }

    @Test
    void describeAndDeleteOfAnUnknownBackup_areBackupNotFound() {
        String arn = InMemoryBackupPlane.tableArn("notes") + "/backup/01700000000000-0000abcd";
        assertThatThrownBy(() -> dynamo.describeBackup(b -> b.backupArn(arn))).isInstanceOfSatisfying(BackupNotFoundException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Backup not found: " + arn));
        assertThatThrownBy(() -> dynamo.deleteBackup(b -> b.backupArn(arn))).isInstanceOf(BackupNotFoundException.class);
    }

    @Test
    void tables_listInNameOrder_pageByLimit_andDescribeAsActive() {
        List<String> names = plane.addTables("table-", 250);
        assertThat(dynamo.listTablesPaginator(b -> b.limit(40)).tableNames()).containsExactlyElementsOf(names);
        assertThat(dynamo.listTables(b -> b.exclusiveStartTableName("table-249x")).tableNames()).isEmpty();
        assertThat(dynamo.listTables(b -> b.exclusiveStartTableName("table-099x").limit(2)).tableNames())
                .containsExactly("table-100", "table-101"); // AWS: the names after it, whether or not it exists
        var first = dynamo.listTables();
        assertThat(first.tableNames()).hasSize(100);
        assertThat(first.lastEvaluatedTableName()).isEqualTo("table-099");
        for (int limit : new int[] {0, 101}) {
            assertThatThrownBy(() -> dynamo.listTables(b -> b.limit(limit))).isInstanceOfSatisfying(DynamoDbException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        }
        proxy.listTablesPageSize(30);
        assertThat(dynamo.listTables().tableNames()).hasSize(30);

        TableDescription table = dynamo.describeTable(b -> b.tableName("table-007")).table();
        assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(table.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:123456789012:table/table-007");
        assertThat(table.keySchema()).singleElement().satisfies(k -> {
            assertThat(k.attributeName()).isEqualTo("id");
            assertThat(k.keyType()).isEqualTo(KeyType.HASH);
        });
        assertThatThrownBy(() -> dynamo.describeTable(b -> b.tableName("none"))).isInstanceOfSatisfying(ResourceNotFoundException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found: Table: none not found"));
        plane.dropTable("table-007");
        assertThatThrownBy(() -> dynamo.describeTable(b -> b.tableName("table-007"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void otherOperations_areUnknownOperations_namingTheOperation() throws Exception {
        assertThatThrownBy(() -> dynamo.createTable(b -> b.tableName("notes")
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S")).billingMode("PAY_PER_REQUEST")))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("CreateTable");
                });
        HttpResponse<String> other = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(proxy.endpoint().resolve("/moto-api/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(other.body()).contains("UnknownOperationException").contains("POST /moto-api/reset");
        assertThat(proxy.stats("CreateTable")).isEqualTo(new OpStats(1, 1, 0, 0));
    }

    @Test
    void listBackups_filtersByType_userByDefault() {
        plane.addTable("notes");
        String user = plane.addBackup("notes", "ours", DAY0).arn();
        String system = plane.addBackup("notes", "notes$DeletedTableBackup", DAY0.plusSeconds(1), "SYSTEM").arn();
        String awsBackup = plane.addBackup("notes", "vault-copy", DAY0.plusSeconds(2), "AWS_BACKUP").arn();

        assertThat(listed(b -> b.tableName("notes"))).containsExactly(user);
        assertThat(listed(b -> b.backupType(BackupTypeFilter.USER))).containsExactly(user);
        assertThat(listed(b -> b.backupType(BackupTypeFilter.SYSTEM))).containsExactly(system);
        assertThat(listed(b -> b.backupType(BackupTypeFilter.AWS_BACKUP))).containsExactly(awsBackup);
        assertThat(listed(b -> b.tableName("notes").backupType(BackupTypeFilter.ALL).limit(1))).containsExactly(user, system, awsBackup);
        assertThat(listed(b -> b.tableName(InMemoryBackupPlane.tableArn("notes")))).containsExactly(user); // a table's ARN works too
        assertThat(listed(b -> b.tableName("none"))).isEmpty();
    }

    @Test
    void listBackups_timeBounds_lowerInclusive_upperExclusive() {
        plane.addTable("notes");
        List<String> arns = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            arns.add(plane.addBackup("notes", "day" + day, DAY0.plus(Duration.ofDays(day))).arn());
        }
        Instant day1 = DAY0.plus(Duration.ofDays(1));
        Instant day3 = DAY0.plus(Duration.ofDays(3));
        assertThat(listed(b -> b.timeRangeLowerBound(day3))).containsExactly(arns.get(3), arns.get(4));
        assertThat(listed(b -> b.timeRangeUpperBound(day1))).containsExactly(arns.get(0));
        assertThat(listed(b -> b.timeRangeLowerBound(day1).timeRangeUpperBound(day3).limit(1))).containsExactly(arns.get(1), arns.get(2));
        assertThat(listed(b -> b.timeRangeLowerBound(day3).timeRangeUpperBound(day1))).isEmpty();
        assertThat(listed(b -> b.timeRangeLowerBound(day1).timeRangeUpperBound(day1))).isEmpty();
        assertThat(listed(b -> b.timeRangeLowerBound(day1.minusMillis(1)).timeRangeUpperBound(day1.plusMillis(1)))).containsExactly(arns.get(1));

        // a start before the lower bound does not widen it; one past it narrows it
        assertThat(dynamo.listBackups(b -> b.timeRangeLowerBound(day3).exclusiveStartBackupArn(arns.get(0))).backupSummaries())
                .extracting(BackupSummary::backupArn).containsExactly(arns.get(3), arns.get(4));
        assertThat(dynamo.listBackups(b -> b.timeRangeLowerBound(day1).exclusiveStartBackupArn(arns.get(3))).backupSummaries())
                .extracting(BackupSummary::backupArn).containsExactly(arns.get(4));
    }

    @Test
    void listBackups_resumesAfterADeletedCursor_andRefusesAnUnknownOne() {
        plane.addTable("notes");
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            arns.add(plane.addBackup("notes", "bk-" + i, DAY0.plusSeconds(i)).arn());
        }
        ListBackupsResponse first = dynamo.listBackups(b -> b.limit(5));
        assertThat(first.lastEvaluatedBackupArn()).isEqualTo(arns.get(4));
        dynamo.deleteBackup(b -> b.backupArn(arns.get(4)));
        dynamo.deleteBackup(b -> b.backupArn(arns.get(5)));
        assertThat(dynamo.listBackups(b -> b.limit(5).exclusiveStartBackupArn(arns.get(4))).backupSummaries())
                .extracting(BackupSummary::backupArn).containsExactlyElementsOf(arns.subList(6, 11));
        assertThat(dynamo.listBackups(b -> b.limit(7).exclusiveStartBackupArn(arns.get(4))).lastEvaluatedBackupArn())
                .as("a full last page has no cursor").isNull();

        String unknown = InMemoryBackupPlane.tableArn("notes") + "/backup/01700000000000-0000abcd";
        for (Consumer<ListBackupsRequest.Builder> bad : List.<Consumer<ListBackupsRequest.Builder>>of(b -> b.limit(0),
                b -> b.limit(101), b -> b.exclusiveStartBackupArn(unknown))) {
            assertThatThrownBy(() -> dynamo.listBackups(bad)).isInstanceOfSatisfying(DynamoDbException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            });
        }
    }

    /**
     * 20,000 backups over 200 tables, many created in the same millisecond: every page of the
     * account-wide listing holds 100 backups, each backup is listed exactly once, in order, and
     * random filtered listings at small pages return what a plain filter over all backups returns.
     */
    @Test
    void paging_atScale_listsEveryBackupExactlyOnce_andFiltersAsAFullScanWould() {
        List<String> tables = plane.addTables("scale-", 200);
        Random random = new Random(7);
        List<Backup> all = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Instant created = DAY0.plusSeconds(random.nextInt(40 * 86_400 / 60) * 60L); // a minute grid: many ties
            String type = random.nextInt(20) == 0 ? "SYSTEM" : "USER";
            all.add(plane.addBackup(tables.get(random.nextInt(tables.size())), "bk-" + i, created, type));
        }
        List<Backup> users = all.stream().filter(b -> b.type().equals("USER")).sorted(InMemoryBackupPlaneTest::listingOrder).toList();

        plane.clearListBackupsCalls();
        List<List<BackupSummary>> pages = pages(b -> { });
        assertThat(pages).hasSize((users.size() + 99) / 100);
        assertThat(pages.subList(0, pages.size() - 1)).allSatisfy(page -> assertThat(page).hasSize(100));
        List<String> arns = pages.stream().flatMap(List::stream).map(BackupSummary::backupArn).toList();
        assertThat(arns).doesNotHaveDuplicates().containsExactlyElementsOf(users.stream().map(Backup::arn).toList());

        List<ListBackupsCall> calls = plane.listBackupsCalls();
        assertThat(calls).hasSize(pages.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i).exclusiveStartBackupArn()).isEqualTo(i == 0 ? null : calls.get(i - 1).lastEvaluatedBackupArn());
            assertThat(calls.get(i).backupArns()).allMatch(seen::add);
        }
        assertThat(seen).hasSize(users.size());

        int nonEmpty = 0;
        for (int q = 0; q < 30; q++) {
            String table = random.nextBoolean() ? tables.get(random.nextInt(tables.size())) : null;
            BackupTypeFilter type = List.of(BackupTypeFilter.USER, BackupTypeFilter.SYSTEM, BackupTypeFilter.ALL).get(random.nextInt(3));
            Instant lower = table != null && random.nextBoolean() ? null : DAY0.plus(Duration.ofMinutes(random.nextInt(40 * 1440)));
            // account-wide: a window of up to two days, as the run asks for (a few pages over HTTP, not hundreds)
            Instant upper = table != null ? (random.nextBoolean() ? DAY0.plus(Duration.ofMinutes(random.nextInt(40 * 1440))) : null)
                    : lower.plus(Duration.ofMinutes(random.nextInt(2 * 1440)));
            int limit = table == null ? 20 + random.nextInt(81) : 1 + random.nextInt(7); // small pages where they are few
            List<String> expected = all.stream()
                    .filter(b -> table == null || b.tableName().equals(table))
                    .filter(b -> type == BackupTypeFilter.ALL || b.type().equals(type.toString()))
                    .filter(b -> lower == null || !b.created().isBefore(lower))
                    .filter(b -> upper == null || b.created().isBefore(upper))
                    .sorted(InMemoryBackupPlaneTest::listingOrder).map(Backup::arn).toList();
            assertThat(listed(b -> b.tableName(table).backupType(type).timeRangeLowerBound(lower).timeRangeUpperBound(upper).limit(limit)))
                    .as("table %s, type %s, [%s, %s), limit %d", table, type, lower, upper, limit)
                    .containsExactlyElementsOf(expected);
            nonEmpty += expected.isEmpty() ? 0 : 1;
        }
        assertThat(nonEmpty).as("queries that select something").isGreaterThan(15);
        assertThat(plane.backupCount()).isEqualTo(20_000);
        assertThat(tables.stream().mapToInt(plane::backupCount).sum()).isEqualTo(20_000);
    }

    private static int listingOrder(Backup a, Backup b) {
        int byTime = a.created().compareTo(b.created());
        return byTime != 0 ? byTime : a.arn().compareTo(b.arn());
    }

    @Test
    void theProxysRulesApply_inMemoryToo() {
        List<String> tables = plane.addTables("tbl-", 3);
        proxy.awsBackupLimits();
        List<Throwable> errors = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            try {
                dynamo.listBackups(b -> b.limit(1));
            } catch (DynamoDbException e) {
                errors.add(e);
            }
        }
        assertThat(errors).isNotEmpty().allSatisfy(e -> assertThat(e).isInstanceOf(ThrottlingException.class));
        assertThat(proxy.stats("ListBackups").throttled()).isEqualTo(errors.size());
        assertThat(plane.listBackupsCalls()).hasSize(12 - errors.size()); // throttled calls never reach the plane

        proxy.clearRules().faultOnCall("CreateBackup", Fault.INTERNAL_ERROR_AFTER_FORWARD, 1)
                .faultOnCall("CreateBackup", Fault.INTERNAL_ERROR, 2);
        assertThatThrownBy(() -> dynamo.createBackup(b -> b.tableName(tables.get(0)).backupName("made")))
                .isInstanceOf(InternalServerErrorException.class);
        assertThatThrownBy(() -> dynamo.createBackup(b -> b.tableName(tables.get(1)).backupName("not-made")))
                .isInstanceOf(InternalServerErrorException.class);
        assertThat(plane.backupsOf(tables.get(0))).extracting(Backup::name).containsExactly("made");
        assertThat(plane.backupsOf(tables.get(1))).isEmpty();
        assertThat(proxy.stats("CreateBackup")).isEqualTo(new OpStats(2, 1, 0, 2));

        AtomicReference<Instant> now = new AtomicReference<>(DAY0);
        proxy.virtualClock(now::get);
        dynamo.createBackup(b -> b.tableName(tables.get(2)).backupName("virtual"));
        assertThat(plane.backupsOf(tables.get(2))).singleElement().extracting(Backup::created).isEqualTo(DAY0);
        assertThatThrownBy(() -> proxy.seedBackupTime("arn", DAY0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plane().addBackup");

        proxy.defaultListBackupsLimit(1);
        assertThat(dynamo.listBackups(b -> { }).backupSummaries()).hasSize(1);
        assertThat(plane.listBackupsCalls().get(plane.listBackupsCalls().size() - 1).limit()).isEqualTo(1);
    }

    @Test
    void callsFromManyThreads_makeEveryBackupOnce() throws Exception {
        List<String> tables = plane.addTables("con-", 400);
        Set<String> arns = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (DynamoDbClient client = LocalAws.dynamoDb(proxy.endpoint())) {
            List<Future<?>> done = new ArrayList<>();
            for (String table : tables) {
                done.add(pool.submit(() -> {
                    arns.add(client.createBackup(b -> b.tableName(table).backupName("slot")).backupDetails().backupArn());
                    client.listBackups(b -> b.tableName(table));
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(arns).hasSize(400);
        assertThat(plane.backupCount()).isEqualTo(400);
        assertThat(listed(b -> { })).containsExactlyInAnyOrderElementsOf(arns);
    }

    @Test
    void seeding_refusesBadNamesAndTypes_withTheConstraint() {
        assertThatThrownBy(() -> plane.addTable("a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tableName").hasMessageContaining("greater than or equal to 3");
        assertThatThrownBy(() -> plane.addBackup("notes", "ok-name", DAY0, "DAILY")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("USER");
        assertThatThrownBy(() -> plane.addBackup("notes", "not ours", DAY0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backupName");
        plane.addBackup("notes", "notes$DeletedTableBackup", DAY0, "SYSTEM"); // DynamoDB names its own backups so
        assertThatThrownBy(() -> plane.dropTable("none")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none");
    }
}
