package dev.notesbackup.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.testsupport.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One invocation of the backup function in a JVM of its own, as Lambda runs it: {@code
 * /usr/bin/time -v java <flags for the function's memory> -cp <Lambda jar>:<bench classes>:<runtime's
 * serialization> InvokeOnce --event FILE}, a fresh 15-minute deadline, the function's environment
 * only. Its peak resident memory is GNU time's maximum resident set size of that JVM: the figure
 * Lambda compares with the function's memory.
 */
final class FunctionProcess {
    static final String TIME = "/usr/bin/time";
    private static final Pattern PEAK = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one invocation did, from its process and its run report line. */
    record Invocation(int number, Path event, double startSeconds, double endSeconds, int exitCode, long peakKb,
                      JsonNode report, Path output) {
        double wall() {
            return endSeconds - startSeconds;
        }

        int total(String field) {
            return report == null ? 0 : report.path("totals").path(field).asInt();
        }

        /** The report's own number of the invocation within its slot (1 when the service does not report it). */
        int reportedInvocation() {
            return report == null ? 0 : report.path("invocation").asInt(1);
        }

        String continued() {
            return report == null || !report.has("continued") ? "-" : String.valueOf(report.get("continued").asBoolean());
        }

        String listingComplete() {
            return report == null || !report.has("listingComplete") ? "-" : String.valueOf(report.get("listingComplete").asBoolean());
        }

        boolean workLeft() {
            return report != null && report.path("workLeft").asBoolean();
        }

        /** The run's own duration (the handler's, without the JVM's start and the function's init). */
        double runSeconds() {
            return report == null ? 0 : report.path("durationMs").asLong() / 1000.0;
        }

        long calls(String operation) {
            return report == null ? 0 : report.path("apiCalls").path(operation).asLong();
        }
    }

    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private final List<String> flags;
    private final String classpath;
    private final Map<String, String> env;
    private final Path workDir;
    private final Duration deadline;

    /**
     * @param memoryMb the function's memory (see {@link #jvmFlags})
     * @param env      the function's whole environment (nothing of this process's is passed on)
     * @param deadline each invocation's time from its start (the function's timeout)
     */
    FunctionProcess(int memoryMb, String classpath, Map<String, String> env, Path workDir, Duration deadline) {
        this.flags = jvmFlags(memoryMb);
        this.classpath = classpath;
        this.env = Map.copyOf(env);
        this.workDir = workDir;
        this.deadline = deadline;
    }

    /**
     * The JVM of a function with {@code memoryMb}: C1 only, as the java21 managed runtime starts it;
     * the serial collector, which the JVM's own ergonomics choose in a machine that small; heap,
     * metaspace and code cache capped at 85, 10 and 5 % of the memory, so that what the JVM may take
     * adds up to what Lambda gives the function.
     */
    static List<String> jvmFlags(int memoryMb) {
        long kb = memoryMb * 1024L;
        return List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:MaxHeapSize=" + kb * 85 / 100 + "k",
                "-XX:MaxMetaspaceSize=" + kb * 10 / 100 + "k", "-XX:ReservedCodeCacheSize=" + kb * 5 / 100 + "k");
    }

    /**
     * What every function process here starts from: the PATH, a HOME without ~/.aws files (as on
     * Lambda), region and test credentials from the SDK's environment variables. Mutable, for the
     * caller's own settings (endpoints, tables).
     */
    static Map<String, String> localEnvironment(Path home) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        return env;
    }

    /** Runs invocation {@code number} with {@code event}; {@code clockStart} is System.nanoTime() of the slot's first start. */
    Invocation invoke(int number, Path event, long clockStart) {
        List<String> command = new ArrayList<>();
        boolean timed = Files.isExecutable(Path.of(TIME));
        if (timed) {
            command.addAll(List.of(TIME, "-v"));
        }
        command.add(java.toString());
        command.addAll(flags);
        command.addAll(List.of("-cp", classpath, InvokeOnce.class.getName(),
                "--deadline-seconds", String.valueOf(deadline.toSeconds()), "--event", event.toString()));
        long start = System.nanoTime();
        ChildProcess.Result result = ChildProcess.run(command, deadline.plus(Duration.ofMinutes(1)), builder -> {
            builder.environment().clear();
            builder.environment().putAll(env);
        });
        long end = System.nanoTime();
        Path output = workDir.resolve("invocation-" + number + ".out");
        try {
            Files.writeString(output, result.stdout() + "\n---- stderr ----\n" + result.stderr(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (result.exitCode() == 2 || result.stdout().isEmpty() && result.exitCode() != 0) {
            throw new IllegalStateException("invocation " + number + " could not run (exit " + result.exitCode() + "), see "
                    + output + ":\n" + tail(result.stderr()));
        }
        Matcher peak = PEAK.matcher(result.stderr());
        return new Invocation(number, event, (start - clockStart) / 1e9, (end - clockStart) / 1e9, result.exitCode(),
                peak.find() ? Long.parseLong(peak.group(1)) : -1, runReport(result.stdout()), output);
    }

    /** The function's run report: its one line of type backup-run-report on standard output. */
    static JsonNode runReport(String stdout) {
        for (String line : stdout.lines().toList()) {
            if (line.startsWith("{") && line.contains("\"backup-run-report\"")) {
                try {
                    JsonNode node = JSON.readTree(line);
                    if ("backup-run-report".equals(node.path("type").asText())) {
                        return node;
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("the run report line is not JSON: " + e.getMessage(), e);
                }
            }
        }
        return null;
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
