package dev.notesbackup.backup.vault.restore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notesbackup.backup.vault.ExportCompletion;
import dev.notesbackup.backup.vault.RestoreManifest;
import dev.notesbackup.backup.vault.VaultJson;
import dev.notesbackup.backup.vault.VaultLayout;
import dev.notesbackup.backup.vault.export.ManifestCapture;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.UnicodeTexts;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportFormat;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A vault on moto, built as AWS would leave it. The bucket is in the SAME account as the tables:
 * moto's ImportTable ignores S3BucketOwner and reads only the caller's own account's buckets (the
 * cross-account read is proven by the IAM evaluation of the vault's bucket policy, not here).
 *
 * <p>Each slot is a real ExportTableToPointInTime of the source table (PITR on), whose data file is
 * then moved to AWS's documented layout: moto names its export {@code table/<table ARN>/import/<uuid>}
 * and writes {@code AWSDynamoDB/<another uuid>/data/<uuid>.gz} without the manifest files, so the test
 * gives the export an AWS-shaped ARN, puts the data file under that export id's {@code data/}, and
 * writes manifest-summary.json and manifest-files.json with AWS's documented fields. The restore
 * manifest and the completion record are written from the source table's real description, as the
 * backup run writes them.
 *
 * <p>Object Lock: moto applies the bucket's default retention to PutObject (so the manifest and the
 * moved data file are locked), not to what an export writes; lock enforcement is never relied on.
 */
public final class MotoVault implements AutoCloseable {
    public static final String ACCOUNT = "123456789012"; // moto's default account
    public static final String BUCKET = "notes-vault";
    public static final String PREFIX = ACCOUNT;
    public static final int RETENTION_DAYS = 30;

    public final DynamoDbClient dynamo;
    public final S3Client s3;

    public MotoVault(URI endpoint) {
        dynamo = LocalAws.dynamoDb(endpoint);
        s3 = s3(endpoint);
    }

    public static S3Client s3(URI endpoint) {
        return LocalAws.client(S3Client.builder(), endpoint, LocalAws.noRetries());
    }

    public VaultLocation location() {
        return new VaultLocation(BUCKET, ACCOUNT, PREFIX);
    }

    public void createBucket() {
        s3.createBucket(r -> r.bucket(BUCKET).objectLockEnabledForBucket(true));
        s3.putObjectLockConfiguration(r -> r.bucket(BUCKET).objectLockConfiguration(c -> c
                .objectLockEnabled(ObjectLockEnabled.ENABLED)
                .rule(rule -> rule.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(RETENTION_DAYS)))));
    }

    /**
     * The notes table as the app has it: on demand, a global index with an INCLUDE projection, time
     * to live, point-in-time recovery, deletion protection, tags (one of AWS's own), a stream, and
     * items of every attribute type with texts only a lossless path keeps.
     */
    public Map<String, Map<String, AttributeValue>> notesTable(String name) {
        dynamo.createTable(r -> r.tableName(name)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("author").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("createdAt").attributeType(ScalarAttributeType.N))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byAuthor")
                        .keySchema(k -> k.attributeName("author").keyType(KeyType.HASH), k -> k.attributeName("createdAt").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("text"))
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
                .deletionProtectionEnabled(true)
                .tags(Tag.builder().key("app").value("notes").build(), Tag.builder().key("team").value("Zoë 🦊").build(),
                        Tag.builder().key("aws:cloudformation:stack-name").value("quarantine-notes").build()));
        dynamo.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));
        dynamo.updateContinuousBackups(r -> r.tableName(name).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
        // moto 5.2.1's ImportTable reads the lines with py_partiql_parser's JsonParser, which does not
        // undo JSON escapes (\t stays two characters, \" ends the string): texts that JSON must escape
        // cannot survive moto's import, so they are left out here; AWS's import reads DynamoDB JSON.
        List<String> texts = UnicodeTexts.samples().stream().filter(t -> t.chars().noneMatch(c -> c == '"' || c == '\\' || c < 0x20)).toList();
        for (int i = 0; i < texts.size(); i++) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", AttributeValue.fromS("note-" + i));
            item.put("sk", AttributeValue.fromS("v1 ✓"));
            item.put("author", AttributeValue.fromS(UnicodeTexts.AUTHORS.get(i % UnicodeTexts.AUTHORS.size())));
            item.put("createdAt", AttributeValue.fromN(String.valueOf(1_764_000_000L + i)));
            item.put("text", AttributeValue.fromS(texts.get(i)));
            item.put("expiresAt", AttributeValue.fromN("4102444800"));
            item.put("labels", AttributeValue.fromSs(List.of("😀", "é", "中")));
            item.put("scores", AttributeValue.fromNs(List.of("1", "2.5", "-3")));
            item.put("blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, (byte) 0xff, (byte) i})));
            item.put("meta", AttributeValue.fromM(Map.of("pinned", AttributeValue.fromBool(i % 2 == 0),
                    "nothing", AttributeValue.fromNul(true), "history", AttributeValue.fromL(List.of(
                            AttributeValue.fromS("π"), AttributeValue.fromN("3.14"))))));
            dynamo.putItem(r -> r.tableName(name).item(item));
            items.put("note-" + i, item);
        }
        return items;
    }

    /** A small provisioned table with a local index (which ImportTable cannot rebuild) and PITR. */
    public void provisionedTableWithLocalIndex(String name, int items) {
        dynamo.createTable(r -> r.tableName(name)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("at").attributeType(ScalarAttributeType.N))
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("byTime")
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("at").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build())
                .billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(7L).writeCapacityUnits(3L)));
        dynamo.updateContinuousBackups(r -> r.tableName(name).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        putItems(name, 0, items);
    }

    /** An on-demand table with point-in-time recovery and nothing else to re-apply but that. */
    public void plainTable(String name, int items) {
        dynamo.createTable(r -> r.tableName(name)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        dynamo.updateContinuousBackups(r -> r.tableName(name).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        putItems(name, 0, items);
    }

    public void putItems(String table, int from, int to) {
        for (int i = from; i < to; i++) {
            Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("item-" + i), "sk", AttributeValue.fromS("a"),
                    "at", AttributeValue.fromN(String.valueOf(i)));
            dynamo.putItem(r -> r.tableName(table).item(item));
        }
    }

    /** What a slot's export left in the vault. */
    public record Slot(String table, Instant slot, String slotFolder, String exportArn, long itemCount) {
    }

    /** A COMPLETED export of {@code table} for {@code slot}, with all its files. */
    public Slot export(String table, Instant slot) {
        return export(table, slot, true);
    }

    /** As {@link #export(String, Instant)}; without {@code completed}, no completion record (the run has not seen it end). */
    public Slot export(String table, Instant slot, boolean completed) {
        TableDescription description = dynamo.describeTable(r -> r.tableName(table)).table();
        String folder = VaultLayout.slotFolder(PREFIX, table, slot);
        ExportDescription moto = dynamo.exportTableToPointInTime(r -> r.tableArn(description.tableArn()).s3Bucket(BUCKET)
                .s3BucketOwner(ACCOUNT).s3Prefix(folder).exportFormat(ExportFormat.DYNAMODB_JSON)).exportDescription();
        ExportDescription ended = waitForExport(moto.exportArn());
        String exportArn = awsExportArn(description.tableArn(), table, slot);
        Instant exportTime = slot.plusSeconds(5); // moto returns no ExportTime
        moveToAwsLayout(folder, exportArn, description, exportTime, ended.itemCount(), ended.billedSizeBytes());
        put(VaultLayout.manifestKey(PREFIX, table, slot), VaultJson.write(manifest(description, slot, exportArn, exportTime, folder)));
        if (completed) {
            writeCompletion(table, slot, new ExportCompletion(ExportCompletion.FORMAT_VERSION, exportArn, "COMPLETED", exportTime,
                    exportTime, exportTime.plusSeconds(60), ended.itemCount(), ended.billedSizeBytes(), null, null));
        }
        return new Slot(table, slot, folder, exportArn, ended.itemCount());
    }

    /**
     * The export the backup run itself made of {@code table} for {@code slot} on moto (its restore
     * manifest and completion record written by the run), laid out as AWS leaves it: the data moved
     * under an AWS-shaped export id with DynamoDB's manifest files, and the run's two records given
     * that export ARN (new versions of the same keys; moto's own ARN is not an export ARN).
     */
    public Slot layOutAsAws(String table, Instant slot) {
        String folder = VaultLayout.slotFolder(PREFIX, table, slot);
        RestoreManifest manifest = read(VaultLayout.manifestKey(PREFIX, table, slot), RestoreManifest.class);
        ExportCompletion completion = read(VaultLayout.completionKey(PREFIX, table, slot), ExportCompletion.class);
        if (!"COMPLETED".equals(completion.status())) {
            throw new IllegalStateException("the run's export of " + table + " for " + slot + " is " + completion.status());
        }
        TableDescription description = dynamo.describeTable(r -> r.tableName(table)).table();
        String exportArn = awsExportArn(description.tableArn(), table, slot);
        Instant exportTime = manifest.exportTime();
        moveToAwsLayout(folder, exportArn, description, exportTime, completion.itemCount(), completion.billedSizeBytes());
        put(VaultLayout.manifestKey(PREFIX, table, slot), VaultJson.write(new RestoreManifest(manifest.formatVersion(),
                manifest.table(), manifest.tableArn(), manifest.slot(), exportArn, manifest.exportTime(), manifest.bucket(),
                manifest.bucketOwner(), manifest.slotFolder(), manifest.keySchema(), manifest.attributeDefinitions(),
                manifest.globalSecondaryIndexes(), manifest.localSecondaryIndexes(), manifest.billingMode(),
                manifest.readCapacityUnits(), manifest.writeCapacityUnits(), manifest.timeToLiveAttribute(), manifest.stream(),
                manifest.sseType(), manifest.kmsKeyArn(), manifest.tableClass(), manifest.tags(), manifest.pointInTimeRecovery(),
                manifest.deletionProtection())));
        writeCompletion(table, slot, new ExportCompletion(completion.formatVersion(), exportArn, completion.status(),
                completion.exportTime(), completion.startTime(), completion.endTime(), completion.itemCount(),
                completion.billedSizeBytes(), completion.failureCode(), completion.failureMessage()));
        return new Slot(table, slot, folder, exportArn, completion.itemCount());
    }

    /** AWS's export ARN: {@code <table ARN>/export/<14 digits>-<8 hex>}. */
    private static String awsExportArn(String tableArn, String table, Instant slot) {
        return tableArn + "/export/" + String.format("%014d", slot.toEpochMilli()) + "-" + String.format("%08x", Math.abs(table.hashCode()));
    }

    /**
     * moto's data files of the export under {@code folder} moved under {@code exportArn}'s id as
     * UTF-8 JSON lines (see {@link #utf8Lines}), with manifest-summary.json and manifest-files.json
     * written with AWS's documented fields.
     */
    private void moveToAwsLayout(String folder, String exportArn, TableDescription description, Instant exportTime,
                                 Long itemCount, Long billedSizeBytes) {
        String dataFolder = VaultLayout.dataFolder(folder, exportArn);
        List<String> manifestLines = new ArrayList<>();
        for (S3Object written : s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(folder + "/" + VaultLayout.AWS_EXPORT_FOLDER + "/"))
                .contents()) {
            if (!written.key().endsWith(".gz") || written.key().startsWith(dataFolder)) {
                continue;
            }
            byte[] data = utf8Lines(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(written.key())).asByteArray());
            String name = written.key().substring(written.key().lastIndexOf('/') + 1).replaceAll("\\.gz$", ".json.gz");
            s3.putObject(r -> r.bucket(BUCKET).key(dataFolder + name), RequestBody.fromBytes(data));
            s3.deleteObject(r -> r.bucket(BUCKET).key(written.key()));
            ObjectNode line = VaultJson.mapper().createObjectNode();
            line.put("itemCount", itemCount);
            line.put("md5Checksum", "not-checked-by-the-restore");
            line.put("etag", "not-checked-by-the-restore");
            line.put("dataFileS3Key", dataFolder + name);
            manifestLines.add(line.toString());
        }
        ObjectNode summary = VaultJson.mapper().createObjectNode();
        summary.put("version", "2020-06-30");
        summary.put("exportArn", exportArn);
        summary.put("startTime", exportTime.toString());
        summary.put("endTime", exportTime.plusSeconds(60).toString());
        summary.put("tableArn", description.tableArn());
        summary.put("tableId", description.tableId());
        summary.put("exportTime", exportTime.toString());
        summary.put("s3Bucket", BUCKET);
        summary.put("s3Prefix", folder);
        summary.put("s3SseAlgorithm", "AES256");
        summary.putNull("s3SseKmsKeyId");
        summary.put("manifestFilesS3Key", VaultLayout.awsManifestFilesKey(folder, exportArn));
        summary.put("billedSizeBytes", billedSizeBytes);
        summary.put("itemCount", itemCount);
        summary.put("outputFormat", "DYNAMODB_JSON");
        summary.put("exportType", "FULL_EXPORT");
        put(VaultLayout.awsManifestSummaryKey(folder, exportArn), summary.toString().getBytes(StandardCharsets.UTF_8));
        put(VaultLayout.awsManifestFilesKey(folder, exportArn), String.join("\n", manifestLines).getBytes(StandardCharsets.UTF_8));
    }

    private <T> T read(String key, Class<T> type) {
        return VaultJson.read(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray(), type, "s3://" + BUCKET + "/" + key);
    }

    /**
     * The export's gzip JSON lines as AWS writes them, UTF-8: moto writes non-ASCII characters as
     * {@code \\u} escapes, which its own ImportTable then keeps as six literal characters.
     */
    static byte[] utf8Lines(byte[] gzip) {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip));
             var bytes = new java.io.ByteArrayOutputStream()) {
            try (var out = new java.util.zip.GZIPOutputStream(bytes)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        // as a String: Jackson's byte output would write a character outside the BMP as two \\u escapes
                        out.write(VaultJson.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsString(VaultJson.mapper().readTree(line)).getBytes(StandardCharsets.UTF_8));
                        out.write('\n');
                    }
                }
            }
            return bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public void writeCompletion(String table, Instant slot, ExportCompletion completion) {
        put(VaultLayout.completionKey(PREFIX, table, slot), VaultJson.write(completion));
    }

    public void put(String key, byte[] bytes) {
        s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    private ExportDescription waitForExport(String exportArn) {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            ExportDescription d = dynamo.describeExport(r -> r.exportArn(exportArn)).exportDescription();
            if (d.exportStatus() != ExportStatus.IN_PROGRESS || Instant.now().isAfter(giveUp)) {
                if (d.exportStatus() != ExportStatus.COMPLETED) {
                    throw new AssertionError("moto's export did not complete: " + d);
                }
                return d;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The restore manifest the backup run writes, captured as the run captures it. */
    RestoreManifest manifest(TableDescription t, Instant slot, String exportArn, Instant exportTime, String folder) {
        return ManifestCapture.of(dynamo, t).manifest(slot, exportArn, exportTime, BUCKET, ACCOUNT, folder);
    }

    @Override
    public void close() {
        dynamo.close();
        s3.close();
    }
}
