package dev.notesbackup.backup.cli;

import dev.notesbackup.backup.audit.AuditReport;
import dev.notesbackup.backup.audit.ProtectionAudit;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.cli.AwsOptions;
import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.backup.vault.restore.VaultLocation;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks every configured table's protection: it exists, deletion protection and point-in-time",
                "recovery are on, its last backup of ours is recent, and, where a CloudFormation stack owns it,",
                "its DeletionPolicy and UpdateReplacePolicy are Retain. Exits 1 when any protection is missing."},
        footer = ExitCodes.FOOTER)
final class AuditCommand extends OperatorCommand {
    @Mixin
    BackupOptions backup;

    @Option(names = "--schedule-hours", description = "Hours between scheduled backups; a backup older than 1.5 times this is stale (default: ${DEFAULT-VALUE}).")
    int scheduleHours = 24;

    @Option(names = "--json", description = "Print the report as one JSON object, for machines.")
    boolean json;

    @Option(names = "--vault-bucket", paramLabel = "BUCKET",
            description = "Also check each table's newest completed export into this vault bucket (read on the DynamoDB side).")
    String vaultBucket;

    @Option(names = "--vault-owner", paramLabel = "ACCOUNT_ID", description = "The vault bucket's account (with --vault-bucket).")
    String vaultOwner;

    @Option(names = "--vault-prefix", paramLabel = "PREFIX", description = "The app account's folder in the vault (with --vault-bucket).")
    String vaultPrefix;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() {
        if (scheduleHours < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--schedule-hours must be at least 1, was " + scheduleHours);
        }
        BackupConfig config = backup.config(context.env());
        Optional<VaultLocation> vault = vaultBucket == null ? Optional.empty()
                : Optional.of(new VaultLocation(vaultBucket, vaultOwner, vaultPrefix));
        try (DynamoDbClient dynamo = context.dynamoDbWithRetries().apply(aws);
             CloudFormationClient cfn = context.cloudFormation().apply(aws)) {
            AuditReport report = new ProtectionAudit(dynamo, cfn, context.clock(), config, Duration.ofHours(scheduleHours), vault).audit();
            context.out().println(json ? report.toJson() : report.toText());
            return report.allProtected() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
