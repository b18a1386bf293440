package dev.notesbackup.bench;

import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.bench.FunctionProcess.Invocation;
import dev.notesbackup.testsupport.AwsLimitsProxy;
import dev.notesbackup.testsupport.InMemoryBackupPlane;
import dev.notesbackup.testsupport.LambdaInvokeRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The backup-run scenarios on the in-memory backup plane (S200, S1000, S10000): the data is seeded
 * straight into the plane, the AWS limits and latency go on in the proxy in front of it, and the
 * day's slot runs as Lambda runs it ({@link SlotDriver}: each invocation a function process sized for
 * the function's memory, each continuation it asks for delivered to the next). Prints per invocation
 * and per slot: wall, work, peak memory, ListBackups calls against what the decision needs
 * ({@link ListingNeed}), pages listed twice, and the plane's state afterwards.
 */
final class PlaneSlots {
    /** Bench's output: Markdown to the console and the results file. */
    interface Out {
        void emit(String format, Object... args);
    }

    /** The settings every slot shares. */
    record Settings(int memoryMb, Duration deadline, Duration latency, Duration creationDelay, boolean duplicateFirst,
                    int maxInvocations, String functionClasspath, Path workDir) {
    }

    /** The plane's backups of a fleet after the slot, compared with what the slot must leave. */
    record Outcome(int tablesBackedUpOnce, int tablesWithCopies, int tablesWithoutBackup, int expiredLeft, int keptMissing) {
        boolean correct(int tables) {
            return tablesBackedUpOnce == tables && tablesWithCopies == 0 && expiredLeft == 0 && keptMissing == 0;
        }

        String describe(int tables) {
            return String.format(Locale.ROOT, "%d of %d tables with exactly one backup of the slot, %d with more than one,"
                            + " %d with none; %d expired backups left; %d backups missing that had to stay",
                    tablesBackedUpOnce, tables, tablesWithCopies, tablesWithoutBackup, expiredLeft, keptMissing);
        }
    }

    /** One slot's figures. */
    record Result(Fleet fleet, SlotDriver.Slot slot, Map<String, AwsLimitsProxy.OpStats> proxy, List<ListingNeed.ListCall> calls,
                  ListingNeed need, List<ListingNeed.ListCall> listedTwice, Outcome outcome, List<String> invokedFunctions,
                  String seeding, String timeline) {
        double floor() {
            return Bench.floor(fleet.tables.size(), fleet.tables.size(), need.total());
        }

        String byQuery() {
            Map<String, int[]> queries = new LinkedHashMap<>();
            for (ListingNeed.ListCall c : calls) {
                int[] n = queries.computeIfAbsent(c.query(), q -> new int[2]);
                n[0]++;
                n[1] += c.arns().size();
            }
            return queries.entrySet().stream().map(e -> "`" + e.getKey() + "`: " + e.getValue()[0] + ", " + e.getValue()[1])
                    .collect(Collectors.joining("; "));
        }
    }

    private final Settings settings;
    private final Out out;

    PlaneSlots(Settings settings, Out out) {
        this.settings = settings;
        this.out = out;
    }

    /** Seeds a fresh plane with {@code fleet}, runs its slot, checks what it left. */
    Result run(Fleet fleet) {
        try (AwsLimitsProxy proxy = AwsLimitsProxy.inMemory(); LambdaInvokeRecorder lambda = LambdaInvokeRecorder.start()) {
            InMemoryBackupPlane plane = proxy.plane();
            long t0 = System.nanoTime();
            fleet.seed(plane);
            String seeding = String.format(Locale.ROOT, "seeded %d tables and %d backups into the plane in %.1f s",
                    fleet.tables.size(), plane.backupCount(), (System.nanoTime() - t0) / 1e9);
            Bench.log(fleet.name + ": " + seeding);
            plane.creationDelay(settings.creationDelay());
            proxy.clearRules().awsBackupLimits().latencyAll(settings.latency()).resetStats();
            plane.clearListBackupsCalls();

            Path dir = settings.workDir().resolve(fleet.name + "-" + fleet.slot.getEpochSecond());
            Files.createDirectories(dir);
            FunctionProcess function = new FunctionProcess(settings.memoryMb(), settings.functionClasspath(),
                    environment(fleet, proxy, lambda, dir), dir, settings.deadline());
            List<String> invoked = new ArrayList<>();
            SlotDriver driver = new SlotDriver(function, () -> {
                List<byte[]> payloads = new ArrayList<>();
                for (LambdaInvokeRecorder.Invocation i = lambda.poll(); i != null; i = lambda.poll()) {
                    invoked.add(i.functionName());
                    payloads.add(i.payload().getBytes(StandardCharsets.UTF_8));
                }
                return payloads;
            }, dir, settings.maxInvocations());
            Bench.log(fleet.name + ": running the slot " + fleet.slot + " in function processes (" + dir + ") ...");
            SlotDriver.Slot slot;
            String timeline;
            try (Timeline t = new Timeline(proxy)) {
                slot = driver.run(fleet.slot, settings.duplicateFirst());
                t.close();
                timeline = t.describe();
            }

            List<ListingNeed.ListCall> calls = plane.listBackupsCalls().stream()
                    .map(c -> new ListingNeed.ListCall(c.tableName() + "|" + c.backupType() + "|" + c.lowerBound() + "|"
                            + c.upperBound() + "|" + c.limit(), c.exclusiveStartBackupArn(), c.backupArns()))
                    .toList();
            ListingNeed need = ListingNeed.of(fleet.tables.size(), fleet.tables.size(), Fleet.KEEP_AT_LEAST);
            return new Result(fleet, slot, proxy.stats(), calls, need, ListingNeed.listedTwice(calls),
                    fleet.outcome(plane), invoked, seeding, timeline);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The function's environment, as its stack would set it, with the endpoints on loopback. */
    private Map<String, String> environment(Fleet fleet, AwsLimitsProxy proxy, LambdaInvokeRecorder lambda, Path home) {
        Map<String, String> env = FunctionProcess.localEnvironment(home);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_LAMBDA", lambda.endpoint().toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "backup");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(settings.memoryMb()));
        env.put(BackupConfig.TABLES, fleet.tableSelector());
        env.put(BackupConfig.RETENTION_DAYS, String.valueOf(fleet.retentionDays()));
        env.put(BackupConfig.KEEP_AT_LEAST, String.valueOf(Fleet.KEEP_AT_LEAST));
        env.put(BackupConfig.NAME_PREFIX, Fleet.PREFIX);
        return env;
    }

    /** The slot's table of invocations and its totals against the floor. */
    void report(Result r, double target) {
        int tables = r.fleet().tables.size();
        out.emit("%s. Floor max(%d creates / 50, %d deletes / 10, %d needed ListBackups calls / 5) = %.1f s; ListBackups"
                        + " calls needed: %s.%n%n", capitalized(r.seeding()), tables, tables, r.need().total(), r.floor(),
                r.need().formula());
        out.emit("| invocation (report's) | event | start-end (s) | wall (s) | run (s) | exit | created | skipped | deleted | deletions left"
                + " | not reached | ListBackups | listing complete | workLeft | continued | peak RSS (MB) |%n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|%n");
        for (Invocation i : r.slot().invocations()) {
            out.emit("| %d (%d)%s | %s | %.1f-%.1f | %.1f | %.1f | %d | %d | %d | %d | %d | %d | %d | %s | %s | %s | %s |%n", i.number(),
                    i.reportedInvocation(), r.slot().duplicates().contains(i.number()) ? ", duplicate" : "",
                    i.event().getFileName(), i.startSeconds(), i.endSeconds(), i.wall(), i.runSeconds(), i.exitCode(), i.total("created"),
                    i.total("skipped"), i.total("deleted"), i.total("deletesLeft"), i.total("not_reached"), i.calls("ListBackups"),
                    i.listingComplete(), i.workLeft(), i.continued(), i.peakKb() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", i.peakKb() / 1024.0));
        }
        double wall = r.slot().wall();
        out.emit("%n- **%d invocation(s), %.1f s** from the first start to the last end: **%.3fx** the %.1f s floor"
                        + " (target <= %.2fx); %s%n", r.slot().invocations().size(), wall, wall / r.floor(), r.floor(), target,
                !r.outcome().correct(tables) ? "**not met: the work is not done** (see the plane below)"
                        : wall / r.floor() <= target ? "met" : "**missed**");
        double run = r.slot().invocations().stream().mapToDouble(Invocation::runSeconds).sum();
        out.emit("- the runs alone (the handlers' own durations, without each process's JVM start and init): %.1f s,"
                + " %.3fx the floor%n", run, run / r.floor());
        out.emit("- ListBackups calls the plane answered: **%d**, against %d needed: **%.3fx** (target <= 1.10x; %.3fx the %d"
                        + " of a listing that waited for this slot's backups to be AVAILABLE); pages answered twice with the"
                        + " same backups for the same query and start: **%d**%n", r.calls().size(), r.need().total(),
                (double) r.calls().size() / r.need().total(), (double) r.calls().size() / r.need().minimum(), r.need().minimum(),
                r.listedTwice().size());
        out.emit("- ListBackups calls by query (table|type|from|to|limit: calls, backups): %s%n", r.byQuery());
        out.emit("- peak resident memory of the function's processes: **%s** (the function's memory: %d MB)%n",
                r.slot().peakKb() < 0 ? "not measured (no " + FunctionProcess.TIME + ")"
                        : String.format(Locale.ROOT, "%.0f MB", r.slot().peakKb() / 1024.0), settings.memoryMb());
        out.emit("- the plane afterwards: %s: %s%n", r.outcome().describe(tables), r.outcome().correct(tables) ? "correct" : "**WRONG**");
        out.emit("- when each operation was active (from the first start): %s%n", r.timeline());
        out.emit("- calls the proxy received (throttled): %s%n", r.proxy().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().received() + (e.getValue().throttled() > 0 ? " (" + e.getValue().throttled() + ")" : ""))
                .collect(Collectors.joining(", ")));
        if (!r.invokedFunctions().isEmpty()) {
            out.emit("- continuations asked for: %d, of %s%n", r.invokedFunctions().size(),
                    r.invokedFunctions().stream().distinct().collect(Collectors.joining(", ")));
        }
        out.emit("- load average after: %s%n%n", Bench.loadAverage());
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The fleet of a scenario, its slot the current minute. */
    static Fleet fleet(String name, int tables, int backups) {
        return new Fleet(name, tables, backups, Instant.now().truncatedTo(ChronoUnit.MINUTES));
    }
}
