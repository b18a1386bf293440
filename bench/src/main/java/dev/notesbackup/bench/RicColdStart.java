package dev.notesbackup.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.testsupport.Samconfig;
import dev.notesbackup.testsupport.lambdaruntime.FunctionDefinition;
import dev.notesbackup.testsupport.lambdaruntime.HttpApiEvents;
import dev.notesbackup.testsupport.lambdaruntime.LambdaEnvironment;
import dev.notesbackup.testsupport.lambdaruntime.RuntimeApiServer;
import dev.notesbackup.testsupport.lambdaruntime.RuntimeInterfaceClient;
import dev.notesbackup.testsupport.lambdaruntime.TemplateTables;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The cold start of both functions as Lambda's java21 managed runtime makes it
 * ({@code bench/cold-start-ric.sh}): a fresh JVM started with the managed runtime's options
 * ({@link LambdaEnvironment}) running AWS's runtime interface client with the template's handler
 * string, in a task root holding the unpacked Lambda jar, against a local Runtime API that already
 * holds the first event (as an on-demand cold start has it). Timed from the child's start to its
 * first {@code GET /invocation/next} (the init phase, Lambda's "Init Duration") and to its first
 * {@code POST /invocation/{id}/response} (the cold start as the caller feels it); peak RSS is the
 * child's {@code VmHWM} once it has answered. In the same run, interleaved, the fresh-process probes
 * of bench/run.sh ({@code InvokeOnce}, {@code NotesInvokeOnce}) with {@code -XX:TieredStopAtLevel=1},
 * so both ways of measuring are compared on the same machine load. One moto on loopback.
 */
@Command(name = "bench/cold-start-ric.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cold start of both Lambda functions under AWS's runtime interface client, beside the InvokeOnce probes.",
                "Everything runs on this machine: moto and the Runtime API on loopback ports."})
public final class RicColdStart implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The backup run's answer: any (a failed table makes the runtime post an invocation error instead). */
    private static final Predicate<String> BACKED_UP = body -> true;
    /** The notes API's answer to POST /notes: 201. */
    private static final Predicate<String> CREATED = body -> {
        try {
            return JSON.readTree(body).path("statusCode").asInt() == 201;
        } catch (IOException e) {
            return false;
        }
    };

    @Option(names = "--runs", description = "Counted runs per variant, after one uncounted warm-up (default: ${DEFAULT-VALUE}).")
    int runs = 7;

    @Option(names = "--ric-dir", description = "The runtime interface client and its dependencies, as the bench build copies them (default: ${DEFAULT-VALUE}).")
    Path ricDir = Path.of("bench/target/lambda-runtime");

    @Option(names = "--probe-jar", description = "The bench's own classes (InvokeOnce, NotesInvokeOnce) (default: ${DEFAULT-VALUE}).")
    Path probeJar = Path.of("bench/target/bench.jar");

    @Option(names = "--work-dir", description = "Scratch files (default: ${DEFAULT-VALUE}).")
    Path workDir = Path.of("bench/target/work-ric");

    @Option(names = "--out", description = "Also write the results here (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("bench/target/cold-start-ric.md");

    private final PrintStream console = System.out;
    private final StringBuilder results = new StringBuilder();

    /** One run under the runtime interface client, in milliseconds from the child's start, and its peak RSS. */
    record RicRun(double initMs, double firstResponseMs, long peakKb) {
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new RicColdStart());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            e.printStackTrace(commandLine.getErr());
            return 1;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(workDir);
        RuntimeInterfaceClient ric = RuntimeInterfaceClient.inDirectory(ricDir.toAbsolutePath());
        Samconfig samconfig = Samconfig.ofRepository();
        Samconfig.Env backupEnv = samconfig.env("backup");
        Samconfig.Env notesEnv = samconfig.env("notes");
        emit("# Cold start under the Lambda runtime interface client%n%n");
        emit("- date (UTC): %s; processors: %d; JDK: %s %s (%s)%n", Instant.now().truncatedTo(ChronoUnit.SECONDS),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("os.arch"));
        emit("- runtime interface client %s (%s)%n", ric.version(), ric.jar().getFileName());
        emit("- load average at the start (1, 5, 15 min): %s%n", Bench.loadAverage());
        try (MotoServer moto = MotoServer.start(); DynamoDbClient dynamo = LocalAws.dynamoDb(moto.endpoint())) {
            String table = "cold-1";
            dynamo.createTable(r -> r.tableName(table).billingMode("PAY_PER_REQUEST")
                    .keySchema(k -> k.attributeName("id").keyType("HASH"))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType("S")));
            Map<String, String> notesTables = TemplateTables.create(dynamo, notesEnv);
            FunctionDefinition backup = FunctionDefinition.fromTemplate(backupEnv, "BackupFunction", Map.of("TableNames", table));
            FunctionDefinition notes = FunctionDefinition.fromTemplate(notesEnv, "NotesApiFunction", Map.of());
            String origin = notesEnv.parameterOverrides().get("AllowedOrigins").split(",")[0];
            Supplier<String> scheduledEvent = scheduledEvent();
            Supplier<String> postNote = () -> HttpApiEvents.event("POST /notes", "/notes", Map.of(), "",
                    Map.of("content-type", "application/json", "origin", origin),
                    JSON.createObjectNode().put("text", "cold start").put("author", "bench").toString()).json();

            Map<String, String> backupProbeEnv = new LinkedHashMap<>(Map.of("AWS_ENDPOINT_URL_DYNAMODB", moto.endpoint().toString(),
                    "BACKUP_TABLES", table));
            Map<String, String> notesProbeEnv = new LinkedHashMap<>(Map.of("AWS_ENDPOINT_URL_DYNAMODB", moto.endpoint().toString(),
                    "NOTES_TABLE", notesTables.get("NotesTable"), "REPLIES_TABLE", notesTables.get("RepliesTable"),
                    "ALLOWED_ORIGINS", origin));
            ColdStart backupProbe = new ColdStart(backup.code().toAbsolutePath(), probeJar.toAbsolutePath().toString(),
                    backupProbeEnv, workDir.toAbsolutePath());
            ColdStart notesProbe = new ColdStart(notes.code().toAbsolutePath(), probeJar.toAbsolutePath().toString(),
                    notesProbeEnv, workDir.toAbsolutePath());
            List<String> c1 = List.of("-XX:TieredStopAtLevel=1");
            List<String> backupCommand = backupProbe.jarCommand(c1, ColdStart.INVOKE_ONCE);
            List<String> notesCommand = notesProbe.jarCommand(c1, NotesInvokeOnce.class.getName());

            log("warm-up: one run of each variant ...");
            ricRun(backup, backupEnv.region(), moto, ric, scheduledEvent.get(), BACKED_UP);
            backupProbe.run(backupCommand);
            ricRun(notes, notesEnv.region(), moto, ric, postNote.get(), CREATED);
            notesProbe.run(notesCommand);
            List<RicRun> backupRic = new ArrayList<>();
            List<RicRun> notesRic = new ArrayList<>();
            List<ColdStart.Run> backupOnce = new ArrayList<>();
            List<ColdStart.Run> notesOnce = new ArrayList<>();
            List<String> loads = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                log("round " + i + " of " + runs + " ...");
                backupRic.add(ricRun(backup, backupEnv.region(), moto, ric, scheduledEvent.get(), BACKED_UP));
                backupOnce.add(backupProbe.run(backupCommand));
                notesRic.add(ricRun(notes, notesEnv.region(), moto, ric, postNote.get(), CREATED));
                notesOnce.add(notesProbe.run(notesCommand));
                loads.add(Bench.loadAverage().split(",")[0]);
            }
            emit("- 1-minute load average after each round: %s%n%n", String.join(", ", loads));
            emit("Median (min-max) of %d runs after one uncounted warm-up, the four variants in turn. Under the runtime"
                    + " interface client: ms from the child JVM's start to its first `GET /invocation/next` (init) and to its"
                    + " first `POST /invocation/{id}/response`; peak RSS is the child's VmHWM after that response."
                    + " The probes: wall time of `java -XX:TieredStopAtLevel=1 -cp <jar>:bench.jar <probe>` to its exit,"
                    + " peak RSS by GNU time.%n%n", runs);
            emit("| function | jar bytes | memory (MB) | RIC: init (ms) | RIC: first response (ms) | RIC: peak RSS (MB) | probe, C1: wall (ms) | probe: peak RSS (MB) | RIC / probe |%n"
                    + "|---|---|---|---|---|---|---|---|---|%n");
            row(backup, backupRic, backupOnce, backupProbe.measuresPeak());
            row(notes, notesRic, notesOnce, notesProbe.measuresPeak());
            emit("%nJVM options of the runtime interface client's JVM: %s -XX:MaxHeapSize=<85%% of the function's memory>"
                    + " (%s).%n", String.join(" ", LambdaEnvironment.MANAGED_RUNTIME_JVM_OPTIONS), LambdaEnvironment.class.getName());
            emit("Backup: one scheduled event for the current second, one table (`TableNames=%s`); notes: one `POST /notes`"
                    + " (HTTP API payload 2.0) that writes a note and its write-ahead line. Load average at the end: %s.%n",
                    table, Bench.loadAverage());
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, results.toString(), StandardCharsets.UTF_8);
        log("Results written to " + out);
        return 0;
    }

    private void row(FunctionDefinition function, List<RicRun> ric, List<ColdStart.Run> probe, boolean probePeak) throws IOException {
        Summary response = Summary.of(ric.stream().map(RicRun::firstResponseMs).toList());
        Summary wall = Summary.of(probe.stream().map(r -> r.seconds() * 1000).toList());
        emit("| %s | %,d | %d | %s | **%s** | %s | %s | %s | %.2f |%n", function.logicalId(), Files.size(function.code()),
                function.memorySize(), Summary.of(ric.stream().map(RicRun::initMs).toList()).format("%.0f"), response.format("%.0f"),
                Summary.of(ric.stream().map(r -> r.peakKb() / 1024.0).toList()).format("%.0f"), wall.format("%.0f"),
                probePeak ? Summary.of(probe.stream().map(r -> r.peakKb() / 1024.0).toList()).format("%.0f") : "n/a",
                response.median() / wall.median());
    }

    /** One fresh execution environment: start, the first event (queued before the runtime polls), its response, stop. */
    private RicRun ricRun(FunctionDefinition function, String region, MotoServer moto, RuntimeInterfaceClient ric, String event,
                          Predicate<String> answered) {
        try (LambdaEnvironment lambda = LambdaEnvironment.start(function, region, moto.endpoint(), ric)) {
            RuntimeApiServer.Outcome outcome = lambda.invoke(event);
            long peakKb = peakRssKb(lambda.pid());
            if (!outcome.success() || !answered.test(outcome.body())) {
                throw new IllegalStateException(function.logicalId() + " did not succeed: " + outcome.body() + "\n"
                        + String.join("\n", lambda.logLines()));
            }
            List<RuntimeApiServer.Call> calls = lambda.api().calls();
            long firstNext = calls.stream().filter(c -> c.path().endsWith("/invocation/next")).findFirst().orElseThrow().receivedNanos();
            long response = calls.stream().filter(c -> c.path().endsWith("/" + outcome.requestId() + "/response")).findFirst()
                    .orElseThrow().receivedNanos();
            return new RicRun((firstNext - lambda.startedNanos()) / 1e6, (response - lambda.startedNanos()) / 1e6, peakKb);
        }
    }

    /** The process's peak resident set so far (Linux: VmHWM in /proc/PID/status). */
    private static long peakRssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no VmHWM for " + pid));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the peak memory of " + pid + " (Linux /proc needed)", e);
        }
    }

    /** The repository's sample scheduled event with {@code time} set to the current second: a new slot, so each run backs up. */
    private static Supplier<String> scheduledEvent() throws IOException {
        String sample = Files.readString(dev.notesbackup.testsupport.CloudFormationYaml.projectRoot()
                .resolve("backup-service/events/scheduled-event.json"), StandardCharsets.UTF_8);
        return () -> {
            try {
                ObjectNode event = (ObjectNode) JSON.readTree(sample);
                event.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                return event.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private void emit(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        results.append(text);
        console.print(text);
        console.flush();
    }

    private static void log(String line) {
        System.err.println("[cold-start-ric] " + line);
    }
}
