package dev.notesbackup.backup.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.backup.audit.CheckStatus;
import dev.notesbackup.backup.audit.Protection;
import dev.notesbackup.backup.audit.ProtectionAudit;
import dev.notesbackup.backup.audit.TableAudit;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.vault.restore.MotoVault;
import dev.notesbackup.backup.vault.restore.VaultLocation;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * The audit's vault check over the real SDK against moto: ListExports and DescribeExport of real
 * exports, only those into the vault's bucket and prefix counted. moto's DescribeExport gives no
 * ExportTime, StartTime or EndTime, so the age is UNKNOWN here (the age rules are unit tested).
 */
@ExtendWith(MotoExtension.class)
class ProtectionAuditVaultIT {
    @Test
    void audit_findsTheTablesExportsIntoTheVault_onTheDynamoDbSide(MotoServer moto) {
        try (MotoVault vault = new MotoVault(moto.endpoint());
             CloudFormationClient cfn = LocalAws.client(CloudFormationClient.builder(), moto.endpoint(), LocalAws.noRetries())) {
            vault.createBucket();
            vault.plainTable("orders", 2);
            vault.s3.createBucket(r -> r.bucket("analytics"));
            String arn = vault.dynamo.describeTable(r -> r.tableName("orders")).table().tableArn();
            vault.dynamo.exportTableToPointInTime(r -> r.tableArn(arn).s3Bucket("analytics").s3Prefix("daily"));
            BackupConfig config = BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, "orders"));
            ProtectionAudit audit = new ProtectionAudit(vault.dynamo, cfn, Clock.systemUTC(), config,
                    ProtectionAudit.DEFAULT_SCHEDULE_PERIOD, Optional.of(vault.location()));

            TableAudit before = audit.audit().tables().get(0);
            assertThat(before.status(Protection.VAULT_EXPORT)).isEqualTo(CheckStatus.MISSING); // the analytics export does not count

            vault.export("orders", Instant.parse("2026-11-25T03:00:00Z"));
            TableAudit after = audit.audit().tables().get(0);
            assertThat(after.status(Protection.VAULT_EXPORT)).isEqualTo(CheckStatus.UNKNOWN);
            assertThat(after.check(Protection.VAULT_EXPORT).orElseThrow().message()).isEqualTo("1 completed export(s) of orders into"
                    + " s3://notes-vault/123456789012/, but DynamoDB gives none of them a time, so their age is unknown");

            VaultLocation elsewhere = new VaultLocation(MotoVault.BUCKET, null, "222222222222");
            TableAudit otherPrefix = new ProtectionAudit(vault.dynamo, cfn, Clock.systemUTC(), config,
                    ProtectionAudit.DEFAULT_SCHEDULE_PERIOD, Optional.of(elsewhere)).audit().tables().get(0);
            assertThat(otherPrefix.status(Protection.VAULT_EXPORT)).isEqualTo(CheckStatus.MISSING);
        }
    }
}
