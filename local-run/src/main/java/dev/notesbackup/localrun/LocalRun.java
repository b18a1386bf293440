package dev.notesbackup.localrun;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.notesbackup.backup.aws.AwsClients;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.config.ConfigException;
import dev.notesbackup.backup.lambda.BackupRunFailedException;
import dev.notesbackup.backup.lambda.ScheduledBackupHandler;
import dev.notesbackup.backup.run.BackupService;
import dev.notesbackup.backup.run.RunReport;
import dev.notesbackup.backup.run.TableReport;
import dev.notesbackup.cli.AwsTarget;
import dev.notesbackup.testsupport.AwsLimitsProxy;
import dev.notesbackup.testsupport.LambdaTestContext;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoServer;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The README's first quick-start command: the real backup handler, run as EventBridge would, for
 * several daily slots against a local moto server, with the service's clock (and the backups'
 * creation times, through the proxy) moved forward a day per slot so that pruning shows.
 */
@Command(name = "run-local.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Runs the scheduled backup Lambda locally against moto for several daily schedule slots.",
                "With --region, --profile or --endpoint-url it runs one slot against that AWS instead,",
                "in dry-run mode unless --no-dry-run is given."})
public final class LocalRun implements Callable<Integer> {
    @Option(names = "--tables", description = "Number of note tables to create locally (default: ${DEFAULT-VALUE}).")
    int tables = 3;

    @Option(names = "--items", description = "Items written to each table (default: ${DEFAULT-VALUE}).")
    int items = 25;

    @Option(names = "--days", description = "Number of daily schedule slots to run (default: ${DEFAULT-VALUE}).")
    int days = 6;

    @Option(names = "--retention-days", description = "Retention period in days (default: ${DEFAULT-VALUE}).")
    int retentionDays = 3;

    @Option(names = "--keep-at-least", description = "Newest backups always kept per table (default: ${DEFAULT-VALUE}).")
    int keepAtLeast = 2;

    @Option(names = "--prefix", description = "Backup name prefix (default: ${DEFAULT-VALUE}).")
    String prefix = BackupConfig.DEFAULT_NAME_PREFIX;

    @Option(names = "--region", description = "Target this AWS region instead of the local moto server.")
    String region;

    @Option(names = "--profile", description = "Target AWS with this named profile instead of the local moto server.")
    String profile;

    @Option(names = "--endpoint-url", description = "Target this endpoint instead of starting a local moto server.")
    URI endpoint;

    @Option(names = "--table-names", split = ",", description = "Tables to back up when targeting AWS (comma separated).")
    List<String> tableNames = List.of();

    @Option(names = "--no-dry-run", description = "When targeting AWS: really create and delete backups. Off by default.")
    boolean noDryRun;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new LocalRun());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("run-local: " + e.getMessage());
            return 1;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() {
        validate();
        return targetsAws() ? runAgainstAws() : runOnMoto();
    }

    private boolean targetsAws() {
        return region != null || profile != null || endpoint != null;
    }

    private void validate() {
        require(tables >= 1 && tables <= 500, "--tables must be from 1 to 500, was " + tables);
        require(items >= 0 && items <= 10_000, "--items must be from 0 to 10000, was " + items);
        require(days >= 1 && days <= 400, "--days must be from 1 to 400, was " + days);
        require(!targetsAws() || !tableNames.isEmpty(), "--table-names is required with --region, --profile or --endpoint-url");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new CommandLine.ParameterException(new CommandLine(new LocalRun()), message);
        }
    }

    // ---- against AWS (or an endpoint the user runs) ------------------------------------------

    private int runAgainstAws() {
        boolean dryRun = !noDryRun;
        AwsTarget target = new AwsTarget(region, profile, endpoint);
        BackupConfig config = config(String.join(",", tableNames), dryRun);
        out.printf("Target: %s%s%n", describe(target), dryRun ? " -- DRY RUN (nothing is changed; pass --no-dry-run to change)" : "");
        DynamoDbClient dynamo = AwsClients.dynamoDb(AwsClients.httpClient(), target);
        Instant slot = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        RunReport report = invoke(new BackupService(dynamo, Clock.systemUTC(), config), slot, "slot " + slot);
        return report.failed() ? 1 : 0;
    }

    private static String describe(AwsTarget target) {
        List<String> parts = new ArrayList<>();
        if (target.region() != null) {
            parts.add("region " + target.region());
        }
        if (target.profile() != null) {
            parts.add("profile " + target.profile());
        }
        if (target.endpoint() != null) {
            parts.add("endpoint " + target.endpoint());
        }
        return String.join(", ", parts);
    }

    // ---- on a local moto server ------------------------------------------------------------

    private int runOnMoto() {
        long started = System.nanoTime();
        out.println("Starting a local moto server ...");
        try (MotoServer moto = MotoServer.start();
             AwsLimitsProxy proxy = AwsLimitsProxy.start(moto.endpoint())) {
            out.printf("  moto on %s (pid %d), backup API through %s%n", moto.endpoint(), moto.pid(), proxy.endpoint());
            Instant firstSlot = LocalDate.now(ZoneOffset.UTC).atTime(3, 0).toInstant(ZoneOffset.UTC);
            AtomicReference<Instant> now = new AtomicReference<>(firstSlot);
            proxy.virtualClock(now::get);
            DynamoDbClient dynamo = LocalAws.dynamoDb(proxy.endpoint());

            List<String> names = IntStream.rangeClosed(1, tables).mapToObj(i -> "notes-" + i).toList();
            seedTables(dynamo, names, now);
            BackupConfig config = config(String.join(",", names), false);
            out.printf("Backups: retention %d days, keep at least %d, prefix '%s'; %d daily slots from %s%n",
                    retentionDays, keepAtLeast, prefix, days, firstSlot);

            boolean failed = false;
            for (int day = 0; day < days; day++) {
                Instant slot = firstSlot.plus(Duration.ofDays(day));
                now.set(slot.plusSeconds(5));
                BackupService service = new BackupService(dynamo, Clock.fixed(now.get(), ZoneOffset.UTC), config);
                failed |= invoke(service, slot, String.format("slot %d/%d  %s", day + 1, days, slot)).failed();
            }
            Instant lastSlot = firstSlot.plus(Duration.ofDays(days - 1));
            BackupService service = new BackupService(dynamo, Clock.fixed(now.get(), ZoneOffset.UTC), config);
            failed |= invoke(service, lastSlot, "the same event delivered again (EventBridge delivers at least once)").failed();

            printBackups(dynamo, names, now.get());
            out.printf("Stopping moto. Done in %.1f s.%n", (System.nanoTime() - started) / 1e9);
            return failed ? 1 : 0;
        }
    }

    private void seedTables(DynamoDbClient dynamo, List<String> names, AtomicReference<Instant> now) {
        out.printf("Creating %d note tables with %d items each ...%n", names.size(), items);
        for (String name : names) {
            dynamo.createTable(r -> r.tableName(name)
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            for (int i = 1; i <= items; i++) {
                Map<String, AttributeValue> item = new HashMap<>();
                item.put("id", AttributeValue.fromS(String.format("note-%05d", i)));
                item.put("text", AttributeValue.fromS("Note " + i + " in " + name));
                dynamo.putItem(r -> r.tableName(name).item(item));
            }
            // a backup somebody made by hand: the service must never touch it
            Instant madeAt = now.get().minus(Duration.ofDays(30));
            now.set(madeAt);
            String arn = dynamo.createBackup(r -> r.tableName(name).backupName("before-migration")).backupDetails().backupArn();
            now.set(madeAt.plus(Duration.ofDays(30)));
            out.printf("  %-10s %d items, plus a hand-made backup 'before-migration' (%s)%n", name, items, shortArn(arn));
        }
    }

    private RunReport invoke(BackupService service, Instant slot, String title) {
        ScheduledEvent event = new ScheduledEvent()
                .withId("local-" + slot.getEpochSecond())
                .withSource("aws.events")
                .withDetailType("Scheduled Event")
                .withRegion("us-east-1")
                .withTime(new DateTime(slot.toEpochMilli(), DateTimeZone.UTC));
        LambdaTestContext context = new LambdaTestContext(Duration.ofMinutes(15));
        out.printf("%n[%s] invoking the backup handler ...%n", title);
        RunReport report;
        try {
            report = new ScheduledBackupHandler(service, null, null, line -> { }).invoke(event, context); // the report is printed below, readably
        } catch (BackupRunFailedException e) {
            report = e.report();
        }
        printReport(report);
        return report;
    }

    private void printReport(RunReport report) {
        out.printf("  %-12s %-11s %-52s %-8s %s%n", "table", "status", "created / skipped", "deleted", "kept");
        for (TableReport t : report.tables()) {
            String made = t.created() != null ? (report.dryRun() ? "would create " : "created ") + t.created()
                    : t.skipped() != null ? "skipped (exists) " + t.skipped() : "-";
            out.printf("  %-12s %-11s %-52s %-8d %d%s%n", t.table(), t.status(), made, t.deleted().size(), t.kept(),
                    t.error() == null ? "" : "  error: " + t.error());
            for (String deleted : t.deleted()) {
                out.printf("  %-12s %-11s   %s %s%n", "", "", report.dryRun() ? "would delete" : "deleted", deleted);
            }
        }
        out.printf("  => %s (%d ms, API calls %s)%n", report.summary(), report.duration().toMillis(), report.apiCalls());
    }

    private void printBackups(DynamoDbClient dynamo, List<String> names, Instant now) {
        out.printf("%nBackups left per table at %s:%n", now);
        List<BackupSummary> all = dynamo.listBackups(r -> r.backupType(BackupTypeFilter.ALL)).backupSummaries();
        Map<String, List<BackupSummary>> byTable = all.stream().collect(Collectors.groupingBy(BackupSummary::tableName));
        for (String name : names) {
            List<BackupSummary> backups = byTable.getOrDefault(name, List.of()).stream()
                    .sorted(Comparator.comparing(BackupSummary::backupCreationDateTime).reversed()).toList();
            out.printf("  %s: %d backups%n", name, backups.size());
            for (BackupSummary b : backups) {
                long ageDays = Duration.between(b.backupCreationDateTime(), now).toDays();
                out.printf("    %-40s created %s (%d days ago) %s%n", b.backupName(), b.backupCreationDateTime(), ageDays,
                        b.backupStatusAsString());
            }
        }
    }

    private BackupConfig config(String tableList, boolean dryRun) {
        try {
            return BackupConfig.fromEnvironment(Map.of(
                    BackupConfig.TABLES, tableList,
                    BackupConfig.RETENTION_DAYS, String.valueOf(retentionDays),
                    BackupConfig.KEEP_AT_LEAST, String.valueOf(keepAtLeast),
                    BackupConfig.NAME_PREFIX, prefix,
                    BackupConfig.DRY_RUN, String.valueOf(dryRun)));
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(new CommandLine(new LocalRun()), e.getMessage());
        }
    }

    private static String shortArn(String arn) {
        return arn.substring(arn.indexOf("table/"));
    }
}
