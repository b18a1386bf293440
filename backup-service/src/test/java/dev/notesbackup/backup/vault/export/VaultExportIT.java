package dev.notesbackup.backup.vault.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.notesbackup.backup.aws.AwsClients;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.lambda.BackupRunFailedException;
import dev.notesbackup.backup.lambda.ScheduledBackupHandler;
import dev.notesbackup.backup.metrics.EmbeddedMetrics;
import dev.notesbackup.backup.run.BackupService;
import dev.notesbackup.backup.vault.ExportCompletion;
import dev.notesbackup.backup.vault.RestoreManifest;
import dev.notesbackup.backup.vault.VaultJson;
import dev.notesbackup.backup.vault.VaultLayout;
import dev.notesbackup.backup.vault.VaultTarget;
import dev.notesbackup.cli.AwsTarget;
import dev.notesbackup.testsupport.LambdaTestContext;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoAccounts;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.ExportSummary;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The vault export through the real handler and the real SDK over HTTP against moto, with the
 * vault bucket in another account (222222222222, made with STS AssumeRole credentials) and Object
 * Lock on, as the vault stack makes it. moto honours S3BucketOwner here because the bucket does
 * live in that account; it completes an export at once (so tracking IN_PROGRESS to COMPLETED across
 * runs is VaultExportServiceTest's, with a mocked client), does not dedup by ClientToken (so a
 * second export here would be ours), and does not enforce Object Lock on what an export writes
 * (the lock is proven by the vault template's contract and the IAM evaluation, not here).
 */
@ExtendWith(MotoExtension.class)
class VaultExportIT {
    static final String VAULT_ACCOUNT = "222222222222";
    static final String APP_ACCOUNT = "123456789012"; // moto's default account, and LambdaTestContext's function ARN
    static final String BUCKET = "notes-backup-vault";
    static final Instant SLOT = Instant.parse("2026-12-01T03:00:00Z");

    MotoServer moto;
    DynamoDbClient dynamo;
    S3Client appS3;
    S3Client vaultS3;
    final List<String> lines = new ArrayList<>();

    @BeforeEach
    void start(MotoServer moto) {
        this.moto = moto;
        dynamo = LocalAws.client(DynamoDbClient.builder(), moto.endpoint(), AwsClients.RUN_OVERRIDES);
        // the production S3 client, as the Lambda builds it, pointed at moto
        appS3 = AwsClients.s3(UrlConnectionHttpClient.builder().build(), new AwsTarget(LocalAws.REGION.id(), null, moto.endpoint()));
        vaultS3 = MotoAccounts.s3As(moto.endpoint(), VAULT_ACCOUNT);
        MotoAccounts.createVaultBucket(moto.endpoint(), VAULT_ACCOUNT, BUCKET);
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    @AfterEach
    void stop() {
        dynamo.close();
        appS3.close();
        vaultS3.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void everyConfiguredTable_isExportedIntoTheVault_withAManifestThatMatchesTheTable_andItsCompletion() {
        createNotesTable("notes");
        createRepliesTable("replies");

        VaultReport report = invoke("notes,replies", SLOT);
        // moto answers the start with IN_PROGRESS or COMPLETED (it completes at once): either the export is reported in
        // progress, as on AWS, and the next run writes its completion, or its completion is written at once
        assertThat(report.tables()).allSatisfy(t -> assertThat(t.inProgress().contains(t.exportArn())
                || t.completions().contains(VaultLayout.completionKey(APP_ACCOUNT, t.table(), SLOT))).as(t.toString()).isTrue());
        VaultReport nextDay = invoke("notes,replies", SLOT.plus(Duration.ofDays(1)));
        assertThat(nextDay.count(VaultStatus.STARTED)).isEqualTo(2);

        assertThat(report.tables()).extracting(VaultTableReport::table, VaultTableReport::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("notes", VaultStatus.STARTED),
                        org.assertj.core.groups.Tuple.tuple("replies", VaultStatus.STARTED));
        for (String table : List.of("notes", "replies")) {
            List<ExportSummary> exports = exports(table).stream()
                    .filter(e -> e.exportArn().equals(report.tables().stream().filter(t -> t.table().equals(table))
                            .findFirst().orElseThrow().exportArn())).toList();
            assertThat(exports).as(table).hasSize(1);
            String folder = VaultLayout.slotFolder(APP_ACCOUNT, table, SLOT);
            var described = dynamo.describeExport(r -> r.exportArn(exports.get(0).exportArn())).exportDescription();
            assertThat(described.s3Bucket()).isEqualTo(BUCKET);
            assertThat(described.s3BucketOwner()).isEqualTo(VAULT_ACCOUNT);
            assertThat(described.s3Prefix()).isEqualTo(folder);
            assertThat(vaultKeys(folder + "/")).as("the export's data, where DynamoDB writes it")
                    .anySatisfy(key -> assertThat(key).startsWith(folder + "/" + VaultLayout.AWS_EXPORT_FOLDER + "/").endsWith(".gz"));

            ExportCompletion completion = read(VaultLayout.completionKey(APP_ACCOUNT, table, SLOT), ExportCompletion.class);
            assertThat(completion.status()).isEqualTo("COMPLETED");
            assertThat(completion.exportArn()).isEqualTo(described.exportArn());
            assertThat(completion.itemCount()).isEqualTo(table.equals("notes") ? 2 : 1);
        }
        // the first day's export, or the second day's when moto answered its start COMPLETED
        assertThat(nextDay.tables()).allSatisfy(t -> assertThat(t.newestCompleted()).isIn(SLOT, SLOT.plus(Duration.ofDays(1))));

        RestoreManifest notes = read(VaultLayout.manifestKey(APP_ACCOUNT, "notes", SLOT), RestoreManifest.class);
        assertThat(notes.table()).isEqualTo("notes");
        assertThat(notes.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:" + APP_ACCOUNT + ":table/notes");
        assertThat(notes.slot()).isEqualTo(SLOT);
        assertThat(notes.exportArn()).isEqualTo(report.tables().get(0).exportArn());
        assertThat(notes.bucket()).isEqualTo(BUCKET);
        assertThat(notes.bucketOwner()).isEqualTo(VAULT_ACCOUNT);
        assertThat(notes.slotFolder()).isEqualTo(VaultLayout.slotFolder(APP_ACCOUNT, "notes", SLOT));
        assertThat(notes.keySchema()).containsExactly(new RestoreManifest.Key("id", "HASH"));
        assertThat(notes.attributeDefinitions()).containsExactlyInAnyOrder(new RestoreManifest.Attribute("id", "S"),
                new RestoreManifest.Attribute("feed", "S"), new RestoreManifest.Attribute("createdAt", "S"));
        assertThat(notes.globalSecondaryIndexes()).containsExactly(new RestoreManifest.Index("byFeed",
                List.of(new RestoreManifest.Key("feed", "HASH"), new RestoreManifest.Key("createdAt", "RANGE")),
                "INCLUDE", List.of("text"), null, null));
        assertThat(notes.localSecondaryIndexes()).isEmpty();
        assertThat(notes.billingMode()).isEqualTo("PAY_PER_REQUEST");
        assertThat(notes.readCapacityUnits()).isNull();
        assertThat(notes.timeToLiveAttribute()).isEqualTo("expiresAt");
        assertThat(notes.stream()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(notes.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("project", "notes", "owner", "ann"));
        assertThat(notes.pointInTimeRecovery()).isTrue();
        assertThat(notes.deletionProtection()).isTrue();

        RestoreManifest replies = read(VaultLayout.manifestKey(APP_ACCOUNT, "replies", SLOT), RestoreManifest.class);
        assertThat(replies.keySchema()).containsExactly(new RestoreManifest.Key("noteId", "HASH"), new RestoreManifest.Key("id", "RANGE"));
        assertThat(replies.localSecondaryIndexes()).containsExactly(new RestoreManifest.Index("byAuthor",
                List.of(new RestoreManifest.Key("noteId", "HASH"), new RestoreManifest.Key("author", "RANGE")),
                "KEYS_ONLY", List.of(), null, null));
        assertThat(replies.billingMode()).isEqualTo("PROVISIONED");
        assertThat(replies.readCapacityUnits()).isEqualTo(5L);
        assertThat(replies.writeCapacityUnits()).isEqualTo(3L);
        assertThat(replies.timeToLiveAttribute()).isNull();
        assertThat(replies.stream()).isNull();
        assertThat(replies.tags()).isEmpty();
        assertThat(replies.deletionProtection()).isFalse();

        JsonNode line = json(lines.stream().filter(l -> l.contains("\"vault-export-report\"")).reduce((a, b) -> b).orElseThrow());
        assertThat(line.path("totals").path("started").asInt()).isEqualTo(2);
        assertThat(line.path("totals").path("completionsWritten").asInt()).as("at least the first day's two").isBetween(2, 4);
        assertThat(line.path("failed").asBoolean()).isFalse();
        JsonNode totals = json(lines.stream().filter(l -> l.contains(EmbeddedMetrics.VAULT_EXPORTS_STARTED) && !l.contains("TableName"))
                .reduce((a, b) -> b).orElseThrow());
        assertThat(totals.path(EmbeddedMetrics.VAULT_EXPORTS_STARTED).asInt()).isEqualTo(2);
        assertThat(totals.path(EmbeddedMetrics.VAULT_EXPORTS_FAILED).asInt()).isZero();
        assertThat(totals.path(EmbeddedMetrics.VAULT_NEWEST_EXPORT_AGE).asLong()).as("from the newest completed export's slot")
                .isEqualTo(Duration.between(nextDay.tables().stream().map(VaultTableReport::newestCompleted)
                        .min(Instant::compareTo).orElseThrow(), SLOT.plus(Duration.ofDays(1)).plusSeconds(30)).toSeconds());
    }

    @Test
    void aRedeliveredEvent_startsNoSecondExport() {
        createNotesTable("notes");
        createRepliesTable("replies");

        invoke("notes,replies", SLOT);
        lines.clear();
        VaultReport again = invoke("notes,replies", SLOT);

        // moto would make a second export for the same ClientToken: one export each means the run found the slot's own
        assertThat(exports("notes")).hasSize(1);
        assertThat(exports("replies")).hasSize(1);
        assertThat(again.tables()).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo(VaultStatus.ALREADY_STARTED);
            assertThat(t.exportArn()).isEqualTo(exports(t.table()).get(0).exportArn());
        });
        assertThat(again.count(VaultStatus.STARTED)).isZero();
    }

    @Test
    void aTableWithoutPointInTimeRecovery_isReportedFailedForTheVault_whileTheOthersExport() {
        createNotesTable("notes");
        createRepliesTable("replies");
        createPlainTable("drafts"); // point-in-time recovery off

        BackupRunFailedException failed = (BackupRunFailedException) org.assertj.core.api.Assertions.catchThrowable(
                () -> invoke("notes,drafts,replies", SLOT));

        assertThat(failed).as("a vault failure fails the invocation, as a table's backup failure does").isNotNull();
        assertThat(failed.report().failed()).as("every backup succeeded").isFalse();
        assertThat(failed.getMessage()).contains("vault: 1 of 3 tables failed: drafts (NO_PITR: point-in-time recovery is off");
        VaultReport vault = failed.vault();
        assertThat(vault.tables()).extracting(VaultTableReport::table, VaultTableReport::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("notes", VaultStatus.STARTED),
                org.assertj.core.groups.Tuple.tuple("drafts", VaultStatus.NO_PITR),
                org.assertj.core.groups.Tuple.tuple("replies", VaultStatus.STARTED));
        assertThat(exports("drafts")).isEmpty();
        assertThat(exports("notes")).hasSize(1);
        assertThat(exports("replies")).hasSize(1);
        JsonNode totals = json(lines.stream().filter(l -> l.contains(EmbeddedMetrics.VAULT_EXPORTS_FAILED) && !l.contains("TableName"))
                .findFirst().orElseThrow());
        assertThat(totals.path(EmbeddedMetrics.VAULT_EXPORTS_FAILED).asInt()).isEqualTo(1);
        assertThat(totals.path(EmbeddedMetrics.VAULT_NEWEST_EXPORT_AGE).asLong())
                .as("drafts has no completed export: as old as the tracking window at least")
                .isEqualTo(ExportDecisions.TRACKING_WINDOW.toSeconds());
    }

    @Test
    void aDeletedTable_hasNoExport_andIsNoVaultFailure_whileTheOthersExport() {
        createNotesTable("notes");

        BackupRunFailedException failed = (BackupRunFailedException) org.assertj.core.api.Assertions.catchThrowable(
                () -> invoke("notes,gone", SLOT));

        assertThat(failed.report().failed()).as("the backup run reports gone MISSING").isTrue();
        assertThat(failed.vault().tables()).extracting(VaultTableReport::table, VaultTableReport::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("notes", VaultStatus.STARTED),
                org.assertj.core.groups.Tuple.tuple("gone", VaultStatus.MISSING));
        assertThat(failed.vault().mustFail()).isFalse();
    }

    // ---- helpers -----------------------------------------------------------------------------

    VaultReport invoke(String tables, Instant slot) {
        BackupConfig config = BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, tables,
                VaultTarget.BUCKET, BUCKET, VaultTarget.ACCOUNT_ID, VAULT_ACCOUNT));
        Clock clock = Clock.fixed(slot.plusSeconds(30), ZoneOffset.UTC);
        VaultExportService vault = new VaultExportService(dynamo, appS3, clock, config.vault());
        ScheduledBackupHandler handler = new ScheduledBackupHandler(new BackupService(dynamo, clock, config), null, null, vault, lines::add);
        ScheduledEvent event = new ScheduledEvent().withSource("aws.events").withDetailType("Scheduled Event")
                .withTime(new DateTime(slot.toEpochMilli(), DateTimeZone.UTC));
        handler.invoke(event, new LambdaTestContext(Duration.ofMinutes(5)));
        return lastVaultReport();
    }

    VaultReport lastVaultReport() {
        // the handler logs the report; the exception carries it when the run fails
        String line = lines.stream().filter(l -> l.contains("\"vault-export-report\"")).reduce((a, b) -> b).orElseThrow();
        JsonNode json = json(line);
        List<VaultTableReport> tables = new ArrayList<>();
        json.path("tables").forEach(t -> tables.add(new VaultTableReport(t.path("table").asText(),
                VaultStatus.valueOf(t.path("status").asText()), t.path("exportArn").asText(null), t.path("manifestKey").asText(null),
                strings(t.path("inProgress")), strings(t.path("completions")), t.path("newestCompletedExportTime").isNull() ? null
                : Instant.parse(t.path("newestCompletedExportTime").asText()), t.path("error").asText(null))));
        return new VaultReport(SLOT, BUCKET, VAULT_ACCOUNT, APP_ACCOUNT, tables, SLOT);
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    List<ExportSummary> exports(String table) {
        String arn = "arn:aws:dynamodb:us-east-1:" + APP_ACCOUNT + ":table/" + table;
        return dynamo.listExportsPaginator(r -> r.tableArn(arn)).stream().flatMap(p -> p.exportSummaries().stream())
                .filter(e -> e.exportStatus() != ExportStatus.FAILED).toList();
    }

    List<String> vaultKeys(String prefix) {
        return vaultS3.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream().map(o -> o.key()).toList();
    }

    <T> T read(String key, Class<T> type) {
        ResponseBytes<GetObjectResponse> bytes = vaultS3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key));
        return VaultJson.read(bytes.asByteArray(), type, BUCKET + "/" + key);
    }

    static JsonNode json(String line) {
        try {
            return VaultJson.mapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    /** On demand, a global index projecting one attribute, time to live, a stream, tags, PITR and deletion protection. */
    void createNotesTable(String name) {
        dynamo.createTable(r -> r.tableName(name)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("feed").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("createdAt").attributeType(ScalarAttributeType.S))
                .globalSecondaryIndexes(g -> g.indexName("byFeed")
                        .keySchema(k -> k.attributeName("feed").keyType(KeyType.HASH), k -> k.attributeName("createdAt").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("text")))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
                .deletionProtectionEnabled(true)
                .tags(t -> t.key("project").value("notes"), t -> t.key("owner").value("ann")));
        dynamo.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
        dynamo.updateContinuousBackups(r -> r.tableName(name).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        for (String id : List.of("n1", "n2")) {
            dynamo.putItem(r -> r.tableName(name).item(Map.of("id", AttributeValue.fromS(id), "feed", AttributeValue.fromS("all"),
                    "createdAt", AttributeValue.fromS("2026-11-30T10:00:00Z"), "text", AttributeValue.fromS("hello"))));
        }
    }

    /** Provisioned, a composite key and a local index; PITR on. */
    void createRepliesTable(String name) {
        dynamo.createTable(r -> r.tableName(name)
                .keySchema(k -> k.attributeName("noteId").keyType(KeyType.HASH), k -> k.attributeName("id").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("noteId").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("id").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("author").attributeType(ScalarAttributeType.S))
                .localSecondaryIndexes(l -> l.indexName("byAuthor")
                        .keySchema(k -> k.attributeName("noteId").keyType(KeyType.HASH), k -> k.attributeName("author").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
                .billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(3L)));
        dynamo.updateContinuousBackups(r -> r.tableName(name).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        dynamo.putItem(r -> r.tableName(name).item(Map.of("noteId", AttributeValue.fromS("n1"), "id", AttributeValue.fromS("r1"),
                "author", AttributeValue.fromS("bob"))));
    }

    void createPlainTable(String name) {
        dynamo.createTable(r -> r.tableName(name)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }
}
