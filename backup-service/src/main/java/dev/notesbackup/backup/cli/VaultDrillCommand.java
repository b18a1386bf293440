package dev.notesbackup.backup.cli;

import dev.notesbackup.backup.drill.DrillReport;
import dev.notesbackup.backup.drill.RestoreDrill;
import dev.notesbackup.backup.run.TimeBudget;
import dev.notesbackup.backup.vault.restore.VaultLocation;
import dev.notesbackup.backup.vault.restore.VaultRestore;
import dev.notesbackup.cli.AwsOptions;
import dev.notesbackup.cli.ExitCodes;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

@Command(name = "drill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The restore drill from the vault: restores the newest COMPLETED export of a table into a scratch",
                "table (" + RestoreDrill.SCRATCH_PREFIX + "*), checks its item count against the export's and a sample",
                "against the source table item by item, deletes the scratch table, and prints the drill's report.",
                "Exits 1 when the drill fails."},
        footer = ExitCodes.FOOTER)
final class VaultDrillCommand extends OperatorCommand {
    @Mixin
    VaultOptions vault;

    @Mixin
    VaultTableOptions vaultTable;

    @Mixin
    AwsOptions aws;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Duration maxWait = vaultTable.maxWait(spec);
        VaultLocation location = vault.location(vaultTable.prefix);
        try (S3Client s3 = context.s3().apply(aws); DynamoDbClient dynamo = context.dynamoDbWithRetries().apply(aws)) {
            Duration poll = Duration.ofSeconds(5);
            VaultRestore restore = new VaultRestore(s3, dynamo, context.clock(), poll, maxWait);
            // no name prefix: the vault mode restores exports, not backups of ours by name
            RestoreDrill.Result result = new RestoreDrill(dynamo, context.clock(), poll, null)
                    .runFromVault(vaultTable.table, restore, location, TimeBudget.unlimited());
            context.out().println(result.passed()
                    ? "PASSED: " + result.restoredItems() + " items restored from " + result.backupName() + ", " + result.sampled()
                            + " sampled items equal to the source's"
                    : "FAILED: " + result.failure());
            context.out().println(DrillReport.toJson(result));
            return result.passed() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
