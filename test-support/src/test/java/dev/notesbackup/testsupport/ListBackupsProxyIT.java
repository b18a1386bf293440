package dev.notesbackup.testsupport;

import static dev.notesbackup.testsupport.MotoServerIT.createTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;

class ListBackupsProxyIT extends ProxyOnMoto {
    private static final Instant DAY0 = Instant.parse("2024-03-01T02:00:00.123Z");

    private List<String> createBackups(String table, int n) {
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = table + "-" + i;
            arns.add(dynamo.createBackup(b -> b.tableName(table).backupName(name)).backupDetails().backupArn());
        }
        return arns;
    }

    /** Follows LastEvaluatedBackupArn to the end; returns the pages. */
    private List<List<BackupSummary>> pages(Consumer<ListBackupsRequest.Builder> request) {
        return ListBackupsPages.pages(dynamo, request, 100);
    }

    private static List<String> arns(List<List<BackupSummary>> pages) {
        return pages.stream().flatMap(List::stream).map(BackupSummary::backupArn).toList();
    }

    private List<String> listedArns(Consumer<ListBackupsRequest.Builder> request) {
        return arns(pages(request));
    }

    @Test
    void paging_returnsEveryBackupExactlyOnce_acrossPages_inCreationOrder() {
        createTable(dynamo, "notes");
        createTable(dynamo, "replies");
        List<String> notes = createBackups("notes", 25);
        List<String> replies = createBackups("replies", 3);

        List<List<BackupSummary>> byTable = pages(b -> b.tableName("notes").limit(10));
        assertThat(byTable).extracting(List::size).containsExactly(10, 10, 5);
        assertThat(arns(byTable)).containsExactlyElementsOf(notes); // created in this order
        assertThat(byTable.stream().flatMap(List::stream).map(BackupSummary::backupCreationDateTime).toList())
                .isSortedAccordingTo(Comparator.naturalOrder());

        List<List<BackupSummary>> all = pages(b -> b.limit(7));
        assertThat(all).hasSize(4);
        assertThat(arns(all)).hasSize(28).doesNotHaveDuplicates().containsAll(notes).containsAll(replies);

        assertThat(pages(b -> b.limit(28))).hasSize(1); // a full last page has no cursor
        assertThat(proxy.stats("ListBackups").forwarded()).isEqualTo(3 + 4 + 1);
    }

    @Test
    void paging_defaultsTo100_orTheConfiguredPageSize() {
        createTable(dynamo, "notes");
        List<String> arns = createBackups("notes", 10);
        assertThat(pages(b -> { })).hasSize(1);

        proxy.defaultListBackupsLimit(4);
        List<List<BackupSummary>> pages = pages(b -> { });
        assertThat(pages).extracting(List::size).containsExactly(4, 4, 2);
        assertThat(arns(pages)).containsExactlyElementsOf(arns);
    }

    @Test
    void paging_continues_whenTheLastEvaluatedBackupWasDeletedMeanwhile() {
        createTable(dynamo, "notes");
        List<String> arns = createBackups("notes", 12);
        ListBackupsResponse first = dynamo.listBackups(b -> b.limit(5));
        assertThat(first.lastEvaluatedBackupArn()).isEqualTo(arns.get(4));

        dynamo.deleteBackup(b -> b.backupArn(arns.get(4)));
        dynamo.deleteBackup(b -> b.backupArn(arns.get(5)));
        ListBackupsResponse second = dynamo.listBackups(b -> b.limit(5).exclusiveStartBackupArn(arns.get(4)));
        assertThat(second.backupSummaries()).extracting(BackupSummary::backupArn).containsExactlyElementsOf(arns.subList(6, 11));
    }

    @Test
    void limitOutOfRange_isAValidationError() {
        for (int limit : new int[] {0, 101}) {
            assertThatThrownBy(() -> dynamo.listBackups(b -> b.limit(limit)))
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    });
        }
        assertThatThrownBy(() -> dynamo.listBackups(b -> b.exclusiveStartBackupArn("arn:aws:dynamodb:us-east-1:123456789012:table/x/backup/nope")))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void backupTypeFilter_defaultsToUser() {
        createTable(dynamo, "notes");
        List<String> arns = createBackups("notes", 3); // moto makes USER backups only
        assertThat(listedArns(b -> { })).containsExactlyElementsOf(arns);
        assertThat(listedArns(b -> b.backupType(BackupTypeFilter.USER))).containsExactlyElementsOf(arns);
        assertThat(listedArns(b -> b.backupType(BackupTypeFilter.ALL))).containsExactlyElementsOf(arns);
        assertThat(listedArns(b -> b.backupType(BackupTypeFilter.SYSTEM))).isEmpty();
        assertThat(listedArns(b -> b.backupType(BackupTypeFilter.AWS_BACKUP))).isEmpty();
    }

    @Test
    void withPagingOff_motoIgnoresLimitAndFilters() {
        createTable(dynamo, "notes");
        createBackups("notes", 3);
        proxy.pageListBackups(false);
        ListBackupsResponse response = dynamo.listBackups(b -> b.limit(1).backupType(BackupTypeFilter.SYSTEM)
                .timeRangeLowerBound(Instant.now().plus(Duration.ofDays(1))));
        assertThat(response.backupSummaries()).hasSize(3);
        assertThat(response.lastEvaluatedBackupArn()).isNull();
    }

    @Test
    void virtualClock_stampsBackupsCreatedThroughTheProxy_andTimeFiltersUseIt() {
        createTable(dynamo, "notes");
        AtomicReference<Instant> now = new AtomicReference<>(DAY0);
        proxy.virtualClock(now::get);
        List<String> arns = new ArrayList<>();
        for (int day = 0; day < 3; day++) {
            int d = day;
            var details = dynamo.createBackup(b -> b.tableName("notes").backupName("day" + d)).backupDetails();
            assertThat(details.backupCreationDateTime()).isEqualTo(now.get());
            arns.add(details.backupArn());
            now.set(now.get().plus(Duration.ofDays(1)));
        }
        now.set(DAY0.minus(Duration.ofDays(1))); // created last, but virtually the oldest
        String older = dynamo.createBackup(b -> b.tableName("notes").backupName("older")).backupDetails().backupArn();

        Instant day1 = DAY0.plus(Duration.ofDays(1));
        Instant day2 = DAY0.plus(Duration.ofDays(2));
        assertThat(dynamo.listBackups(b -> b.tableName("notes")).backupSummaries())
                .extracting(BackupSummary::backupArn, BackupSummary::backupCreationDateTime)
                .extracting(t -> t.toList())
                .containsExactly(List.of(older, DAY0.minus(Duration.ofDays(1))), List.of(arns.get(0), DAY0),
                        List.of(arns.get(1), day1), List.of(arns.get(2), day2));
        assertThat(listedArns(b -> b.timeRangeLowerBound(day1))).containsExactly(arns.get(1), arns.get(2)); // inclusive
        assertThat(listedArns(b -> b.timeRangeUpperBound(day1))).containsExactly(older, arns.get(0)); // exclusive
        assertThat(listedArns(b -> b.timeRangeLowerBound(day1.minusMillis(1)).timeRangeUpperBound(day1.plusMillis(1))))
                .containsExactly(arns.get(1));
        assertThat(arns(pages(b -> b.limit(1).timeRangeLowerBound(DAY0)))).containsExactlyElementsOf(arns);

        assertThat(dynamo.describeBackup(b -> b.backupArn(arns.get(1))).backupDescription().backupDetails()
                .backupCreationDateTime()).isEqualTo(day1);
        assertThat(dynamo.deleteBackup(b -> b.backupArn(arns.get(2))).backupDescription().backupDetails()
                .backupCreationDateTime()).isEqualTo(day2);
        assertThat(proxy.backupTime(arns.get(0))).isEqualTo(DAY0);
    }

    @Test
    void rewrittenTimes_keepDynamoDbsFormat_epochSecondsWithMillis() throws Exception {
        createTable(dynamo, "notes");
        proxy.virtualClock(() -> Instant.parse("2024-03-01T02:00:00.120Z"));
        dynamo.createBackup(b -> b.tableName("notes").backupName("b"));
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(proxy.endpoint())
                        .header("X-Amz-Target", "DynamoDB_20120810.ListBackups")
                        .header("Content-Type", AwsLimitsProxy.CONTENT_TYPE)
                        // moto picks the service from the credential scope
                        .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20240301/us-east-1/dynamodb/aws4_request,"
                                + " SignedHeaders=host, Signature=0")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"Limit\": 5}")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(body).contains("\"BackupCreationDateTime\":1709258400.120")
                .contains("\"BackupSizeBytes\":123");
    }

    @Test
    void seedBackupTime_rewritesABackupMadeBehindTheProxysBack() {
        String arn;
        try (DynamoDbClient direct = LocalAws.dynamoDb(moto.endpoint())) {
            createTable(direct, "notes");
            arn = direct.createBackup(b -> b.tableName("notes").backupName("old")).backupDetails().backupArn();
        }
        Instant created = Instant.parse("2020-01-01T00:00:00Z");
        proxy.seedBackupTime(arn, created);

        assertThat(dynamo.listBackups(b -> b.tableName("notes")).backupSummaries())
                .singleElement().extracting(BackupSummary::backupCreationDateTime).isEqualTo(created);
        assertThat(listedArns(b -> b.timeRangeLowerBound(Instant.parse("2021-01-01T00:00:00Z")))).isEmpty();
        assertThat(listedArns(b -> b.timeRangeUpperBound(Instant.parse("2020-01-01T00:00:00.001Z")))).containsExactly(arn);
        assertThat(new HashSet<>(listedArns(b -> { }))).containsExactly(arn);
    }
}
