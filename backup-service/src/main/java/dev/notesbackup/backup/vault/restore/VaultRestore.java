package dev.notesbackup.backup.vault.restore;

import dev.notesbackup.backup.aws.Tables;
import dev.notesbackup.backup.restore.RestoreException;
import dev.notesbackup.backup.vault.RestoreManifest;
import dev.notesbackup.backup.vault.VaultLayout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeImportRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeImportResponse;
import software.amazon.awssdk.services.dynamodb.model.ImportConflictException;
import software.amazon.awssdk.services.dynamodb.model.ImportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.InputCompressionType;
import software.amazon.awssdk.services.dynamodb.model.InputFormat;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableClass;
import software.amazon.awssdk.services.dynamodb.model.TableCreationParameters;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Restores a table from the vault into a NEW table: picks the export ({@link ExportChoice}),
 * creates the table with {@code ImportTable} from the export's data folder ({@link TableCreation}:
 * schema, global indexes, billing and capacity, encryption), follows the import until it ends and
 * the table is ACTIVE, checks the imported item count against the export's, then re-applies what an
 * import cannot set: time to live, point-in-time recovery, deletion protection, tags, the stream and
 * the table class. The {@link Result} lists every setting with what became of it.
 *
 * <p>Local secondary indexes cannot be rebuilt: ImportTable's TableCreationParameters have none,
 * and DynamoDB adds a local index only when a table is created. They are listed as not re-applied.
 *
 * <p>For another module (the incident drill): {@code new VaultRestore(s3, dynamo, clock, poll, maxWait)
 * .restore(location, table, Optional.empty(), newName, Encryption.AS_MANIFEST, progress)}.
 */
public final class VaultRestore {
    /** TagResource takes at most 50 tags per call. */
    private static final int TAGS_PER_CALL = 50;

    private final DynamoDbClient dynamo;
    private final VaultReader reader;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration maxWait;

    /** How the new table is encrypted. */
    public enum Encryption {
        /** As the source was: the manifest's KMS key, the AWS managed key, or DynamoDB's own key. */
        AS_MANIFEST,
        /** DynamoDB's own key, whatever the manifest says (its KMS key may be gone with its account). */
        DYNAMODB_OWNED_KEY
    }

    /** What became of one setting of the source table. */
    public enum Outcome {
        /** Set by ImportTable when it created the table. */
        AT_IMPORT,
        /** Set after the import. */
        REAPPLIED,
        /** The source had it, the new table does not: see the detail. */
        NOT_REAPPLIED,
        /** The source did not have it either. */
        NOT_SET
    }

    public record Setting(String name, Outcome outcome, String detail) {
        @Override
        public String toString() {
            return name + ": " + switch (outcome) {
                case AT_IMPORT -> "set at import";
                case REAPPLIED -> "re-applied";
                case NOT_REAPPLIED -> "NOT re-applied";
                case NOT_SET -> "not set on the source";
            } + (detail == null ? "" : " (" + detail + ")");
        }
    }

    /**
     * @param expectedItems the export's item count (null when the vault does not say)
     * @param settings      every setting of the source, in the order they were handled
     */
    public record Result(String table, Instant slot, Instant exportTime, String exportArn, String targetTable,
                         String importArn, long importedItems, Long expectedItems, Duration took, List<Setting> settings) {
        public Result {
            settings = List.copyOf(settings);
        }

        /** True when every setting of the source is on the new table. */
        public boolean complete() {
            return settings.stream().noneMatch(s -> s.outcome() == Outcome.NOT_REAPPLIED);
        }

        /** The summary the operator reads: one line per setting. */
        public List<String> summary() {
            List<String> lines = new ArrayList<>();
            lines.add("Restored " + table + " as of " + exportTime + " (slot " + slot + ") into " + targetTable + ": "
                    + importedItems + " items" + (expectedItems == null ? "" : " of " + expectedItems + " exported")
                    + ", in " + took.toSeconds() + " s.");
            settings.forEach(s -> lines.add("  " + s));
            if (!complete()) {
                lines.add("Settings marked NOT re-applied must be set by hand before the table takes traffic.");
            }
            return lines;
        }
    }

    public VaultRestore(S3Client s3, DynamoDbClient dynamo, Clock clock, Duration pollInterval, Duration maxWait) {
        this.dynamo = dynamo;
        this.reader = new VaultReader(s3, clock);
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.maxWait = maxWait;
    }

    /** Every slot's export of {@code table} under the location's prefix, oldest first. */
    public List<VaultExport> exports(VaultLocation location, String table) {
        return reader.exports(location, Optional.of(table));
    }

    /** The export a restore of {@code table} takes: the newest COMPLETED one, at or before {@code notAfter} when given. */
    public VaultExport choose(VaultLocation location, String table, Optional<Instant> notAfter) {
        return ExportChoice.choose(exports(location, table), table, notAfter);
    }

    /** Restores the chosen export of {@code table} (see {@link #choose}) into the new table {@code targetTable}. */
    public Result restore(VaultLocation location, String table, Optional<Instant> notAfter, String targetTable,
                          Encryption encryption, Consumer<String> progress) {
        requireNew(targetTable);
        VaultExport export = choose(location, table, notAfter);
        progress.accept("Chosen: the export of " + table + " for slot " + export.slot() + " (as of " + export.pointInTime()
                + ", " + export.itemCount() + " items)");
        return restore(location, export, targetTable, encryption, progress);
    }

    /** Restores {@code export} (COMPLETED, from {@link #exports}) into the new table {@code targetTable}. */
    public Result restore(VaultLocation location, VaultExport export, String targetTable, Encryption encryption,
                          Consumer<String> progress) {
        if (!export.restorable()) {
            throw new RestoreException("The export of " + export.table() + " for slot " + export.slot() + " is " + export.status()
                    + ", not COMPLETED: " + String.join("; ", export.notes()));
        }
        requireNew(targetTable);
        Instant started = clock.instant();
        RestoreManifest manifest = export.manifest();
        String dataFolder = VaultLayout.dataFolder(export.slotFolder(), manifest.exportArn());
        String owner = location.expectedOwner() != null ? location.expectedOwner() : manifest.bucketOwner();
        TableCreationParameters parameters = TableCreation.parameters(manifest, targetTable, encryption == Encryption.DYNAMODB_OWNED_KEY);
        progress.accept("Importing s3://" + location.bucket() + "/" + dataFolder + " into the new table " + targetTable + " ...");
        ImportTableDescription importStarted;
        // one token per restore: the SDK's retries of this call are one import, and a restore run again
        // after a failed import (its cause fixed) is a new import, not the failed one handed back for 8 hours
        String clientToken = UUID.randomUUID().toString();
        try {
            importStarted = dynamo.importTable(r -> r
                    .clientToken(clientToken)
                    .s3BucketSource(s -> s.s3Bucket(location.bucket()).s3BucketOwner(owner).s3KeyPrefix(dataFolder))
                    .inputFormat(InputFormat.DYNAMODB_JSON)
                    .inputCompressionType(InputCompressionType.GZIP)
                    .tableCreationParameters(parameters)).importTableDescription();
        } catch (ResourceInUseException | ImportConflictException e) {
            throw new RestoreException("Table " + targetTable + " already exists or is being imported (created meanwhile):"
                    + " nothing was imported. Choose another --to.", e);
        }
        progress.accept("Import " + importStarted.importArn() + " started.");
        ImportTableDescription ended = waitForImport(importStarted.importArn(), progress);
        checkImported(ended, targetTable, dataFolder, location);
        progress.accept("Waiting for " + targetTable + " to become ACTIVE ...");
        waitUntilActive(targetTable);
        long imported = ended.importedItemCount() == null ? 0 : ended.importedItemCount();
        Long expected = export.itemCount();
        if (expected == null) {
            progress.accept("The vault records no item count for this export: the imported count (" + imported + ") is not checked.");
        } else if (imported != expected || ended.errorCount() != null && ended.errorCount() > 0) {
            throw new RestoreException("Table " + targetTable + " holds " + imported + " imported items, but the export recorded "
                    + expected + (ended.errorCount() != null && ended.errorCount() > 0 ? " (" + ended.errorCount() + " items failed to import)" : "")
                    + ". The table is left as imported, for inspection: do not send traffic to it. Try an earlier export"
                    + " (--before), and read the import's log (" + ended.cloudWatchLogGroupArn() + ").");
        }
        progress.accept("Imported " + imported + " items" + (expected == null ? "" : ", as the export recorded") + ".");
        List<Setting> settings = new ArrayList<>(atImport(manifest, encryption));
        settings.addAll(reapply(targetTable, manifest, progress));
        return new Result(export.table(), export.slot(), export.pointInTime(), manifest.exportArn(), targetTable,
                importStarted.importArn(), imported, expected, Duration.between(started, clock.instant()), settings);
    }

    private void requireNew(String targetTable) {
        if (Tables.exists(dynamo, targetTable)) {
            throw new RestoreException("Table " + targetTable + " already exists. A restore from the vault creates a new table:"
                    + " choose another --to, or delete or rename the existing table first.");
        }
    }

    /**
     * Follows the import with the SDK's ImportCompleted waiter, printing each poll's progress (the
     * waiter itself reports nothing until it ends), and returns the import as it ended or stood at the time out.
     */
    private ImportTableDescription waitForImport(String importArn, Consumer<String> progress) {
        try (DynamoDbWaiter waiter = Tables.waiter(dynamo, pollInterval, maxWait)) {
            waiter.waitUntilImportCompleted(DescribeImportRequest.builder().importArn(importArn)
                    .overrideConfiguration(o -> o.addPlugin(reportingEachPoll(progress))).build());
        } catch (SdkClientException e) {
            // FAILED or CANCELLED (the waiter's failure state) or the time out: the description says which
        }
        return dynamo.describeImport(r -> r.importArn(importArn)).importTableDescription();
    }

    private static SdkPlugin reportingEachPoll(Consumer<String> progress) {
        ExecutionInterceptor report = new ExecutionInterceptor() {
            @Override
            public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
                if (context.response() instanceof DescribeImportResponse response) {
                    ImportTableDescription d = response.importTableDescription();
                    progress.accept("  import " + d.importStatusAsString() + ": " + d.processedItemCount() + " items, "
                            + d.processedSizeBytes() + " bytes processed");
                }
            }
        };
        return config -> config.overrideConfiguration((config.overrideConfiguration() == null
                ? software.amazon.awssdk.core.client.config.ClientOverrideConfiguration.builder()
                : config.overrideConfiguration().toBuilder()).addExecutionInterceptor(report).build());
    }

    private void checkImported(ImportTableDescription ended, String targetTable, String dataFolder, VaultLocation location) {
        if (ended.importStatus() == ImportStatus.COMPLETED) {
            return;
        }
        String source = "s3://" + location.bucket() + "/" + dataFolder;
        if (ended.importStatus() == ImportStatus.IN_PROGRESS) {
            throw new RestoreException("Import " + ended.importArn() + " is still IN_PROGRESS after " + maxWait.toMinutes()
                    + " minutes; it goes on in AWS. Follow it with `aws dynamodb describe-import --import-arn " + ended.importArn()
                    + "`; once COMPLETED, set time to live, point-in-time recovery, deletion protection, tags and the stream"
                    + " of " + targetTable + " by hand (the restore manifest beside the export lists them).");
        }
        throw new RestoreException("Import " + ended.importArn() + " of " + source + " ended " + ended.importStatusAsString() + ": "
                + ended.failureCode() + ": " + ended.failureMessage() + ". Next: read the import's log"
                + (ended.cloudWatchLogGroupArn() == null ? "" : " (" + ended.cloudWatchLogGroupArn() + ")")
                + "; check that the vault's bucket policy (and its KMS key) let this account read " + source
                + "; delete the table " + targetTable + " if the import left it, then run the restore again.");
    }

    private void waitUntilActive(String table) {
        if (!Tables.waitUntilActive(dynamo, table, pollInterval, maxWait)) {
            throw new RestoreException("Table " + table + " is not ACTIVE after " + maxWait.toMinutes() + " minutes; once it is,"
                    + " set time to live, point-in-time recovery, deletion protection, tags and the stream by hand.");
        }
    }

    /** What ImportTable itself set, or could not. */
    static List<Setting> atImport(RestoreManifest manifest, Encryption encryption) {
        List<Setting> settings = new ArrayList<>();
        settings.add(new Setting("key schema", Outcome.AT_IMPORT, manifest.keySchema().stream()
                .map(k -> k.attributeName() + " " + k.keyType()).reduce((a, b) -> a + ", " + b).orElse("")));
        settings.add(new Setting("billing mode", Outcome.AT_IMPORT, manifest.billingMode()
                + (manifest.readCapacityUnits() == null ? "" : ", " + manifest.readCapacityUnits() + " RCU / "
                        + manifest.writeCapacityUnits() + " WCU")));
        settings.add(manifest.globalSecondaryIndexes().isEmpty()
                ? new Setting("global secondary indexes", Outcome.NOT_SET, null)
                : new Setting("global secondary indexes", Outcome.AT_IMPORT, String.join(", ",
                        manifest.globalSecondaryIndexes().stream().map(RestoreManifest.Index::indexName).toList())));
        settings.add(manifest.localSecondaryIndexes().isEmpty()
                ? new Setting("local secondary indexes", Outcome.NOT_SET, null)
                : new Setting("local secondary indexes", Outcome.NOT_REAPPLIED, String.join(", ",
                        manifest.localSecondaryIndexes().stream().map(RestoreManifest.Index::indexName).toList())
                        + ": ImportTable creates no local indexes and DynamoDB adds them only when a table is created;"
                        + " queries that use them need a global index instead, or a table made by CreateTable and filled from this one"));
        boolean kms = "KMS".equals(manifest.sseType());
        if (!kms) {
            settings.add(new Setting("encryption", Outcome.NOT_SET, "DynamoDB's own key, the default"));
        } else if (encryption == Encryption.DYNAMODB_OWNED_KEY) {
            settings.add(new Setting("encryption", Outcome.NOT_REAPPLIED, "the source used KMS key "
                    + (manifest.kmsKeyArn() == null ? "alias/aws/dynamodb" : manifest.kmsKeyArn())
                    + "; DynamoDB's own key was asked for instead"));
        } else {
            settings.add(new Setting("encryption", Outcome.AT_IMPORT, "KMS key "
                    + (manifest.kmsKeyArn() == null ? "alias/aws/dynamodb (AWS managed)" : manifest.kmsKeyArn())));
        }
        return settings;
    }

    private List<Setting> reapply(String table, RestoreManifest manifest, Consumer<String> progress) {
        progress.accept("Re-applying what the import does not carry ...");
        List<Setting> settings = new ArrayList<>();
        settings.add(step("time to live", manifest.timeToLiveAttribute() != null, "attribute " + manifest.timeToLiveAttribute(),
                () -> dynamo.updateTimeToLive(r -> r.tableName(table)
                        .timeToLiveSpecification(t -> t.enabled(true).attributeName(manifest.timeToLiveAttribute())))));
        settings.add(step("point-in-time recovery", manifest.pointInTimeRecovery(), null,
                () -> dynamo.updateContinuousBackups(r -> r.tableName(table)
                        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)))));
        settings.add(step("deletion protection", manifest.deletionProtection(), null,
                () -> dynamo.updateTable(r -> r.tableName(table).deletionProtectionEnabled(true))));
        settings.addAll(tags(table, manifest));
        settings.add(step("stream", manifest.stream() != null, manifest.stream(), () -> {
            dynamo.updateTable(r -> r.tableName(table)
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.fromValue(manifest.stream()))));
            waitUntilActive(table);
        }));
        boolean infrequent = TableClass.STANDARD_INFREQUENT_ACCESS.toString().equals(manifest.tableClass());
        settings.add(infrequent
                ? step("table class", true, manifest.tableClass(), () -> {
                    dynamo.updateTable(r -> r.tableName(table).tableClass(TableClass.STANDARD_INFREQUENT_ACCESS));
                    waitUntilActive(table);
                })
                : new Setting("table class", Outcome.NOT_SET, "STANDARD, the default"));
        settings.stream().filter(s -> s.outcome() != Outcome.NOT_SET).forEach(s -> progress.accept("  " + s));
        return settings;
    }

    private List<Setting> tags(String table, RestoreManifest manifest) {
        // aws:* tags (e.g. aws:cloudformation:stack-name) are AWS's own: TagResource refuses them
        List<Tag> ours = manifest.tags().entrySet().stream().filter(t -> !t.getKey().startsWith("aws:")).sorted(java.util.Map.Entry.comparingByKey())
                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
        List<String> reserved = manifest.tags().keySet().stream().filter(k -> k.startsWith("aws:")).sorted().toList();
        List<Setting> settings = new ArrayList<>();
        settings.add(step("tags", !ours.isEmpty(), ours.size() + " tags", () -> {
            String arn = dynamo.describeTable(r -> r.tableName(table)).table().tableArn();
            for (int from = 0; from < ours.size(); from += TAGS_PER_CALL) {
                List<Tag> batch = ours.subList(from, Math.min(ours.size(), from + TAGS_PER_CALL));
                dynamo.tagResource(r -> r.resourceArn(arn).tags(batch));
            }
        }));
        if (!reserved.isEmpty()) {
            settings.add(new Setting("AWS tags", Outcome.NOT_REAPPLIED, String.join(", ", reserved)
                    + ": only AWS sets aws:* tags (CloudFormation's come back when the table is imported into its stack)"));
        }
        return settings;
    }

    private static Setting step(String name, boolean onTheSource, String detail, Runnable apply) {
        if (!onTheSource) {
            return new Setting(name, Outcome.NOT_SET, null);
        }
        try {
            apply.run();
            return new Setting(name, Outcome.REAPPLIED, detail);
        } catch (SdkException | RestoreException e) {
            return new Setting(name, Outcome.NOT_REAPPLIED, (detail == null ? "" : detail + "; ") + "failed: "
                    + dev.notesbackup.cli.OperatorCli.oneLine(e));
        }
    }
}
