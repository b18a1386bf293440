package dev.notesbackup.backup.cli;

import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.run.BackupService;
import dev.notesbackup.backup.run.RunListener;
import dev.notesbackup.backup.run.RunReport;
import dev.notesbackup.backup.run.TableReport;
import dev.notesbackup.backup.run.TimeBudget;
import dev.notesbackup.cli.AwsOptions;
import dev.notesbackup.cli.ExitCodes;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a backup now: the same code path as the scheduled Lambda.",
                "Backs up every table, prunes by the retention policy, prints progress and a per-table summary."},
        footer = ExitCodes.FOOTER)
final class RunCommand extends OperatorCommand {
    @Mixin
    BackupOptions backup;

    @Option(names = "--dry-run", description = "Report what would be created and deleted; change nothing.")
    boolean dryRun;

    @Option(names = "--slot", paramLabel = "ISO-INSTANT",
            description = "The schedule slot the backups are named for (default: now, to the minute). The same slot twice makes no second backup.")
    Instant slot;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() {
        BackupConfig config = backup.config(context.env());
        if (dryRun) {
            config = config.withDryRun(true);
        }
        Instant runSlot = slot != null ? slot : context.clock().instant().truncatedTo(ChronoUnit.MINUTES);
        PrintStream out = context.out();
        out.printf("%sBacking up %s for slot %s (retention %d days, keep at least %d, prefix '%s') ...%n",
                config.dryRun() ? "DRY RUN: " : "", config.tables(), runSlot, config.retentionDays(),
                config.keepAtLeast(), config.namePrefix());
        try (DynamoDbClient dynamo = context.dynamoDb().apply(aws)) {
            RunReport report = new BackupService(dynamo, context.clock(), config)
                    .run(runSlot, TimeBudget.unlimited(), new Progress(out, config.dryRun()));
            printSummary(out, report);
            return report.mustFail() ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }

    static void printSummary(PrintStream out, RunReport report) {
        out.println();
        out.printf("%-30s %-11s %-8s %-8s %-5s %s%n", "TABLE", "STATUS", "CREATED", "DELETED", "KEPT", "NOTE");
        for (TableReport t : report.tables()) {
            String note = t.error() != null ? t.error() : t.skipped() != null ? "backup for this slot already existed" : "";
            out.printf("%-30s %-11s %-8s %-8d %-5s %s%n", t.table(), t.status(), t.created() != null ? "yes" : "no",
                    t.deleted().size(), (t.listed() ? "" : ">=") + t.kept(), note);
        }
        out.println(report.summary());
    }

    /** One line per event, numbered, as the run goes. */
    private record Progress(PrintStream out, boolean dryRun, AtomicInteger events) implements RunListener {
        Progress(PrintStream out, boolean dryRun) {
            this(out, dryRun, new AtomicInteger());
        }

        @Override
        public void backedUp(String table, String backupName, boolean alreadyExisted) {
            say(table + ": " + (alreadyExisted ? "backup already made for this slot: " : dryRun ? "would back up as " : "backed up as ") + backupName);
        }

        @Override
        public void failed(String table, String error) {
            say(table + ": FAILED: " + error);
        }

        @Override
        public void deleted(String table, String backupName) {
            say(table + ": " + (dryRun ? "would delete " : "deleted ") + backupName);
        }

        private void say(String line) {
            synchronized (out) {
                out.printf("[%d] %s%n", events.incrementAndGet(), line);
            }
        }
    }
}
