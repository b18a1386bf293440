package dev.notesbackup.backup.cli;

import dev.notesbackup.backup.vault.restore.VaultLocation;
import dev.notesbackup.backup.vault.restore.VaultRestore;
import dev.notesbackup.cli.AwsOptions;
import dev.notesbackup.cli.ExitCodes;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Restores a table from the vault into a NEW table with ImportTable: the newest COMPLETED export,",
                "or the newest at or before --before. Rebuilds the schema, global indexes, billing and encryption from",
                "the restore manifest, waits until ACTIVE, checks the item count, re-applies time to live, point-in-time",
                "recovery, deletion protection, tags, stream and table class, and says what was and was not re-applied.",
                "Exits 1 when a setting could not be re-applied."},
        footer = ExitCodes.FOOTER)
final class VaultRestoreCommand extends OperatorCommand {
    @Mixin
    VaultOptions vault;

    @Mixin
    VaultTableOptions vaultTable;

    @Option(names = "--to", required = true, paramLabel = "NEW_TABLE", description = "Name of the new table; must not exist.")
    String targetTable;

    @Option(names = "--before", paramLabel = "ISO-INSTANT",
            description = "Take the newest export as of this time or earlier (default: the newest), e.g. 2026-11-25T03:00:00Z.")
    Instant before;

    @Option(names = "--dynamodb-owned-key",
            description = "Encrypt the new table with DynamoDB's own key instead of the source's KMS key (e.g. when that key's account is gone).")
    boolean dynamoDbOwnedKey;

    @Mixin
    AwsOptions aws;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Duration maxWait = vaultTable.maxWait(spec);
        VaultLocation location = vault.location(vaultTable.prefix);
        PrintStream out = context.out();
        try (S3Client s3 = context.s3().apply(aws); DynamoDbClient dynamo = context.dynamoDbWithRetries().apply(aws)) {
            VaultRestore.Result result = new VaultRestore(s3, dynamo, context.clock(), Duration.ofSeconds(5), maxWait)
                    .restore(location, vaultTable.table, Optional.ofNullable(before),
                    targetTable, dynamoDbOwnedKey ? VaultRestore.Encryption.DYNAMODB_OWNED_KEY : VaultRestore.Encryption.AS_MANIFEST,
                    out::println);
            result.summary().forEach(out::println);
            return result.complete() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
