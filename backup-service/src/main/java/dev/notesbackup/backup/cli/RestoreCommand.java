package dev.notesbackup.backup.cli;

import dev.notesbackup.backup.policy.BackupInfo;
import dev.notesbackup.backup.restore.RestoreService;
import dev.notesbackup.cli.AwsOptions;
import dev.notesbackup.cli.ExitCodes;
import java.io.PrintStream;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Restores a backup into a NEW table (DynamoDB never restores over an existing one).",
                "With --wait it waits until the table is ACTIVE and re-applies point-in-time recovery, deletion",
                "protection, time to live and tags, and says what it re-applied."},
        footer = ExitCodes.FOOTER)
final class RestoreCommand extends OperatorCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--backup-arn", paramLabel = "ARN", required = true, description = "The backup to restore.")
        String backupArn;

        @ArgGroup(exclusive = false)
        Latest latest;
    }

    static final class Latest {
        @Option(names = "--table", required = true, description = "Restore this table's newest available backup (with --latest).")
        String table;

        @Option(names = "--latest", required = true, description = {"Use the newest available backup of --table, of every type:",
                "also the SYSTEM backup DynamoDB keeps for 35 days of a table deleted with point-in-time recovery on."})
        boolean latest;
    }

    @Option(names = "--target-table", required = true, paramLabel = "NEW_TABLE", description = "Name of the new table; must not exist.")
    String targetTable;

    @Option(names = "--wait", description = "Wait until the table is ACTIVE and re-apply its settings.")
    boolean waitForActive;

    @Option(names = "--max-wait-minutes", description = "Give up waiting after this long (default: ${DEFAULT-VALUE}).")
    int maxWaitMinutes = 60;

    @Mixin
    AwsOptions aws;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (maxWaitMinutes < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--max-wait-minutes must be at least 1, was " + maxWaitMinutes);
        }
        PrintStream out = context.out();
        try (DynamoDbClient dynamo = context.dynamoDbWithRetries().apply(aws)) {
            RestoreService restore = new RestoreService(dynamo, context.clock(), Duration.ofSeconds(5),
                    Duration.ofMinutes(maxWaitMinutes));
            String arn = source.backupArn;
            if (arn == null) {
                RestoreService.Choice choice = restore.chooseLatest(source.latest.table);
                BackupInfo latest = choice.backup();
                out.printf("Newest available backup of %s: %s (%s, created %s)%n", latest.tableName(), latest.name(), latest.type(),
                        latest.created());
                out.println("Why: " + choice.reason() + ".");
                arn = latest.arn();
            }
            RestoreService.Result result = restore.restore(arn, targetTable, waitForActive, out::println);
            out.printf("Restored %s (backup of %s) into %s%s in %d s.%n", result.backupName(), result.sourceTable(),
                    result.targetTable(), result.active() ? ", ACTIVE" : " (still being created)", result.took().toSeconds());
            if (result.active()) {
                out.println("Re-applied: " + (result.reapplied().isEmpty() ? "nothing" : String.join(", ", result.reapplied())));
            }
            return ExitCodes.OK;
        }
    }
}
