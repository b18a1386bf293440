package dev.notesbackup.backup.cli;

import dev.notesbackup.backup.aws.DeletedTableBackups;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.inventory.BackupInventory;
import dev.notesbackup.backup.policy.Verdict;
import dev.notesbackup.cli.AwsOptions;
import dev.notesbackup.cli.ExitCodes;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists backups per table, newest first, with what the retention policy would do",
                "if a run happened now: delete, or keep and why (newest N, within retention, not ours, table missing)."},
        footer = ExitCodes.FOOTER)
final class ListCommand extends OperatorCommand {
    @Option(names = "--table", paramLabel = "TABLE", description = "Only this table (repeatable; default: the configured tables).")
    List<String> onlyTables;

    @Option(names = "--all-types", description = {"Also SYSTEM and AWS_BACKUP backups (default: USER backups, and the SYSTEM",
            "backup DynamoDB keeps for 35 days of a table deleted with point-in-time recovery on)."})
    boolean allTypes;

    @Mixin
    BackupOptions backup;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() {
        Map<String, String> env = context.env();
        if (onlyTables != null && backup.tables == null && !env.containsKey(BackupConfig.TABLES)) {
            backup.tables = onlyTables; // --table alone is enough; the retention settings still come from the environment
        }
        BackupConfig config = backup.config(env);
        PrintStream out = context.out();
        try (DynamoDbClient dynamo = context.dynamoDbWithRetries().apply(aws)) {
            BackupInventory inventory = new BackupInventory(dynamo, context.clock(), config);
            List<String> tables = onlyTables != null ? onlyTables : inventory.resolve(config.tables());
            out.printf("Retention %d days, keep at least %d, prefix '%s'%n", config.retentionDays(), config.keepAtLeast(), config.namePrefix());
            for (String table : tables) {
                BackupInventory.TableBackups backups = inventory.of(table, allTypes);
                out.printf("%n%s%s: %d backups%n", table, backups.tableExists() ? "" : " (TABLE MISSING: all its backups are kept"
                        + backups.deletedTableBackup().map(b -> "; " + DeletedTableBackups.describe(b)).orElse("") + ")",
                        backups.entries().size());
                if (!backups.entries().isEmpty()) {
                    out.printf("  %-48s %-24s %-10s %12s %-10s %s%n", "NAME", "CREATED", "STATUS", "SIZE", "TYPE", "NEXT RUN");
                }
                for (BackupInventory.Entry entry : backups.entries()) {
                    var b = entry.backup();
                    out.printf("  %-48s %-24s %-10s %12d %-10s %s%n", b.name(), b.created(), b.status(), b.sizeBytes(), b.type(),
                            describe(entry));
                }
            }
            return ExitCodes.OK;
        }
    }

    static String describe(BackupInventory.Entry entry) {
        Verdict verdict = entry.verdict();
        if (DeletedTableBackups.isDeletedTableBackup(entry.backup())) {
            return "keep: " + verdict.explanation() + "; DynamoDB's backup of the table at its deletion, which DynamoDB deletes at "
                    + DeletedTableBackups.disappearsAt(entry.backup());
        }
        return verdict.deletes() ? "DELETE (" + verdict.explanation() + ")" : "keep: " + verdict.explanation();
    }

}
