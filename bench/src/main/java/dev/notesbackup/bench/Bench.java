package dev.notesbackup.bench;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.notesbackup.backup.aws.AwsClients;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.lambda.BackupRunFailedException;
import dev.notesbackup.backup.lambda.ScheduledBackupHandler;
import dev.notesbackup.backup.run.BackupService;
import dev.notesbackup.backup.run.RunReport;
import dev.notesbackup.backup.run.TableReport;
import dev.notesbackup.backup.run.TableStatus;
import dev.notesbackup.cli.AwsTarget;
import dev.notesbackup.testsupport.AwsLimitsProxy;
import dev.notesbackup.testsupport.LambdaJar;
import dev.notesbackup.testsupport.LambdaTestContext;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The benchmark harness (bench/run.sh). Runs the scenarios of BENCHMARKS.md and prints the figures as
 * Markdown (also written to --out): the backup-run scenarios on the in-memory backup plane behind the
 * AWS limits proxy, each invocation a function process (or, with {@code --backend moto}, the
 * earlier in-process runs against moto behind the proxy), the cold starts against moto, the jar sizes.
 */
@Command(name = "bench/run.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmarks of the backup run (against the AWS rate-limit floor), cold start and jar sizes.",
                "Everything runs on this machine: the backup plane or moto on loopback, the limits proxy in this JVM."})
public final class Bench implements Callable<Integer> {
    enum Scenario { s200, s1000, s10000, cold }

    /** What answers the backup-run scenarios' DynamoDB calls behind the limits proxy. */
    enum Backend { plane, moto }

    @Option(names = "--only", split = ",", description = "Scenarios to run: s200, s1000, s10000, cold (default: all).")
    EnumSet<Scenario> only = EnumSet.allOf(Scenario.class);

    @Option(names = "--backend", description = "Backup-run scenarios on: plane (in memory, each invocation a function process)"
            + " or moto (the handler in this JVM; s200 and s1000 only) (default: ${DEFAULT-VALUE}).")
    Backend backend = Backend.plane;

    @Option(names = "--repeats", description = "S200: runs of the slot (on moto: of the service and of the baseline, alternating) (default: ${DEFAULT-VALUE}).")
    int repeats = 3;

    @Option(names = "--baseline", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "S200 on moto: also run the sequential baseline (default: ${DEFAULT-VALUE}; --no-baseline to time the service alone).")
    boolean withBaseline = true;

    @Option(names = "--s200-tables", description = "S200: tables (default: ${DEFAULT-VALUE}).")
    int s200Tables = 200;

    @Option(names = "--s200-backups", description = "S200: existing backups per table, the oldest past retention (default: ${DEFAULT-VALUE}).")
    int s200Backups = 30;

    @Option(names = "--s1000-tables", description = "S1000: tables (default: ${DEFAULT-VALUE}).")
    int s1000Tables = 1000;

    @Option(names = "--s1000-backups", description = "S1000: existing backups per table, the oldest past retention"
            + " (default: ${DEFAULT-VALUE}, 35 days' retention and a few days' margin; moto's earlier figures are at 10).")
    int s1000Backups = 38;

    @Option(names = "--s1000-context-seconds", description = "S1000 on moto: the Lambda deadline of each invocation (default: ${DEFAULT-VALUE}, the 15-minute maximum).")
    int s1000ContextSeconds = 900;

    @Option(names = "--s1000-max-runs", description = "S1000 on moto: invocations at most until no work is left (default: ${DEFAULT-VALUE}).")
    int s1000MaxRuns = 10;

    @Option(names = "--s10000-tables", description = "S10000: tables, the account maximum (default: ${DEFAULT-VALUE}).")
    int s10000Tables = 10_000;

    @Option(names = "--s10000-backups", description = "S10000: existing backups per table, the oldest past retention (default: ${DEFAULT-VALUE}).")
    int s10000Backups = 38;

    @Option(names = "--memory-mb", description = "Plane: the function's memory; each process's JVM is sized for it (default: ${DEFAULT-VALUE}).")
    int memoryMb = 512;

    @Option(names = "--deadline-seconds", description = "Plane: each invocation's deadline, the function's timeout (default: ${DEFAULT-VALUE}, Lambda's maximum).")
    int deadlineSeconds = 900;

    @Option(names = "--duplicate-continuation", description = "Plane: deliver the first continuation twice, the copy after the original (an at-least-once delivery).")
    boolean duplicateContinuation;

    @Option(names = "--max-invocations", description = "Plane: the harness stops a slot after this many function processes (default: ${DEFAULT-VALUE}).")
    int maxInvocations = 10;

    @Option(names = "--creation-delay-ms", description = "Plane: how long a new backup stays CREATING (default: ${DEFAULT-VALUE}).")
    int creationDelayMs = 0;

    @Option(names = "--latency-ms", description = "Latency the proxy adds to every call (default: ${DEFAULT-VALUE}).")
    int latencyMs = 15;

    @Option(names = "--cold-runs", description = "Cold start: counted runs per variant (default: ${DEFAULT-VALUE}).")
    int coldRuns = 7;

    @Option(names = "--backup-jar", description = "The Lambda jar (default: ${DEFAULT-VALUE}).")
    Path backupJar = Path.of(LambdaJar.BACKUP.inProject());

    @Option(names = "--notes-jar", description = "The notes API jar (default: ${DEFAULT-VALUE}).")
    Path notesJar = Path.of(LambdaJar.NOTES.inProject());

    @Option(names = "--probe-jar", description = "The bench's own classes (InvokeOnce), after the Lambda jar on the function processes' classpath (default: ${DEFAULT-VALUE}).")
    Path probeJar = Path.of("bench/target/bench.jar");

    @Option(names = "--runtime-jar", description = "The Lambda runtime's event serialization, last on the function processes' classpath (default: ${DEFAULT-VALUE}).")
    Path runtimeJar = Path.of("bench/target/lambda-runtime/aws-lambda-java-serialization-1.2.0.jar");

    @Option(names = "--profile-classpath", description = "Extra jars for the cold-start phase profile (default: ${DEFAULT-VALUE}).")
    String profileClasspath = "bench/target/bench.jar:test-support/target/test-support.jar";

    @Option(names = "--work-dir", description = "Scratch files: events, the function processes' output, CDS archive, class-load logs (default: ${DEFAULT-VALUE}).")
    Path workDir = Path.of("bench/target/work");

    @Option(names = "--out", description = "Also write the results here (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("bench/target/results.md");

    private final PrintStream console = System.out;
    private final StringBuilder results = new StringBuilder();
    private MotoServer moto;
    private AwsLimitsProxy proxy;
    private DynamoDbClient direct;
    private DynamoDbClient seeding;
    private DynamoDbClient product;

    public static void main(String[] args) {
        // The service's clients take credentials from the SDK's default chain, as on Lambda.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        CommandLine cli = new CommandLine(new Bench()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            e.printStackTrace(commandLine.getErr());
            return 1;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(workDir);
        if (backend == Backend.moto && only.contains(Scenario.s10000)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "S10000 runs on the plane only: moto answers"
                    + " every ListBackups call with every backup; leave out s10000 (--only s200,s1000) or use --backend plane");
        }
        machine();
        if (backend == Backend.plane) {
            PlaneSlots slots = new PlaneSlots(new PlaneSlots.Settings(memoryMb, Duration.ofSeconds(deadlineSeconds),
                    Duration.ofMillis(latencyMs), Duration.ofMillis(creationDelayMs), duplicateContinuation, maxInvocations,
                    functionClasspath(), workDir.toAbsolutePath()), this::emit);
            planeScenarios(slots);
        }
        if (backend == Backend.moto && (only.contains(Scenario.s200) || only.contains(Scenario.s1000)) || only.contains(Scenario.cold)) {
            log("Starting moto and the limits proxy ...");
            try (MotoServer m = MotoServer.start(); AwsLimitsProxy p = AwsLimitsProxy.start(m.endpoint())) {
                moto = m;
                proxy = p;
                direct = LocalAws.dynamoDb(moto.endpoint());
                seeding = LocalAws.dynamoDb(proxy.endpoint());
                SdkHttpClient http = AwsClients.httpClient();
                product = AwsClients.dynamoDb(http, new AwsTarget("us-east-1", null, proxy.endpoint()));
                if (backend == Backend.moto && only.contains(Scenario.s200)) {
                    s200();
                }
                if (backend == Backend.moto && only.contains(Scenario.s1000)) {
                    s1000();
                }
                if (only.contains(Scenario.cold)) {
                    coldStart();
                }
            }
        }
        jarSizes();
        emit("%nHarness total: %.0f s; load average at the end: %s%n", (System.nanoTime() - started) / 1e9, loadAverage());
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, results.toString(), StandardCharsets.UTF_8);
        log("Results written to " + out);
        return 0;
    }

    /** The function processes' classpath: the Lambda jar first, so that every class the function runs loads from it. */
    private String functionClasspath() {
        for (Path jar : List.of(backupJar, probeJar, runtimeJar)) {
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: build with mvn -pl bench -am package -DskipTests (bench/run.sh does)");
            }
        }
        return Stream.of(backupJar, probeJar, runtimeJar).map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining(":"));
    }

    // ---- the backup run on the plane --------------------------------------------------------------

    private void planeScenarios(PlaneSlots slots) {
        if (only.contains(Scenario.s200)) {
            emit("%n## S200 on the plane: %d tables x %d backups, one past retention each%n%n", s200Tables, s200Backups);
            List<Double> walls = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int i = 1; i <= repeats; i++) {
                emit("### Run %d of %d%n%n", i, repeats);
                PlaneSlots.Result r = slots.run(PlaneSlots.fleet("s200", s200Tables, s200Backups));
                slots.report(r, 1.10);
                walls.add(r.slot().wall());
                ratios.add(r.slot().wall() / r.floor());
            }
            emit("S200: wall %s s, ratio to the floor %s (target <= 1.10)%n%n", Summary.of(walls).format("%.1f"),
                    Summary.of(ratios).format("%.3f"));
        }
        if (only.contains(Scenario.s1000)) {
            emit("%n## S1000 on the plane: %d tables x %d backups, one past retention each%n%n", s1000Tables, s1000Backups);
            slots.report(slots.run(PlaneSlots.fleet("s1000", s1000Tables, s1000Backups)), 1.15);
        }
        if (only.contains(Scenario.s10000)) {
            emit("%n## S10000 on the plane: %d tables x %d backups, one past retention each%n%n", s10000Tables, s10000Backups);
            slots.report(slots.run(PlaneSlots.fleet("s10000", s10000Tables, s10000Backups)), 1.2);
        }
    }

    // ---- machine ------------------------------------------------------------------------------

    private void machine() {
        emit("# Benchmark results%n%n");
        emit("- date (UTC): %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        emit("- processors: %d; memory: %s%n", Runtime.getRuntime().availableProcessors(), memTotal());
        emit("- JDK: %s %s (%s)%n", System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("os.arch"));
        emit("- load average at the start (1, 5, 15 min): %s%n", loadAverage());
        emit("- proxy: CreateBackup 50/s, DeleteBackup 10/s, ListBackups 5/s (token buckets, burst 1 s), %d ms added to every call%n",
                latencyMs);
        emit("- backup-run scenarios on: %s%n", backend == Backend.plane ? String.format(Locale.ROOT, "the in-memory backup plane;"
                + " each invocation a process `java %s -cp <Lambda jar>:bench.jar:<runtime's serialization> InvokeOnce --event FILE`"
                + " (function memory %d MB, deadline %d s), continuations delivered from a Lambda Invoke recorder%s",
                String.join(" ", FunctionProcess.jvmFlags(memoryMb)),
                memoryMb, deadlineSeconds, duplicateContinuation ? ", the first one twice" : "")
                : "moto, the handler in this JVM");
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                    .findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    // ---- S200 ---------------------------------------------------------------------------------

    private void s200() {
        Fleet fleet = seed("s200", s200Tables, s200Backups);
        emit("%n## S200 on moto: %d tables x %d backups, one past retention each%n%n%s.%n%n", s200Tables, s200Backups, lastSeeding);
        double floor = floor(fleet);
        emit("Floor max(%d/50, %d/10) = %.1f s. Retention %d days, keep at least %d. Runs alternate service, baseline, ...;"
                        + " the data is restored between runs.%n%n",
                s200Tables, s200Tables, floor, fleet.retentionDays(), Fleet.KEEP_AT_LEAST);
        pageCost(fleet);

        List<Double> ours = new ArrayList<>();
        List<Double> baseline = new ArrayList<>();
        List<Double> speedups = new ArrayList<>();
        List<String> details = new ArrayList<>();
        emit("| run | service wall (s) | ratio to floor | baseline wall (s) | speedup | load avg |%n|---|---|---|---|---|---|%n");
        for (int i = 1; i <= repeats; i++) {
            ServiceRun run = runService(fleet, Duration.ofMinutes(15));
            check(fleet, run.report);
            restore(fleet);
            ours.add(run.wall);
            details.add(String.format(Locale.ROOT, "- run %d, service: %s%n", i, run.describe()));
            if (!withBaseline) {
                emit("| %d | %.1f | %.2f | - | - | %s |%n", i, run.wall, run.wall / floor, loadAverage());
                continue;
            }
            BaselineRun base = runBaseline(fleet);
            restore(fleet);
            baseline.add(base.result.seconds());
            speedups.add(base.result.seconds() / run.wall);
            emit("| %d | %.1f | %.2f | %.1f | %.2f | %s |%n", i, run.wall, run.wall / floor, base.result.seconds(),
                    base.result.seconds() / run.wall, loadAverage());
            details.add(String.format(Locale.ROOT, "- run %d, baseline: %s%n", i, base.describe()));
        }
        Summary o = Summary.of(ours);
        emit("%n- service: median %s s, ratio to floor %.2f (target <= 1.2)%n", o.format("%.1f"), o.median() / floor);
        if (withBaseline) {
            emit("- baseline: median %s s%n", Summary.of(baseline).format("%.1f"));
            emit("- speedup, run by run: median %s (target >= 5)%n", Summary.of(speedups).format("%.2f"));
        }
        emit("%n");
        emit("Per run (API calls: the run report's count / the proxy's received, throttled):%n%n");
        details.forEach(d -> emit("%s", d));
    }

    private Fleet seed(String name, int tables, int backups) {
        resetMoto();
        Fleet fleet = new Fleet(name, tables, backups, Instant.now().truncatedTo(ChronoUnit.MINUTES));
        log(String.format(Locale.ROOT, "%s: creating %d tables and seeding %d backups ...", name, tables, tables * backups));
        long t0 = System.nanoTime();
        fleet.createTables(direct);
        long t1 = System.nanoTime();
        fleet.seedBackups(proxy, seeding);
        long t2 = System.nanoTime();
        String line = String.format(Locale.ROOT, "Seeding %s: %d tables in %.1f s, %d backups in %.1f s (%.0f/s, 4 threads, limits off)",
                name, tables, (t1 - t0) / 1e9, tables * backups, (t2 - t1) / 1e9, tables * backups / ((t2 - t1) / 1e9));
        log(line);
        lastSeeding = line;
        return fleet;
    }

    private String lastSeeding = "";

    private void resetMoto() {
        moto.reset();
        proxy.clearRules().clearBackupTimes().resetStats().virtualClock(null);
    }

    /** What one ListBackups page costs in the emulator: moto answers every call with all backups, the proxy pages them. */
    private void pageCost(Fleet fleet) {
        int total = fleet.tables.size() * fleet.backupsPerTable;
        List<Double> motoMs = new ArrayList<>();
        List<Double> proxyMs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            direct.listBackups(r -> r.backupType("USER"));
            long t1 = System.nanoTime();
            seeding.listBackups(r -> r.backupType("USER").limit(100));
            long t2 = System.nanoTime();
            motoMs.add((t1 - t0) / 1e6);
            proxyMs.add((t2 - t1) / 1e6);
        }
        Summary m = Summary.of(motoMs);
        Summary p = Summary.of(proxyMs);
        emit("Emulator cost of one account-wide ListBackups page at %d backups (no limits, no latency): moto alone %s ms"
                        + " (it answers every call with all backups), through the proxy (one page of 100) %s ms."
                        + " A listing of %d pages therefore takes at least %.1f s here, on top of the 5/s pacing (%.1f s).%n%n",
                total, m.format("%.0f"), p.format("%.0f"), pages(total + fleet.tables.size()),
                pages(total + fleet.tables.size()) * p.median() / 1000, pages(total + fleet.tables.size()) / 5.0);
    }

    private static int pages(int backups) {
        return (backups + 99) / 100;
    }

    static double floor(Fleet fleet) {
        int t = fleet.tables.size();
        return floor(t, t, 0); // one create and one delete per table, the listing concurrent
    }

    /** The AWS limits' floor: creates at 50/s, deletes at 10/s, the needed ListBackups pages at 5/s, all at once. */
    static double floor(int creates, int deletes, int listCalls) {
        return Math.max(creates / 50.0, Math.max(deletes / 10.0, listCalls / 5.0));
    }

    private void restore(Fleet fleet) {
        proxy.clearRules();
        fleet.restore(proxy, seeding, direct);
        proxy.resetStats();
    }

    private void limitsOn() {
        proxy.clearRules().awsBackupLimits().latencyAll(Duration.ofMillis(latencyMs)).resetStats();
    }

    record ServiceRun(double wall, RunReport report, Map<String, AwsLimitsProxy.OpStats> proxyStats, String timeline) {
        String describe() {
            return String.format(Locale.ROOT, "%.1f s (report %.1f s); calls %s; retries %d, throttles %d; %s; %s",
                    wall, report.duration().toMillis() / 1000.0, calls(report.apiCalls(), proxyStats), report.retries(),
                    report.throttles(), timeline, report.summary());
        }
    }

    record BaselineRun(SequentialBaseline.Result result, Map<String, AwsLimitsProxy.OpStats> proxyStats, String timeline) {
        String describe() {
            return String.format(Locale.ROOT, "%.1f s; calls %s; throttled calls retried %d; %s; created %d, deleted %d",
                    result.seconds(), calls(Map.of(), proxyStats), result.throttles(), timeline, result.created(), result.deleted());
        }
    }

    static String calls(Map<String, Long> reported, Map<String, AwsLimitsProxy.OpStats> proxy) {
        Map<String, String> parts = new TreeMap<>();
        proxy.forEach((op, s) -> parts.put(op, (reported.containsKey(op) ? reported.get(op) + " / " : "")
                + s.received() + (s.throttled() > 0 ? ", " + s.throttled() + " throttled" : "")));
        reported.forEach((op, n) -> parts.putIfAbsent(op, n + " / -"));
        return parts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; "));
    }

    private ServiceRun runService(Fleet fleet, Duration context) {
        limitsOn();
        BackupConfig config = BackupConfig.fromEnvironment(Map.of(
                BackupConfig.TABLES, fleet.tableSelector(),
                BackupConfig.RETENTION_DAYS, String.valueOf(fleet.retentionDays()),
                BackupConfig.KEEP_AT_LEAST, String.valueOf(Fleet.KEEP_AT_LEAST),
                BackupConfig.NAME_PREFIX, Fleet.PREFIX));
        // No restore drill, no audit; the report's JSON and metric lines are not wanted in the output.
        ScheduledBackupHandler handler = new ScheduledBackupHandler(new BackupService(product, Clock.systemUTC(), config),
                null, null, line -> { });
        ScheduledEvent event = new ScheduledEvent().withSource("aws.events").withDetailType("Scheduled Event")
                .withId("bench-" + fleet.slot.getEpochSecond())
                .withTime(new DateTime(fleet.slot.toEpochMilli(), DateTimeZone.UTC));
        log(fleet.name + ": running the backup handler ...");
        RunReport report;
        double wall;
        String timeline;
        try (Timeline t = new Timeline(proxy)) {
            long t0 = System.nanoTime();
            try {
                report = handler.invoke(event, new LambdaTestContext(context));
            } catch (BackupRunFailedException e) {
                report = e.report();
            }
            wall = (System.nanoTime() - t0) / 1e9;
            t.close();
            timeline = t.describe();
        }
        ServiceRun run = new ServiceRun(wall, report, proxy.stats(), timeline);
        log(String.format(Locale.ROOT, "  %s", run.describe()));
        return run;
    }

    private BaselineRun runBaseline(Fleet fleet) {
        limitsOn();
        SequentialBaseline baseline = new SequentialBaseline(product, Fleet.PREFIX, Duration.ofDays(fleet.retentionDays()),
                Fleet.KEEP_AT_LEAST);
        log(fleet.name + ": running the sequential baseline ...");
        SequentialBaseline.Result result;
        String timeline;
        try (Timeline t = new Timeline(proxy)) {
            result = baseline.run(fleet.tables, fleet.slot);
            t.close();
            timeline = t.describe();
        }
        if (result.created() != fleet.tables.size() || result.deleted() != fleet.tables.size()) {
            throw new IllegalStateException("baseline: created " + result.created() + ", deleted " + result.deleted());
        }
        BaselineRun run = new BaselineRun(result, proxy.stats(), timeline);
        log("  " + run.describe());
        return run;
    }

    /** The run did what it should: every table backed up, exactly its expired backup deleted. */
    private static void check(Fleet fleet, RunReport report) {
        if (report.failed() || report.workLeft()) {
            throw new IllegalStateException("the run did not complete: " + report.summary());
        }
        for (TableReport t : report.tables()) {
            String expired = fleet.backupName(t.table(), fleet.daysBefore(fleet.backupsPerTable));
            if (t.status() != TableStatus.OK || !t.deleted().equals(List.of(expired))) {
                throw new IllegalStateException("unexpected outcome for " + t.table() + ": " + t);
            }
        }
        if (report.tables().size() != fleet.tables.size()) {
            throw new IllegalStateException(report.tables().size() + " tables in the report, expected " + fleet.tables.size());
        }
    }

    // ---- S1000 --------------------------------------------------------------------------------

    private void s1000() {
        Fleet fleet = seed("s1000", s1000Tables, s1000Backups);
        double floor = floor(fleet);
        int pages = pages(s1000Tables * (s1000Backups + 1));
        emit("%n## S1000 on moto: %d tables x %d backups, one past retention each%n%n%s.%n%n", s1000Tables, s1000Backups, lastSeeding);
        emit("Floor max(%d/50, %d/10) = %.0f s; listing %d pages at 5/s = %.0f s, concurrent with it. Lambda deadline %d s,"
                        + " time margin %d s.%n%n",
                s1000Tables, s1000Tables, floor, pages, pages / 5.0, s1000ContextSeconds, BackupConfig.DEFAULT_TIME_MARGIN_SECONDS);
        pageCost(fleet);
        double total = 0;
        int runs = 0;
        RunReport last = null;
        emit("| invocation | wall (s) | created | skipped | deleted | deletions left | not reached | listing complete |%n|---|---|---|---|---|---|---|---|%n");
        while (runs < s1000MaxRuns) {
            ServiceRun run = runService(fleet, Duration.ofSeconds(s1000ContextSeconds));
            runs++;
            total += run.wall;
            last = run.report;
            emit("| %d | %.1f | %d | %d | %d | %d | %d | %s |%n", runs, run.wall, last.createdCount(), last.skippedCount(),
                    last.deletedCount(), last.deletesLeftCount(), last.count(TableStatus.NOT_REACHED), last.listingComplete());
            details1000.add(String.format(Locale.ROOT, "- invocation %d: %s%n", runs, run.describe()));
            if (!last.workLeft() && last.count(TableStatus.NOT_REACHED) == 0) {
                break;
            }
        }
        int deletedTotal = countDeleted(fleet);
        emit("%n- %d invocation(s), %.1f s in all (ratio to the %.0f s floor: %.2f); %d of %d expired backups deleted,"
                        + " load average %s%n%n", runs, total, floor, total / floor, deletedTotal, s1000Tables, loadAverage());
        details1000.forEach(d -> emit("%s", d));
        if (last != null && last.failed()) {
            throw new IllegalStateException("S1000 failed: " + last.summary());
        }
    }

    private final List<String> details1000 = new ArrayList<>();

    /** Expired backups gone, counted in moto itself. */
    private int countDeleted(Fleet fleet) {
        java.util.Set<String> names = direct.listBackups(r -> r.backupType("ALL")).backupSummaries().stream()
                .map(b -> b.backupName()).collect(Collectors.toSet());
        return (int) fleet.tables.stream()
                .filter(t -> !names.contains(fleet.backupName(t, fleet.daysBefore(fleet.backupsPerTable)))).count();
    }

    // ---- cold start ---------------------------------------------------------------------------

    private void coldStart() throws IOException {
        resetMoto();
        String table = "cold-1";
        direct.createTable(r -> r.tableName(table)
                .keySchema(k -> k.attributeName("id").keyType(software.amazon.awssdk.services.dynamodb.model.KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S))
                .billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST));
        Path dir = workDir.toAbsolutePath();
        ColdStart cold = new ColdStart(backupJar.toAbsolutePath(), probeJar.toAbsolutePath().toString(), moto.endpoint(), table, dir);
        log("Cold start: " + coldRuns + " runs per variant ...");
        emit("%n## Cold start: `java -cp <jar> InvokeOnce` of the Lambda jar, one scheduled invocation of one table against moto (no proxy)%n%n");
        emit("Environment of each run: %s (HOME an empty directory: no AWS config files, as on Lambda).%n%n",
                cold.env().entrySet().stream().filter(e -> !e.getKey().equals("PATH") && !e.getKey().equals("HOME"))
                        .map(e -> e.getKey() + "=" + (e.getKey().equals("AWS_ENDPOINT_URL_DYNAMODB") ? "http://127.0.0.1:PORT" : e.getValue()))
                        .collect(Collectors.joining(" ")));
        if (!cold.measuresPeak()) {
            emit("**%s not found: peak memory not measured** (install GNU time).%n%n", ColdStart.TIME);
        }

        Path jsa = dir.resolve("backup-service.jsa");
        Files.deleteIfExists(jsa);
        cold.run(cold.jarCommand(List.of("-XX:ArchiveClassesAtExit=" + jsa)));
        String useJsa = "-XX:SharedArchiveFile=" + jsa;

        ColdStart.Variant floorVariant = new ColdStart.Variant("JVM start and exit only (empty main, same JVM): the floor", List.of());
        List<ColdStart.Variant> variants = List.of(
                new ColdStart.Variant("`java -cp <jar> InvokeOnce` (JVM defaults)", List.of()),
                new ColdStart.Variant("`-XX:TieredStopAtLevel=1` (C1 only, as the java21 managed runtime runs it)", List.of("-XX:TieredStopAtLevel=1")),
                new ColdStart.Variant("C1 + `-XX:+UseSerialGC`", List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")),
                new ColdStart.Variant("C1 + AppCDS (`-XX:SharedArchiveFile`, archive from `-XX:ArchiveClassesAtExit`)",
                        List.of("-XX:TieredStopAtLevel=1", useJsa)),
                new ColdStart.Variant("C1 + SerialGC + AppCDS", List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", useJsa)),
                new ColdStart.Variant("`-Xshare:off` (no class-data sharing at all)", List.of("-Xshare:off")),
                floorVariant);
        Map<ColdStart.Variant, List<String>> commands = new LinkedHashMap<>();
        for (ColdStart.Variant v : variants) {
            commands.put(v, v == floorVariant
                    ? List.of(cold.java().toString(), "-cp", Path.of("bench/target/bench.jar").toAbsolutePath().toString(),
                            Noop.class.getName())
                    : cold.jarCommand(v.flags()));
        }
        Map<ColdStart.Variant, List<ColdStart.Run>> measured = cold.measure(variants, commands, coldRuns);
        emit("| variant | wall (s), median (min-max) | peak RSS (MB), median (min-max) |%n|---|---|---|%n");
        for (Map.Entry<ColdStart.Variant, List<ColdStart.Run>> e : measured.entrySet()) {
            Summary wall = Summary.of(e.getValue().stream().map(ColdStart.Run::seconds).toList());
            String peak = cold.measuresPeak()
                    ? Summary.of(e.getValue().stream().map(r -> r.peakKb() / 1024.0).toList()).format("%.0f") : "n/a";
            emit("| %s | %s | %s |%n", e.getKey().label(), wall.format("%.2f"), peak);
        }
        emit("%nTargets: median <= 0.6 s, peak <= 150 MB. Load average after: %s.%n%n", loadAverage());
        classLoading(cold, useJsa);
        phases(cold);
    }

    /** How many classes a run loads, and from where (CDS archive, the JDK image, the jar). */
    private void classLoading(ColdStart cold, String useJsa) throws IOException {
        emit("Classes loaded by one run (`-Xlog:class+load`):%n%n| run | classes | from the JDK's CDS archive | from AppCDS | from the JDK image | from the jar |%n|---|---|---|---|---|---|%n");
        for (List<String> flags : List.of(List.<String>of(), List.of(useJsa))) {
            Path log = workDir.toAbsolutePath().resolve("class-load.log");
            Files.deleteIfExists(log);
            List<String> all = new ArrayList<>(flags);
            all.add("-Xlog:class+load=info:file=" + log);
            cold.run(cold.jarCommand(all));
            List<String> lines = Files.readAllLines(log);
            long total = lines.stream().filter(l -> l.contains("source:")).count();
            long top = lines.stream().filter(l -> l.contains("source: shared objects file (top)")).count();
            long base = lines.stream().filter(l -> l.contains("source: shared objects file")).count() - top;
            long jrt = lines.stream().filter(l -> l.contains("source: jrt:/")).count();
            long jar = lines.stream().filter(l -> l.contains("source: file:") || l.contains("source: jar:")).count();
            emit("| %s | %d | %d | %d | %d | %d |%n", flags.isEmpty() ? "JVM defaults" : "with AppCDS", total, base, top, jrt, jar);
        }
        emit("%n");
    }

    /** Timestamps around the init steps and the first invocation, in a fresh JVM each time. */
    private void phases(ColdStart cold) {
        String cp = backupJar.toAbsolutePath() + ":" + probeJar.toAbsolutePath() + ":" + java.util.Arrays.stream(profileClasspath.split(":"))
                .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(":"));
        emit("Where the time goes (ms, median of 5 fresh JVMs; `java -cp backup-service.jar:... %s`, timestamps around each step):%n%n",
                ColdStartProfile.class.getSimpleName());
        emit("| JVM flags | read config | HTTP client | DynamoDB client | handler | first invocation | second invocation (warm) |%n|---|---|---|---|---|---|---|%n");
        for (List<String> flags : List.of(List.<String>of(), List.of("-XX:TieredStopAtLevel=1"))) {
            Map<String, List<Double>> byPhase = new LinkedHashMap<>();
            List<String> command = new ArrayList<>();
            command.add(cold.java().toString());
            command.addAll(flags);
            command.addAll(List.of("-cp", cp, ColdStartProfile.class.getName()));
            cold.run(command); // warm-up
            for (int i = 0; i < 5; i++) {
                cold.run(command);
                ColdStart.phases(cold.lastOutput()).forEach((k, v) -> byPhase.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            }
            emit("| %s | %s |%n", flags.isEmpty() ? "defaults" : String.join(" ", flags), byPhase.values().stream()
                    .map(v -> String.format(Locale.ROOT, "%.0f", Summary.of(v).median())).collect(Collectors.joining(" | ")));
        }
        emit("%nEach invocation makes 3 calls (2 ListBackups: this slot's backup, then the table's backups; 1 CreateBackup),"
                + " with the service's 5/s ListBackups pacing between the two listings; the second runs in the same JVM"
                + " (a warm start), for another slot.%n");
    }

    // ---- jar sizes ----------------------------------------------------------------------------

    private static final String LAMBDA_LIMIT = "50 MB zipped, 250 MB unzipped";

    private void jarSizes() throws IOException {
        emit("%n## Lambda jar sizes%n%n| jar | bytes | MB | Lambda's limit |%n|---|---|---|---|%n");
        for (Path jar : List.of(backupJar, notesJar)) {
            if (Files.exists(jar)) {
                long size = Files.size(jar);
                emit("| %s | %d | %.2f | %s |%n", jar, size, size / 1e6, LAMBDA_LIMIT);
            } else {
                emit("| %s | (not built) | | %s |%n", jar, LAMBDA_LIMIT);
            }
        }
        if (Files.exists(backupJar)) {
            emit("%nLargest parts of %s (compressed bytes):%n%n", backupJar.getFileName());
            Map<String, Long> groups = new TreeMap<>();
            try (ZipFile zip = new ZipFile(backupJar.toFile())) {
                zip.stream().filter(e -> !e.isDirectory()).forEach(e -> groups.merge(group(e), e.getCompressedSize(), Long::sum));
            }
            groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(10)
                    .forEach(e -> emit("- %s: %.2f MB%n", e.getKey(), e.getValue() / 1e6));
        }
    }

    private static String group(ZipEntry e) {
        String[] p = e.getName().split("/");
        if (p.length >= 4 && p[0].equals("software") && p[3].equals("services")) {
            return String.join("/", List.of(p).subList(0, Math.min(5, p.length - 1)));
        }
        int depth = p[0].equals("META-INF") ? 2 : 4;
        return String.join("/", List.of(p).subList(0, Math.min(depth, p.length - 1)));
    }

    // ---- output -------------------------------------------------------------------------------

    private void emit(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        results.append(text);
        console.print(text);
        console.flush();
    }

    static void log(String line) {
        System.err.println("[bench " + String.format(Locale.ROOT, "%6.1f", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0)
                + " s] " + line);
    }
}
