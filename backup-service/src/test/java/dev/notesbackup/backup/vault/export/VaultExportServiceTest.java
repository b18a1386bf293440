package dev.notesbackup.backup.vault.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

import dev.notesbackup.backup.run.RunReport;
import dev.notesbackup.backup.run.TableReport;
import dev.notesbackup.backup.run.TableStatus;
import dev.notesbackup.backup.run.TimeBudget;
import dev.notesbackup.backup.vault.ExportCompletion;
import dev.notesbackup.backup.vault.RestoreManifest;
import dev.notesbackup.backup.vault.VaultJson;
import dev.notesbackup.backup.vault.VaultLayout;
import dev.notesbackup.backup.vault.VaultTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeContinuousBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeContinuousBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeExportRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeExportResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportFormat;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.ExportSummary;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeResponse;
import software.amazon.awssdk.services.dynamodb.model.ExportType;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListExportsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListExportsResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.S3SseAlgorithm;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The vault export against Mockito-mocked clients whose answers change between runs: what moto
 * cannot show (it completes an export at once, and has no paging, conflicts or access errors).
 */
class VaultExportServiceTest {
    static final String APP = "123456789012";
    static final String VAULT = "222222222222";
    static final String BUCKET = "vault-bucket";
    static final Instant SLOT = Instant.parse("2026-12-01T03:00:00Z");
    static final Instant STARTED = SLOT.plusSeconds(4);
    static final AppAccount ACCOUNT = new AppAccount("aws", "us-east-1", APP);

    DynamoDbClient dynamo;
    S3Client s3;
    /** The exports DynamoDB knows, per table ARN, in the order it lists them. */
    final Map<String, List<ExportDescription>> exports = new LinkedHashMap<>();
    /** What was put into the vault, by key, the latest version. */
    final Map<String, byte[]> vault = new LinkedHashMap<>();
    final List<ExportTableToPointInTimeRequest> started = new ArrayList<>();

    @BeforeEach
    void clients() {
        // Real default methods (the Consumer overloads, the paginator) over the stubbed request methods.
        dynamo = mock(DynamoDbClient.class, withSettings().defaultAnswer(CALLS_REAL_METHODS));
        s3 = mock(S3Client.class, withSettings().defaultAnswer(CALLS_REAL_METHODS));
        doAnswer(call -> {
            String arn = ((ListExportsRequest) call.getArgument(0)).tableArn();
            String token = ((ListExportsRequest) call.getArgument(0)).nextToken();
            // two pages, as the paginator must follow
            List<ExportDescription> all = exports.getOrDefault(arn, List.of());
            int from = token == null ? 0 : Integer.parseInt(token);
            int to = Math.min(all.size(), from + 1);
            return ListExportsResponse.builder()
                    .exportSummaries(all.subList(from, to).stream().map(e -> ExportSummary.builder().exportArn(e.exportArn())
                            .exportStatus(e.exportStatus()).build()).toList())
                    .nextToken(to < all.size() ? String.valueOf(to) : null).build();
        }).when(dynamo).listExports(any(ListExportsRequest.class));
        doAnswer(call -> {
            String arn = ((DescribeExportRequest) call.getArgument(0)).exportArn();
            return DescribeExportResponse.builder().exportDescription(exports.values().stream().flatMap(List::stream)
                    .filter(e -> e.exportArn().equals(arn)).findFirst().orElseThrow()).build();
        }).when(dynamo).describeExport(any(DescribeExportRequest.class));
        doAnswer(call -> {
            ExportTableToPointInTimeRequest request = call.getArgument(0);
            started.add(request);
            ExportDescription export = ExportDescription.builder()
                    .exportArn(request.tableArn() + "/export/0" + STARTED.toEpochMilli() + "-0000000" + started.size())
                    .exportStatus(ExportStatus.IN_PROGRESS).tableArn(request.tableArn()).s3Bucket(request.s3Bucket())
                    .s3BucketOwner(request.s3BucketOwner()).s3Prefix(request.s3Prefix()).exportTime(request.exportTime())
                    .startTime(STARTED).build();
            exports.computeIfAbsent(request.tableArn(), k -> new ArrayList<>()).add(export);
            return ExportTableToPointInTimeResponse.builder().exportDescription(export).build();
        }).when(dynamo).exportTableToPointInTime(any(ExportTableToPointInTimeRequest.class));
        doAnswer(call -> {
            PutObjectRequest request = call.getArgument(0);
            RequestBody body = call.getArgument(1);
            try (var in = body.contentStreamProvider().newStream()) {
                vault.put(request.key(), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return PutObjectResponse.builder().build();
        }).when(s3).putObject(any(PutObjectRequest.class), any(RequestBody.class));
        table("notes", true);
        table("replies", true);
    }

    /** A table with a hash key, on demand, time to live on "expiresAt", a tag, and PITR as given. */
    void table(String name, boolean pitr) {
        String arn = ACCOUNT.tableArn(name);
        doReturn(DescribeTableResponse.builder().table(t -> t.tableName(name).tableArn(arn)
                        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                        .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                        .billingModeSummary(b -> b.billingMode(BillingMode.PAY_PER_REQUEST))
                        .deletionProtectionEnabled(true)).build())
                .when(dynamo).describeTable(DescribeTableRequest.builder().tableName(name).build());
        doReturn(DescribeTimeToLiveResponse.builder().timeToLiveDescription(t -> t.attributeName("expiresAt")
                .timeToLiveStatus(TimeToLiveStatus.ENABLED)).build())
                .when(dynamo).describeTimeToLive(DescribeTimeToLiveRequest.builder().tableName(name).build());
        doReturn(DescribeContinuousBackupsResponse.builder().continuousBackupsDescription(c -> c
                .pointInTimeRecoveryDescription(p -> p.pointInTimeRecoveryStatus(pitr ? PointInTimeRecoveryStatus.ENABLED
                        : PointInTimeRecoveryStatus.DISABLED))).build())
                .when(dynamo).describeContinuousBackups(DescribeContinuousBackupsRequest.builder().tableName(name).build());
        // tags on two pages
        doReturn(ListTagsOfResourceResponse.builder().tags(t -> t.key("project").value("notes")).nextToken("2").build())
                .when(dynamo).listTagsOfResource(ListTagsOfResourceRequest.builder().resourceArn(arn).build());
        doReturn(ListTagsOfResourceResponse.builder().tags(t -> t.key("owner").value("ann")).build())
                .when(dynamo).listTagsOfResource(ListTagsOfResourceRequest.builder().resourceArn(arn).nextToken("2").build());
    }

    VaultReport run(Instant slot, Instant now, String kmsKey, String... tables) {
        VaultExportService service = new VaultExportService(dynamo, s3, Clock.fixed(now, ZoneOffset.UTC),
                new VaultTarget(BUCKET, VAULT, null, kmsKey));
        List<TableReport> reports = new ArrayList<>();
        for (String table : tables) {
            reports.add(new TableReport(table, TableStatus.OK, null, null, List.of(), 1, true, 0, null, null));
        }
        return service.run(new RunReport(slot, slot.plusSeconds(2), false, reports, true, List.of(), Map.of(), 0, 0,
                Duration.ofSeconds(1)), ACCOUNT, TimeBudget.unlimited());
    }

    VaultReport run(String... tables) {
        return run(SLOT, SLOT.plusSeconds(30), null, tables);
    }

    /** Ends the table's export as DynamoDB would. */
    void complete(String table, int index, ExportStatus status) {
        List<ExportDescription> list = exports.get(ACCOUNT.tableArn(table));
        ExportDescription e = list.get(index);
        ExportDescription.Builder ended = e.toBuilder().exportStatus(status).endTime(STARTED.plus(Duration.ofHours(2)));
        if (status == ExportStatus.COMPLETED) {
            ended.itemCount(42L).billedSizeBytes(4200L);
        } else {
            ended.failureCode("S3AccessDenied").failureMessage("Access Denied");
        }
        list.set(index, ended.build());
    }

    // ---- the tests ---------------------------------------------------------------------------

    @Test
    void tracksAnExport_fromInProgress_toCompleted_acrossTwoRuns() {
        // moto completes an export at once, so only a mocked DynamoDB shows an export that is still running at the next run
        VaultReport first = run("notes");

        VaultTableReport notes = first.tables().get(0);
        assertThat(notes.status()).isEqualTo(VaultStatus.STARTED);
        assertThat(notes.inProgress()).containsExactly(notes.exportArn());
        assertThat(notes.completions()).isEmpty();
        assertThat(notes.newestCompleted()).isNull();
        assertThat(VaultReport.newestExportAgeSeconds(notes, first.finishedAt())).as("a first export still running has no age yet").isEmpty();
        assertThat(vault).containsOnlyKeys(VaultLayout.manifestKey(APP, "notes", SLOT));

        Instant nextSlot = SLOT.plus(Duration.ofDays(1));
        VaultReport second = run(nextSlot, nextSlot.plusSeconds(30), null, "notes"); // still running at the next day's run
        assertThat(second.tables().get(0).inProgress()).hasSize(2);
        assertThat(second.tables().get(0).completions()).isEmpty();

        complete("notes", 0, ExportStatus.COMPLETED);
        Instant third = nextSlot.plusSeconds(3600);
        VaultReport retried = run(nextSlot, third, null, "notes"); // a retry of the next day's slot

        VaultTableReport done = retried.tables().get(0);
        assertThat(done.status()).isEqualTo(VaultStatus.ALREADY_STARTED);
        assertThat(done.inProgress()).containsExactly(done.exportArn()).doesNotContain(notes.exportArn());
        String key = VaultLayout.completionKey(APP, "notes", SLOT);
        assertThat(done.completions()).containsExactly(key);
        ExportCompletion completion = VaultJson.read(vault.get(key), ExportCompletion.class, key);
        assertThat(completion).isEqualTo(new ExportCompletion(ExportCompletion.FORMAT_VERSION, notes.exportArn(), "COMPLETED",
                SLOT.plusSeconds(2), STARTED, STARTED.plus(Duration.ofHours(2)), 42L, 4200L, null, null));
        assertThat(done.newestCompleted()).as("the export's point in time: the run's start").isEqualTo(SLOT.plusSeconds(2));
        assertThat(VaultReport.newestExportAgeSeconds(done, retried.finishedAt()))
                .hasValue(Duration.between(SLOT.plusSeconds(2), third).toSeconds());
        assertThat(started).as("one export per slot").hasSize(2);
    }

    @Test
    void aFailedExport_isRetriedWithAFreshClientToken_andTheSlotsCompletionIsTheRetrys_neverTheFailedOnes() {
        run("notes");
        complete("notes", 0, ExportStatus.FAILED);

        VaultReport retry = run("notes");

        VaultTableReport notes = retry.tables().get(0);
        assertThat(notes.status()).isEqualTo(VaultStatus.STARTED);
        assertThat(started).hasSize(2);
        assertThat(started.get(0).clientToken()).isEqualTo(ExportDecisions.clientToken(ACCOUNT.tableArn("notes"), SLOT, 0));
        assertThat(started.get(1).clientToken()).isEqualTo(ExportDecisions.clientToken(ACCOUNT.tableArn("notes"), SLOT, 1))
                .isNotEqualTo(started.get(0).clientToken());
        String key = VaultLayout.completionKey(APP, "notes", SLOT);
        assertThat(vault).as("the slot's one completion file waits for the retry").doesNotContainKey(key);

        complete("notes", 1, ExportStatus.COMPLETED);
        run("notes");
        run("notes"); // every run rewrites the completions of its window: the failed attempt must not win the key

        ExportCompletion completion = VaultJson.read(vault.get(key), ExportCompletion.class, key);
        assertThat(completion.status()).isEqualTo("COMPLETED");
        assertThat(completion.exportArn()).isEqualTo(notes.exportArn());
    }

    @Test
    void aRedeliveredSlot_startsNoSecondExport_andWritesTheManifestAgain() {
        run("notes", "replies");
        vault.clear();

        VaultReport again = run("notes", "replies");

        assertThat(started).hasSize(2);
        assertThat(again.tables()).allSatisfy(t -> assertThat(t.status()).isEqualTo(VaultStatus.ALREADY_STARTED));
        assertThat(vault).containsOnlyKeys(VaultLayout.manifestKey(APP, "notes", SLOT), VaultLayout.manifestKey(APP, "replies", SLOT));
    }

    @Test
    void theExport_andOurFiles_nameTheVaultAccount_theSlotsFolder_theRunsTime_andTheKey() {
        String key = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        ArgumentCaptor<PutObjectRequest> puts = ArgumentCaptor.forClass(PutObjectRequest.class);

        run(SLOT, SLOT.plusSeconds(30), key, "notes");

        ExportTableToPointInTimeRequest request = started.get(0);
        assertThat(request.tableArn()).isEqualTo(ACCOUNT.tableArn("notes"));
        assertThat(request.s3Bucket()).isEqualTo(BUCKET);
        assertThat(request.s3BucketOwner()).isEqualTo(VAULT);
        assertThat(request.s3Prefix()).isEqualTo(VaultLayout.slotFolder(APP, "notes", SLOT));
        assertThat(request.exportType()).isEqualTo(ExportType.FULL_EXPORT);
        assertThat(request.exportFormat()).isEqualTo(ExportFormat.DYNAMODB_JSON);
        assertThat(request.exportTime()).as("the backup run's start").isEqualTo(SLOT.plusSeconds(2));
        assertThat(request.s3SseAlgorithm()).isEqualTo(S3SseAlgorithm.KMS);
        assertThat(request.s3SseKmsKeyId()).isEqualTo(key);
        verify(s3).putObject(puts.capture(), any(RequestBody.class));
        assertThat(puts.getValue().expectedBucketOwner()).isEqualTo(VAULT);
        assertThat(puts.getValue().serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(puts.getValue().ssekmsKeyId()).isEqualTo(key);
        RestoreManifest manifest = VaultJson.read(vault.get(VaultLayout.manifestKey(APP, "notes", SLOT)), RestoreManifest.class, "m");
        assertThat(manifest.tags()).as("both pages of tags").containsOnly(Map.entry("project", "notes"), Map.entry("owner", "ann"));
        assertThat(manifest.timeToLiveAttribute()).isEqualTo("expiresAt");
        assertThat(manifest.exportTime()).isEqualTo(SLOT.plusSeconds(2));
        assertThat(manifest.deletionProtection()).isTrue();
    }

    @Test
    void oneTablesFailure_neverStopsTheOthers_andATableWithoutPitr_isFailedForTheVault() {
        table("drafts", false);
        doThrow(DynamoDbException.builder().message("User is not authorized to perform: dynamodb:DescribeTable")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build()).build())
                .when(dynamo).describeTable(DescribeTableRequest.builder().tableName("notes").build());

        VaultReport report = run("notes", "drafts", "replies");

        assertThat(report.tables()).extracting(VaultTableReport::status)
                .containsExactly(VaultStatus.FAILED, VaultStatus.NO_PITR, VaultStatus.STARTED);
        assertThat(report.tables().get(0).error()).contains("not authorized");
        assertThat(report.tables().get(1).error()).contains("point-in-time recovery is off for drafts");
        assertThat(report.failures()).hasSize(2);
        assertThat(report.mustFail()).isTrue();
        assertThat(started).extracting(ExportTableToPointInTimeRequest::tableArn).containsExactly(ACCOUNT.tableArn("replies"));
        assertThat(VaultReport.newestExportAgeSeconds(report.tables().get(1), report.finishedAt()))
                .as("no export at all: the tracking window, a lower bound").hasValue(ExportDecisions.TRACKING_WINDOW.toSeconds());
    }

    @Test
    void anOverlappingRunsExport_isTheSlots_whenDynamoDbRefusesTheSameTokenWithAnotherExportTime() {
        run("notes");
        List<ExportDescription> theirs = List.copyOf(exports.get(ACCOUNT.tableArn("notes")));
        exports.clear(); // this run's listing does not see it yet ...
        doAnswer(call -> {
            exports.put(ACCOUNT.tableArn("notes"), new ArrayList<>(theirs)); // ... the second look does
            throw IdempotentParameterMismatchException.builder().message("same token, other parameters").build();
        }).when(dynamo).exportTableToPointInTime(any(ExportTableToPointInTimeRequest.class));

        VaultTableReport notes = run("notes").tables().get(0);

        assertThat(notes.status()).isEqualTo(VaultStatus.ALREADY_STARTED);
        assertThat(notes.exportArn()).isEqualTo(theirs.get(0).exportArn());
        assertThat(notes.manifestKey()).isEqualTo(VaultLayout.manifestKey(APP, "notes", SLOT));
    }

    @Test
    void aDeletedTable_startsNothing_butItsEarlierExportsAreStillTracked() {
        run("notes");
        complete("notes", 0, ExportStatus.COMPLETED);
        doThrow(ResourceNotFoundException.builder().message("Requested resource not found").build())
                .when(dynamo).describeTable(DescribeTableRequest.builder().tableName("notes").build());
        vault.clear();

        VaultTableReport notes = run(SLOT.plus(Duration.ofDays(1)), SLOT.plus(Duration.ofDays(1)), null, "notes").tables().get(0);

        assertThat(notes.status()).isEqualTo(VaultStatus.MISSING);
        assertThat(notes.status().isFailure()).isFalse();
        assertThat(notes.completions()).containsExactly(VaultLayout.completionKey(APP, "notes", SLOT));
        assertThat(notes.newestCompleted()).isEqualTo(SLOT.plusSeconds(2));
        assertThat(started).hasSize(1);
    }

    @Test
    void exportsOlderThanTheTrackingWindow_areNotDescribed_andOthersExportsAreIgnored() {
        String arn = ACCOUNT.tableArn("notes");
        Instant old = SLOT.minus(ExportDecisions.TRACKING_WINDOW).minusSeconds(60);
        exports.put(arn, new ArrayList<>(List.of(
                ExportDescription.builder().exportArn(arn + "/export/0" + old.toEpochMilli() + "-aaaaaaaa")
                        .exportStatus(ExportStatus.COMPLETED).s3Bucket(BUCKET).s3Prefix(VaultLayout.slotFolder(APP, "notes", old)).build(),
                ExportDescription.builder().exportArn(arn + "/export/0" + SLOT.toEpochMilli() + "-bbbbbbbb")
                        .exportStatus(ExportStatus.COMPLETED).s3Bucket("someone-elses-bucket")
                        .s3Prefix(VaultLayout.slotFolder(APP, "notes", SLOT)).build())));

        VaultTableReport notes = run("notes").tables().get(0);

        verify(dynamo, never()).describeExport(DescribeExportRequest.builder().exportArn(arn + "/export/0" + old.toEpochMilli()
                + "-aaaaaaaa").build());
        verify(dynamo, times(1)).describeExport(DescribeExportRequest.builder().exportArn(arn + "/export/0" + SLOT.toEpochMilli()
                + "-bbbbbbbb").build());
        assertThat(notes.status()).as("an export into another bucket is not the slot's").isEqualTo(VaultStatus.STARTED);
        assertThat(notes.completions()).isEmpty();
    }

    @Test
    void theTimeBudget_stopsTheVaultStep_beforeTheNextTable() {
        VaultExportService service = new VaultExportService(dynamo, s3, Clock.fixed(SLOT, ZoneOffset.UTC),
                new VaultTarget(BUCKET, VAULT, null, null));
        RunReport backups = new RunReport(SLOT, SLOT, false, List.of(new TableReport("notes", TableStatus.OK, null, null, List.of(),
                1, true, 0, null, null), new TableReport("notes-*", TableStatus.MISSING, null, null, List.of(), 0, true, 0, null,
                "no table matches")), true, List.of(), Map.of(), 0, 0, Duration.ZERO);

        VaultReport report = service.run(backups, ACCOUNT, TimeBudget.fromRemaining(Duration.ofSeconds(1), Duration.ofSeconds(2)));

        assertThat(report.tables()).as("a prefix that matched no table names no table").extracting(VaultTableReport::table)
                .containsExactly("notes");
        assertThat(report.tables().get(0).status()).isEqualTo(VaultStatus.NOT_REACHED);
        assertThat(report.mustFail()).isTrue();
        assertThat(report.failures()).isEmpty();
        verify(dynamo, never()).describeTable(any(DescribeTableRequest.class));
    }
}
