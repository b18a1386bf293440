package dev.notesbackup.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fresh-process runs of the Lambda jar: {@code java [flags] -cp backup-service.jar:<bench classes> InvokeOnce},
 * which makes one scheduled invocation for one table against moto (the jar's Main-Class is the
 * operator CLI, so the entry point is named). Wall time is taken around the child
 * process here; peak resident memory is GNU time's maximum resident set size ({@code %M}).
 */
final class ColdStart {
    static final String INVOKE_ONCE = InvokeOnce.class.getName();
    static final String TIME = "/usr/bin/time";
    private static final Pattern PEAK = Pattern.compile("BENCH_PEAK_KB (\\d+)");
    private static final Pattern PHASE = Pattern.compile("(\\w+)=([0-9.]+)");

    record Variant(String label, List<String> flags) {
    }

    record Run(double seconds, long peakKb) {
    }

    private final Path javaExe;
    private final Path jar;
    private final Map<String, String> env;
    private final Path workDir;
    private final boolean haveTime;

    private final String probeClasspath;

    /** {@code probeClasspath} holds {@link InvokeOnce}; it comes after the Lambda jar, so the function's classes load from the jar. */
    ColdStart(Path jar, String probeClasspath, URI motoEndpoint, String table, Path workDir) {
        this(jar, probeClasspath, Map.of("AWS_ENDPOINT_URL_DYNAMODB", motoEndpoint.toString(), "BACKUP_TABLES", table), workDir);
    }

    /** As above, with the function's own variables (endpoint, tables) given, for either probe. */
    ColdStart(Path jar, String probeClasspath, Map<String, String> functionEnvironment, Path workDir) {
        this.probeClasspath = probeClasspath;
        this.javaExe = Path.of(System.getProperty("java.home"), "bin", "java");
        this.jar = jar;
        this.workDir = workDir;
        this.haveTime = Files.isExecutable(Path.of(TIME));
        Map<String, String> e = FunctionProcess.localEnvironment(workDir);
        e.putAll(functionEnvironment);
        this.env = Map.copyOf(e);
    }

    boolean measuresPeak() {
        return haveTime;
    }

    Map<String, String> env() {
        return new TreeMap<>(env);
    }

    Path java() {
        return javaExe;
    }

    List<String> jarCommand(List<String> flags) {
        return jarCommand(flags, INVOKE_ONCE);
    }

    /** {@code java [flags] -cp <jar>:<probe classes> probeMainClass}. */
    List<String> jarCommand(List<String> flags, String probeMainClass) {
        List<String> command = new ArrayList<>();
        command.add(javaExe.toString());
        command.addAll(flags);
        command.add("-cp");
        command.add(jar + ":" + probeClasspath);
        command.add(probeMainClass);
        return command;
    }

    Run run(List<String> javaCommand) {
        List<String> command = new ArrayList<>();
        if (haveTime) {
            command.addAll(List.of(TIME, "-f", "BENCH_PEAK_KB %M"));
        }
        command.addAll(javaCommand);
        Path err = workDir.resolve("cold-start.err");
        Path out = workDir.resolve("cold-start.out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("a cold start took over 60 s: " + command);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("exit " + process.exitValue() + " from " + command + ":\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + stderr);
            }
            Matcher m = PEAK.matcher(stderr);
            return new Run(seconds, m.find() ? Long.parseLong(m.group(1)) : -1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Standard output of the last run. */
    String lastOutput() {
        try {
            return Files.readString(workDir.resolve("cold-start.out"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs every variant {@code runs} times, round-robin after one uncounted warm-up each, so that load drift spreads evenly. */
    Map<Variant, List<Run>> measure(List<Variant> variants, Map<Variant, List<String>> commands, int runs) {
        Map<Variant, List<Run>> results = new LinkedHashMap<>();
        for (Variant v : variants) {
            run(commands.get(v));
            results.put(v, new ArrayList<>());
        }
        for (int i = 0; i < runs; i++) {
            for (Variant v : variants) {
                results.get(v).add(run(commands.get(v)));
            }
        }
        return results;
    }

    /** Parses {@link ColdStartProfile}'s line: phase name to milliseconds. */
    static Map<String, Double> phases(String output) {
        Map<String, Double> result = new LinkedHashMap<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith(ColdStartProfile.MARK)) {
                Matcher m = PHASE.matcher(line);
                while (m.find()) {
                    result.put(m.group(1), Double.parseDouble(m.group(2)));
                }
            }
        }
        return result;
    }
}
