package dev.notesbackup.backup.vault.export;

import dev.notesbackup.backup.aws.Tables;
import dev.notesbackup.backup.run.RunReport;
import dev.notesbackup.backup.run.TableReport;
import dev.notesbackup.backup.run.TimeBudget;
import dev.notesbackup.backup.vault.ExportCompletion;
import dev.notesbackup.backup.vault.VaultJson;
import dev.notesbackup.backup.vault.VaultLayout;
import dev.notesbackup.backup.vault.VaultTarget;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExportConflictException;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportFormat;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.ExportSummary;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.ExportType;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.ImportConflictException;
import software.amazon.awssdk.services.dynamodb.model.ListExportsRequest;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.S3SseAlgorithm;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The backup run's vault step: for every table of the run, start this slot's full export into the
 * off-account vault (once per slot, however often the slot runs), write its restore manifest
 * beside it, and write the completion record of each recent export that has ended. It only ever
 * writes to the vault, never reads it: the app account's role may not (the vault's bucket policy),
 * so everything it needs to know about exports comes from DynamoDB (ListExports, DescribeExport).
 * One table's failure never stops the others. Tables are handled one after the other: a handful of
 * calls each, far below the export limits; the DynamoDB client's retry strategy retries
 * LimitExceededException.
 */
public final class VaultExportService {
    private final DynamoDbClient dynamo;
    private final S3Client s3;
    private final Clock clock;
    private final VaultTarget vault;

    public VaultExportService(DynamoDbClient dynamo, S3Client s3, Clock clock, VaultTarget vault) {
        this.dynamo = dynamo;
        this.s3 = s3;
        this.clock = clock;
        this.vault = vault;
    }

    /** The tables of a backup run: every entry that names a table (a prefix that matched none names none). */
    public static List<String> tablesOf(RunReport backups) {
        return backups.tables().stream().map(TableReport::table).filter(name -> !name.endsWith("*")).toList();
    }

    /**
     * Exports the run's tables. Every export of the run reads its table at the same point in time,
     * the backup run's start ({@link RunReport#startedAt}), which is in the past by now, as
     * ExportTime must be.
     */
    public VaultReport run(RunReport backups, AppAccount account, TimeBudget budget) {
        return run(backups.slot(), backups.startedAt(), tablesOf(backups), account, budget);
    }

    /** Exports {@code names} for {@code slot}, each reading its table at {@code exportTime}, which is in the past. */
    public VaultReport run(Instant slot, Instant exportTime, List<String> names, AppAccount account, TimeBudget budget) {
        String prefix = vault.prefixFor(account.accountId());
        List<VaultTableReport> tables = new ArrayList<>();
        for (String table : names) {
            tables.add(budget.allowsNewWork()
                    ? new TableExport(table, account.tableArn(table), prefix, slot, exportTime).run()
                    : new VaultTableReport(table, VaultStatus.NOT_REACHED, null, null, List.of(), List.of(), null,
                    "the time budget ran out before the vault export reached this table; a retry of the slot exports it"));
        }
        return new VaultReport(slot, vault.bucket(), vault.accountId(), prefix, tables, clock.instant());
    }

    /** One table's export and tracking; state of one run. */
    private final class TableExport {
        private final String table;
        private final String prefix;
        private final Instant slot;
        private final Instant exportTime;
        private final String slotFolder;
        private final Instant windowStart;
        private String tableArn;
        private VaultStatus status = VaultStatus.FAILED;
        private String exportArn;
        private String manifestKey;
        private final List<String> inProgress = new ArrayList<>();
        private final List<String> completions = new ArrayList<>();
        private Instant newestCompleted;
        private String error;

        TableExport(String table, String arnIfMissing, String prefix, Instant slot, Instant exportTime) {
            this.table = table;
            this.tableArn = arnIfMissing;
            this.prefix = prefix;
            this.slot = slot;
            this.exportTime = exportTime;
            this.slotFolder = VaultLayout.slotFolder(prefix, table, slot);
            this.windowStart = clock.instant().minus(ExportDecisions.TRACKING_WINDOW);
        }

        VaultTableReport run() {
            try {
                Optional<TableDescription> described = Tables.describe(dynamo, table);
                described.ifPresent(t -> tableArn = t.tableArn());
                List<ExportDescription> exports = recentExports();
                if (described.isEmpty()) {
                    status = VaultStatus.MISSING;
                    error = "table not found: nothing to export; its earlier exports are still tracked";
                } else {
                    exportSlot(described.get(), exports).ifPresent(exports::add);
                }
                track(exports);
            } catch (PointInTimeRecoveryUnavailableException e) {
                noPitr();
            } catch (RuntimeException e) { // SdkException mostly; whatever it is, the other tables go on
                status = VaultStatus.FAILED;
                error = (error == null ? "" : error + "; ") + errorOf(e);
            }
            return new VaultTableReport(table, status, exportArn, manifestKey, inProgress, completions, newestCompleted, error);
        }

        /** Starts the slot's export unless it has one, and writes its manifest; returns an export that the listing did not hold. */
        private Optional<ExportDescription> exportSlot(TableDescription described, List<ExportDescription> exports) {
            ManifestCapture capture = ManifestCapture.of(dynamo, described);
            Optional<ExportDescription> existing = ExportDecisions.slotExport(exports, vault.bucket(), slotFolder);
            Optional<ExportDescription> started = Optional.empty();
            ExportDescription export;
            if (existing.isPresent()) {
                export = existing.get();
                status = VaultStatus.ALREADY_STARTED;
            } else if (!capture.pointInTimeRecovery()) {
                noPitr();
                return Optional.empty();
            } else {
                started = start(ExportDecisions.failedAttempts(exports, vault.bucket(), slotFolder));
                export = started.orElseThrow();
            }
            exportArn = export.exportArn();
            // Every run of the slot writes the manifest, so a run that failed between starting the export and
            // writing it is repaired by the retry; a rewrite is a new version of the same file in the vault.
            String key = VaultLayout.manifestKey(prefix, table, slot);
            put(key, VaultJson.write(capture.manifest(slot, exportArn, ExportDecisions.dataTime(export, exportTime),
                    vault.bucket(), vault.accountId(), slotFolder)));
            manifestKey = key;
            return started.filter(s -> exports.stream().noneMatch(e -> e.exportArn().equals(s.exportArn())));
        }

        private Optional<ExportDescription> start(int failedAttempts) {
            ExportTableToPointInTimeRequest.Builder request = ExportTableToPointInTimeRequest.builder()
                    .tableArn(tableArn)
                    .s3Bucket(vault.bucket())
                    .s3BucketOwner(vault.accountId())
                    .s3Prefix(slotFolder)
                    .exportFormat(ExportFormat.DYNAMODB_JSON)
                    .exportType(ExportType.FULL_EXPORT)
                    .exportTime(exportTime)
                    .clientToken(ExportDecisions.clientToken(tableArn, slot, failedAttempts));
            vault.kmsKey().ifPresent(key -> request.s3SseAlgorithm(S3SseAlgorithm.KMS).s3SseKmsKeyId(key));
            try {
                ExportDescription started = dynamo.exportTableToPointInTime(request.build()).exportDescription();
                status = VaultStatus.STARTED;
                // tracked like a listed export, whose bucket and folder DescribeExport gives
                return Optional.of(started.toBuilder().s3Bucket(vault.bucket()).s3Prefix(slotFolder).build());
            } catch (IdempotentParameterMismatchException | ExportConflictException | ImportConflictException e) {
                // An overlapping run of the slot used the same token with its own ExportTime: its export is the slot's.
                Optional<ExportDescription> theirs = ExportDecisions.slotExport(recentExports(), vault.bucket(), slotFolder);
                if (theirs.isEmpty()) {
                    throw e;
                }
                status = VaultStatus.ALREADY_STARTED;
                return theirs;
            }
        }

        /** This table's exports into our folders that may have started within the tracking window, described. */
        private List<ExportDescription> recentExports() {
            List<ExportDescription> exports = new ArrayList<>();
            List<ExportSummary> listed = dynamo.listExportsPaginator(ListExportsRequest.builder().tableArn(tableArn).build())
                    .stream().flatMap(page -> page.exportSummaries().stream()).toList();
            for (ExportSummary summary : listed) {
                if (ExportDecisions.worthDescribing(summary.exportArn(), windowStart)) {
                    ExportDescription export = dynamo.describeExport(r -> r.exportArn(summary.exportArn())).exportDescription();
                    if (ExportDecisions.slotOf(export, vault.bucket(), prefix, table).isPresent()
                            && ExportDecisions.inWindow(export, windowStart)) {
                        exports.add(export);
                    }
                }
            }
            return exports;
        }

        /**
         * Writes the completion of every tracked export that ended. Within the window each run writes
         * them again: the same content, a new version, harmless; and a run that failed to write one is repaired.
         * A slot has one completion file: a FAILED attempt whose slot has a retry running or completed
         * writes none, so that it can never replace the retry's COMPLETED record.
         */
        private void track(List<ExportDescription> exports) {
            for (ExportDescription export : exports) {
                Instant exportSlot = ExportDecisions.slotOf(export, vault.bucket(), prefix, table).orElseThrow();
                boolean superseded = export.exportStatus() == ExportStatus.FAILED && ExportDecisions.slotExport(exports,
                        vault.bucket(), VaultLayout.slotFolder(prefix, table, exportSlot)).isPresent();
                if (export.exportStatus() == ExportStatus.IN_PROGRESS) {
                    inProgress.add(export.exportArn());
                } else if (!superseded
                        && (export.exportStatus() == ExportStatus.COMPLETED || export.exportStatus() == ExportStatus.FAILED)) {
                    String key = VaultLayout.completionKey(prefix, table, exportSlot);
                    put(key, VaultJson.write(completion(export, exportSlot)));
                    completions.add(key);
                    if (export.exportStatus() == ExportStatus.COMPLETED) {
                        Instant time = ExportDecisions.dataTime(export, exportSlot);
                        newestCompleted = newestCompleted == null || time.isAfter(newestCompleted) ? time : newestCompleted;
                    }
                }
            }
        }

        private ExportCompletion completion(ExportDescription export, Instant exportSlot) {
            boolean completed = export.exportStatus() == ExportStatus.COMPLETED;
            return new ExportCompletion(ExportCompletion.FORMAT_VERSION, export.exportArn(), export.exportStatusAsString(),
                    ExportDecisions.dataTime(export, exportSlot), export.startTime(), export.endTime(),
                    completed ? export.itemCount() : null, completed ? export.billedSizeBytes() : null,
                    completed ? null : export.failureCode(), completed ? null : export.failureMessage());
        }

        private void noPitr() {
            status = VaultStatus.NO_PITR;
            error = "point-in-time recovery is off for " + table + ", and an export to the vault needs it: turn it on"
                    + " (UpdateContinuousBackups, or PointInTimeRecoverySpecification in the table's stack)";
        }
    }

    /** One of our files into the vault: the vault account must own the bucket; the vault's key when one is set. */
    private void put(String key, byte[] json) {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(vault.bucket())
                .key(key)
                .expectedBucketOwner(vault.accountId())
                .contentType("application/json");
        vault.kmsKey().ifPresent(k -> request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(k));
        s3.putObject(request.build(), RequestBody.fromBytes(json));
    }

    private static String errorOf(RuntimeException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
