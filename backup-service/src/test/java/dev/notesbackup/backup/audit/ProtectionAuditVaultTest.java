package dev.notesbackup.backup.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.spy;

import dev.notesbackup.backup.cfn.FakeCloudFormation;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.policy.BackupNames;
import dev.notesbackup.backup.vault.restore.VaultLocation;
import dev.notesbackup.testsupport.InMemoryDynamoDb;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.DescribeExportRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeExportResponse;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.ExportSummary;
import software.amazon.awssdk.services.dynamodb.model.ListExportsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListExportsResponse;

/** The audit's vault report, with exports DynamoDB describes (ListExports, DescribeExport) given by the test. */
class ProtectionAuditVaultTest {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final VaultLocation VAULT = new VaultLocation("notes-vault", "444455556666", "123456789012");
    static final String TABLE = "notes";

    final InMemoryDynamoDb dynamo = spy(new InMemoryDynamoDb());
    final FakeCloudFormation cfn = new FakeCloudFormation();
    final Map<String, ExportDescription> exports = new HashMap<>();

    @BeforeEach
    void setUp() {
        dynamo.protectedTable(TABLE);
        dynamo.addBackup(TABLE, BackupNames.forSlot("scheduled", TABLE, NOW.minus(Duration.ofHours(9))), NOW.minus(Duration.ofHours(9)));
        // two pages, so that the audit reads every page of ListExports
        doAnswer(call -> {
            ListExportsRequest request = call.getArgument(0);
            assertThat(request.tableArn()).isEqualTo(InMemoryDynamoDb.tableArn(TABLE));
            List<ExportSummary> all = exports.values().stream().map(e -> ExportSummary.builder().exportArn(e.exportArn())
                    .exportStatus(e.exportStatus()).build()).sorted(java.util.Comparator.comparing(ExportSummary::exportArn)).toList();
            boolean first = request.nextToken() == null;
            List<ExportSummary> page = first ? all.subList(0, Math.min(1, all.size())) : all.subList(Math.min(1, all.size()), all.size());
            return ListExportsResponse.builder().exportSummaries(page).nextToken(first && all.size() > 1 ? "page-2" : null).build();
        }).when(dynamo).listExports(any(ListExportsRequest.class));
        doAnswer(call -> DescribeExportResponse.builder()
                .exportDescription(exports.get(((DescribeExportRequest) call.getArgument(0)).exportArn())).build())
                .when(dynamo).describeExport(any(DescribeExportRequest.class));
    }

    void export(String id, ExportStatus status, String bucket, String prefix, Instant exportTime) {
        String arn = InMemoryDynamoDb.tableArn(TABLE) + "/export/" + id;
        exports.put(arn, ExportDescription.builder().exportArn(arn).exportStatus(status).s3Bucket(bucket).s3Prefix(prefix)
                .exportTime(exportTime).build());
    }

    AuditReport audit(Optional<VaultLocation> vault) {
        BackupConfig config = BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, TABLE));
        return new ProtectionAudit(dynamo, cfn.client, Clock.fixed(NOW, ZoneOffset.UTC), config, ProtectionAudit.DEFAULT_SCHEDULE_PERIOD,
                vault).audit();
    }

    @Test
    void audit_reportsTheNewestCompletedExportIntoTheVault_andItsAge() {
        export("01-old", ExportStatus.COMPLETED, "notes-vault", "123456789012/notes/20261123T030000Z", NOW.minus(Duration.ofHours(57)));
        export("02-new", ExportStatus.COMPLETED, "notes-vault", "123456789012/notes/20261125T030000Z", NOW.minus(Duration.ofHours(9)));
        export("03-failed", ExportStatus.FAILED, "notes-vault", "123456789012/notes/20261125T040000Z", null);
        export("04-elsewhere", ExportStatus.COMPLETED, "analytics-bucket", "123456789012/notes/x", NOW.minus(Duration.ofHours(1)));
        export("05-other-prefix", ExportStatus.COMPLETED, "notes-vault", "999999999999/notes/x", NOW.minus(Duration.ofHours(1)));

        AuditReport report = audit(Optional.of(VAULT));

        TableAudit notes = report.tables().get(0);
        assertThat(notes.status(Protection.VAULT_EXPORT)).isEqualTo(CheckStatus.OK);
        assertThat(notes.newestVaultExport()).isEqualTo(NOW.minus(Duration.ofHours(9)));
        assertThat(notes.check(Protection.VAULT_EXPORT).orElseThrow().message()).isEqualTo("the newest completed export into"
                + " s3://notes-vault/123456789012/, arn:aws:dynamodb:us-east-1:123456789012:table/notes/export/02-new, is of"
                + " 2026-11-25T03:00:00Z, 9h old");
        assertThat(report.allProtected()).as(report.toText()).isTrue();
        assertThat(report.toText()).contains("Vault: s3://notes-vault/123456789012/ (account 444455556666): the newest completed export")
                .contains("VAULT EXPORT").contains("OK 9h");
        assertThat(report.toJson()).contains("\"newestVaultExport\":\"2026-11-25T03:00:00Z\",\"newestVaultExportAgeSeconds\":32400")
                .endsWith(",\"vault\":{\"configured\":true,\"bucket\":\"notes-vault\",\"bucketOwner\":\"444455556666\","
                        + "\"prefix\":\"123456789012\"}}");
    }

    @Test
    void audit_reportsTheVaultCopyAsMissing_whenStaleOrAbsent() {
        export("01-old", ExportStatus.COMPLETED, "notes-vault", "123456789012/notes/20261123T030000Z", NOW.minus(Duration.ofHours(37)));

        TableAudit stale = audit(Optional.of(VAULT)).tables().get(0);
        assertThat(stale.status(Protection.VAULT_EXPORT)).isEqualTo(CheckStatus.MISSING);
        assertThat(stale.check(Protection.VAULT_EXPORT).orElseThrow().message()).endsWith("1d13h old, older than 1d12h:"
                + " the vault's copy is stale (the backup run's export failed or did not run)");

        exports.clear();
        TableAudit none = audit(Optional.of(VAULT)).tables().get(0);
        assertThat(none.status(Protection.VAULT_EXPORT)).isEqualTo(CheckStatus.MISSING);
        assertThat(none.check(Protection.VAULT_EXPORT).orElseThrow().message()).isEqualTo("no completed export of notes into"
                + " s3://notes-vault/123456789012/: does the backup stack export to the vault, and has it run since?");
        assertThat(none.isProtected()).isFalse();
    }

    @Test
    void audit_saysTheVaultIsNotConfigured_andChecksNoExport_whenNoneIsGiven() {
        export("02-new", ExportStatus.COMPLETED, "notes-vault", "123456789012/notes/20261125T030000Z", NOW.minus(Duration.ofHours(9)));

        AuditReport report = audit(Optional.empty());

        assertThat(report.tables().get(0).check(Protection.VAULT_EXPORT)).isEmpty();
        assertThat(report.allProtected()).isTrue();
        assertThat(report.toText()).contains("Vault: not configured").doesNotContain("VAULT EXPORT");
        assertThat(report.toJson()).endsWith(",\"vault\":{\"configured\":false}}");
        org.mockito.Mockito.verify(dynamo, org.mockito.Mockito.never()).listExports(any(ListExportsRequest.class));
    }
}
