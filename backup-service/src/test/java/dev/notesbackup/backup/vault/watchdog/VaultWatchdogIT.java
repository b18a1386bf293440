package dev.notesbackup.backup.vault.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.notesbackup.backup.vault.ExportCompletion;
import dev.notesbackup.backup.vault.VaultJson;
import dev.notesbackup.backup.vault.VaultLayout;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The watchdog against moto through the real SDK: a vault bucket made as the vault template makes
 * it (versioning and Object Lock), completion files written through S3, and the topic's message
 * delivered by moto's SNS to an HTTP subscription of this test (moto posts it during Publish, so
 * "no message" is known when check() returns). Staleness is real time: moto stamps each object's
 * LastModified with the wall clock, which the watchdog uses as the latest time a file may claim.
 */
@ExtendWith(MotoExtension.class)
class VaultWatchdogIT {
    static final String BUCKET = "notes-backup-vault-it";
    static final String APP = "111111111111";
    static final Duration MAX = Duration.ofHours(30);
    static final ObjectMapper JSON = new ObjectMapper();

    S3Client s3;
    SnsClient sns;
    DynamoDbClient dynamo;
    HttpServer subscriber;
    final List<JsonNode> delivered = new CopyOnWriteArrayList<>();
    final List<String> lines = new CopyOnWriteArrayList<>();
    String topicArn;

    @BeforeEach
    void vault(MotoServer moto) throws IOException {
        s3 = LocalAws.client(S3Client.builder().forcePathStyle(true), moto.endpoint(), LocalAws.noRetries());
        sns = LocalAws.client(SnsClient.builder(), moto.endpoint(), LocalAws.noRetries());
        dynamo = LocalAws.dynamoDb(moto.endpoint());
        s3.createBucket(r -> r.bucket(BUCKET).objectLockEnabledForBucket(true));
        assertThat(s3.getObjectLockConfiguration(r -> r.bucket(BUCKET)).objectLockConfiguration().objectLockEnabled())
                .isEqualTo(ObjectLockEnabled.ENABLED);
        subscriber = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        subscriber.createContext("/sns", exchange -> {
            delivered.add(JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        subscriber.start();
        topicArn = sns.createTopic(r -> r.name("vault-watchdog")).topicArn();
        sns.subscribe(r -> r.topicArn(topicArn).protocol("http")
                .endpoint("http://127.0.0.1:" + subscriber.getAddress().getPort() + "/sns"));
    }

    @AfterEach
    void close() {
        subscriber.stop(0);
        s3.close();
        sns.close();
        dynamo.close();
    }

    VaultWatchdog watchdog(Set<VaultTable> expected) {
        return new VaultWatchdog(s3, sns, Clock.systemUTC(), new WatchdogConfig(BUCKET, topicArn, MAX, expected), lines::add);
    }

    void completion(String table, Instant slot, String status, Instant exportTime) {
        ExportCompletion completion = new ExportCompletion(ExportCompletion.FORMAT_VERSION,
                "arn:aws:dynamodb:us-east-1:" + APP + ":table/" + table + "/export/01-" + table, status, exportTime,
                exportTime, exportTime.plusSeconds(60), 3L, 300L, null, null);
        s3.putObject(r -> r.bucket(BUCKET).key(VaultLayout.completionKey(APP, table, slot)),
                RequestBody.fromBytes(VaultJson.write(completion)));
    }

    /** DynamoDB's summary file, by AWS's documented layout (moto's export does not write one). */
    void manifestSummary(String table, Instant slot, Instant exportTime) {
        String exportArn = "arn:aws:dynamodb:us-east-1:" + APP + ":table/" + table + "/export/01234567890123-a1b2c3d4";
        String summary = "{\"version\":\"2020-06-30\",\"exportArn\":\"" + exportArn + "\",\"startTime\":\"" + exportTime
                + "\",\"endTime\":\"" + exportTime.plusSeconds(300) + "\",\"tableArn\":\"arn:aws:dynamodb:us-east-1:" + APP
                + ":table/" + table + "\",\"exportTime\":\"" + exportTime + "\",\"s3Bucket\":\"" + BUCKET + "\",\"s3Prefix\":\""
                + VaultLayout.slotFolder(APP, table, slot) + "\",\"s3SseAlgorithm\":\"AES256\",\"itemCount\":3,"
                + "\"outputFormat\":\"DYNAMODB_JSON\"}";
        s3.putObject(r -> r.bucket(BUCKET).key(VaultLayout.awsManifestSummaryKey(VaultLayout.slotFolder(APP, table, slot), exportArn)),
                RequestBody.fromString(summary));
    }

    /** A real export by moto into the slot folder (its data files under AWSDynamoDB/), then our completion file. */
    void exportedByDynamoDb(String table, Instant slot) {
        dynamo.createTable(r -> r.tableName(table).billingMode("PAY_PER_REQUEST")
                .keySchema(k -> k.attributeName("id").keyType("HASH"))
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S")));
        dynamo.updateContinuousBackups(r -> r.tableName(table).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        dynamo.putItem(r -> r.tableName(table).item(java.util.Map.of("id",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("a"))));
        String tableArn = dynamo.describeTable(r -> r.tableName(table)).table().tableArn();
        var export = dynamo.exportTableToPointInTime(r -> r.tableArn(tableArn).s3Bucket(BUCKET)
                .s3Prefix(VaultLayout.slotFolder(APP, table, slot))).exportDescription();
        // moto answers IN_PROGRESS and has finished by the first DescribeExport
        assertThat(dynamo.describeExport(r -> r.exportArn(export.exportArn())).exportDescription().exportStatus())
                .isEqualTo(ExportStatus.COMPLETED);
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix(VaultLayout.slotFolder(APP, table, slot) + "/AWSDynamoDB/"))
                .contents()).as("moto's data files").isNotEmpty();
        completion(table, slot, "COMPLETED", slot);
    }

    @Test
    void oneStaleTable_onePublishedMessage_namingItWithItsAge_andTheFreshOnesNot() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant threeDaysAgo = now.minus(Duration.ofDays(3));
        completion("notes", threeDaysAgo, "COMPLETED", threeDaysAgo);
        completion("notes", now.minus(Duration.ofHours(2)), "FAILED", now.minus(Duration.ofHours(2)));
        manifestSummary("replies", now.minus(Duration.ofHours(5)), now.minus(Duration.ofHours(5)));
        exportedByDynamoDb("orders", now.minus(Duration.ofHours(1)));

        WatchdogReport report = watchdog(Set.of(new VaultTable(APP, "invoices"))).check();

        assertThat(report.stale()).extracting(t -> t.table().toString())
                .containsExactly(APP + "/invoices", APP + "/notes");
        assertThat(report.tables()).extracting(t -> t.table().table()).containsExactly("invoices", "notes", "orders", "replies");
        assertThat(delivered).hasSize(1);
        JsonNode notification = delivered.get(0);
        assertThat(notification.path("TopicArn").asText()).isEqualTo(topicArn);
        assertThat(notification.path("Subject").asText()).isEqualTo("notes-backup vault: 2 tables have no export newer than 30 h");
        assertThat(notification.path("Message").asText())
                .contains(APP + "/notes: newest completed export " + threeDaysAgo + ", 72 h old")
                .contains(APP + "/invoices: no completed export in the vault")
                .doesNotContain("replies").doesNotContain("orders");
        assertThat(lines).anySatisfy(line -> assertThat(JSON.readTree(line).path("VaultStaleTables").asInt()).isEqualTo(2));
        assertThat(lines).anySatisfy(line -> assertThat(JSON.readTree(line).path("VaultOldestExportSeconds").asLong())
                .isBetween(Duration.ofDays(3).toSeconds(), Duration.ofDays(3).toSeconds() + 120));
    }

    @Test
    void allFresh_noMessage_andTheMetricSaysZero() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        completion("notes", now.minus(Duration.ofHours(29)), "COMPLETED", now.minus(Duration.ofHours(29)));
        manifestSummary("replies", now.minus(Duration.ofHours(3)), now.minus(Duration.ofHours(3)));

        WatchdogReport report = watchdog(Set.of(new VaultTable(APP, "notes"))).check();

        assertThat(report.tables()).hasSize(2).noneMatch(TableAge::stale);
        assertThat(delivered).as("messages delivered by moto's SNS").isEmpty();
        assertThat(lines).anySatisfy(line -> assertThat(JSON.readTree(line).path("VaultStaleTables").isInt()).isTrue())
                .allSatisfy(line -> assertThat(JSON.readTree(line).path("VaultStaleTables").asInt(0)).isZero());
    }
}
