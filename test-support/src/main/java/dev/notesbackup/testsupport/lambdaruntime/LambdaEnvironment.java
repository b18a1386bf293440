package dev.notesbackup.testsupport.lambdaruntime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One Lambda execution environment on this machine: a child JVM running AWS's runtime interface
 * client with the function's handler string, in a task root holding the unpacked deployment
 * package, polling a {@link RuntimeApiServer} of its own.
 *
 * <p>The child's environment is built from nothing: the function's own variables (from its
 * template), what Lambda itself sets for a function ({@link #lambdaVariables}, including
 * {@code AWS_LAMBDA_LOG_FORMAT} and {@code AWS_LAMBDA_LOG_LEVEL} translated from its
 * {@code LoggingConfig}), and the one addition of this tier, {@code AWS_ENDPOINT_URL}, the SDK's
 * standard endpoint override, pointing the function at the local AWS. Nothing of the test JVM's
 * environment leaks in.
 *
 * <p>Standard output and standard error are read line by line, as UTF-8 bytes, into
 * {@link #stdout()} and {@link #stderr()}: both go to the function's log in Lambda.
 */
public final class LambdaEnvironment implements AutoCloseable {
    /** Lambda's variables that a function's configuration may not set (its reserved keys). */
    public static final Set<String> RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
            "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR", "AWS_LAMBDA_LOG_FORMAT", "AWS_LAMBDA_LOG_LEVEL");

    /**
     * The JVM options Lambda's Java 17+ managed runtimes start the JVM with by default (tiered
     * compilation stopped at C1, the serial collector); the heap is sized from the function's memory.
     */
    public static final List<String> MANAGED_RUNTIME_JVM_OPTIONS = List.of(
            "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final FunctionDefinition function;
    private final String region;
    private final RuntimeApiServer api;
    private final Process process;
    private final long startedNanos;
    private final Map<String, String> variables;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private LambdaEnvironment(FunctionDefinition function, String region, RuntimeApiServer api, Process process,
                              long startedNanos, Map<String, String> variables) {
        this.function = function;
        this.startedNanos = startedNanos;
        this.region = region;
        this.api = api;
        this.process = process;
        this.variables = Map.copyOf(variables);
        this.stdoutReader = reader(process.getInputStream(), stdout, "stdout");
        this.stderrReader = reader(process.getErrorStream(), stderr, "stderr");
        this.shutdownHook = new Thread(this::stop, "lambda-environment-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the runtime (a cold start): the runtime loads the handler (init) and then polls for the
     * first invocation.
     *
     * @param endpoint the local AWS the function's SDK clients are pointed at
     */
    public static LambdaEnvironment start(FunctionDefinition function, String region, URI endpoint, RuntimeInterfaceClient ric) {
        Path taskRoot = taskRoot(function.code());
        RuntimeApiServer api = RuntimeApiServer.start();
        Map<String, String> variables = new LinkedHashMap<>();
        variables.putAll(function.environment());
        variables.putAll(lambdaVariables(function, region, api.hostAndPort(), taskRoot, ric.jar().getParent()));
        variables.put("AWS_ENDPOINT_URL", endpoint.toString());

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(MANAGED_RUNTIME_JVM_OPTIONS);
        command.add("-XX:MaxHeapSize=" + (function.memorySize() * 85 / 100) + "m");
        command.add("-D" + RuntimeInterfaceClient.JNI_PROPERTY + "=" + ric.jniLibrary());
        command.add("-classpath");
        command.add(String.join(":", ric.classPath().stream().map(Path::toString).toList()));
        command.add(ric.mainClass());
        command.add(function.handler());
        ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile());
        builder.environment().clear();
        builder.environment().putAll(variables);
        try {
            long started = System.nanoTime();
            return new LambdaEnvironment(function, region, api, builder.start(), started, variables);
        } catch (IOException e) {
            api.close();
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * What Lambda sets for this function: its identity and limits, the runtime's places, the role's
     * (here: fake) credentials, and the logging configuration. {@code LoggingConfig.LogFormat: JSON}
     * becomes {@code AWS_LAMBDA_LOG_FORMAT=JSON} and {@code AWS_LAMBDA_LOG_LEVEL} its
     * {@code ApplicationLogLevel}, INFO where the template states none (Lambda's default for JSON);
     * the text format sets neither level nor filtering.
     */
    public static Map<String, String> lambdaVariables(FunctionDefinition function, String region, String runtimeApi,
                                               Path taskRoot, Path runtimeDir) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("_HANDLER", function.handler());
        v.put("AWS_REGION", region);
        v.put("AWS_DEFAULT_REGION", region);
        v.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        v.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
        v.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memorySize()));
        v.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        v.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        v.put("AWS_LAMBDA_LOG_GROUP_NAME", function.logGroup());
        v.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]" + Long.toHexString(System.nanoTime()));
        v.put("AWS_ACCESS_KEY_ID", "test");
        v.put("AWS_SECRET_ACCESS_KEY", "test");
        v.put("AWS_SESSION_TOKEN", "test");
        v.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        v.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        v.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
        v.put("LANG", "en_US.UTF-8");
        v.put("TZ", ":UTC");
        v.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        if (function.jsonLogs()) {
            v.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
            v.put("AWS_LAMBDA_LOG_LEVEL", function.applicationLogLevel() == null ? "INFO" : function.applicationLogLevel().toUpperCase());
        } else {
            v.put("AWS_LAMBDA_LOG_FORMAT", "TEXT");
        }
        return v;
    }

    /** The deployment package unpacked, as Lambda unpacks it into {@code /var/task}: once per jar version. */
    static Path taskRoot(Path code) {
        if (!Files.isRegularFile(code)) {
            throw new IllegalStateException(code + " does not exist: build it first (mvn -pl deploy-verification -am verify)");
        }
        try {
            Path base = Files.isDirectory(Path.of("target")) ? Path.of("target", "lambda-task-roots").toAbsolutePath()
                    : Path.of(System.getProperty("java.io.tmpdir"), "lambda-task-roots");
            Files.createDirectories(base);
            String key = code.getFileName() + "-" + Files.size(code) + "-" + Files.getLastModifiedTime(code).toMillis();
            Path root = base.resolve(key);
            synchronized (LambdaEnvironment.class) {
                if (!Files.isDirectory(root)) {
                    Path temp = Files.createTempDirectory(base, "unpacking-");
                    unzip(code, temp);
                    Files.move(temp, root);
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + code, e);
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("entry outside the archive: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, out);
                    }
                }
            }
        }
    }

    /**
     * One invocation, as Lambda sends it: the event is queued for the runtime's next poll, with the
     * function's timeout as deadline; returns what the runtime posted.
     *
     * @throws IllegalStateException if the runtime exits, posts an init error, or posts nothing in time
     */
    public RuntimeApiServer.Outcome invoke(String event) {
        CompletableFuture<RuntimeApiServer.Outcome> outcome = api.submit(event,
                Duration.ofSeconds(function.timeoutSeconds()), function.arn(region));
        long deadline = System.nanoTime() + Duration.ofSeconds(function.timeoutSeconds() + 30L).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return outcome.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                if (api.initErrorIfPosted().isPresent()) {
                    throw new IllegalStateException("the runtime posted an init error: " + api.initErrorIfPosted().get() + describe());
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("the runtime exited with " + process.exitValue() + describe());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        throw new IllegalStateException("no outcome within the function's timeout" + describe());
    }

    /** Waits for the runtime process to end by itself (e.g. after an init error) and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the runtime is still running after " + timeout + describe());
            }
            stdoutReader.join(STOP_TIMEOUT.toMillis());
            stderrReader.join(STOP_TIMEOUT.toMillis());
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public RuntimeApiServer api() {
        return api;
    }

    public FunctionDefinition function() {
        return function;
    }

    /** The environment the child was given. */
    public Map<String, String> variables() {
        return variables;
    }

    /** {@link System#nanoTime} just before the child was started, the origin of {@link RuntimeApiServer.Call#receivedNanos}. */
    public long startedNanos() {
        return startedNanos;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Lines the child wrote to standard output so far. */
    public List<String> stdout() {
        return List.copyOf(stdout);
    }

    /** Lines the child wrote to standard error so far. */
    public List<String> stderr() {
        return List.copyOf(stderr);
    }

    /** Everything the function's log would hold from this environment: standard output and standard error. */
    public List<String> logLines() {
        List<String> all = new ArrayList<>(stdout);
        all.addAll(stderr);
        return all;
    }

    /** Stops the runtime (idempotent) and its Runtime API. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs
        }
        stop();
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            stdoutReader.join(STOP_TIMEOUT.toMillis());
            stderrReader.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            api.close();
            keepLog();
        }
    }

    /** The captured output and Runtime API calls, kept in target/lambda-logs/ for a person to read. */
    private void keepLog() {
        Path dir = Path.of("target", "lambda-logs");
        if (!Files.isDirectory(Path.of("target"))) {
            return;
        }
        try {
            Files.createDirectories(dir);
            List<String> text = new ArrayList<>();
            text.add("# " + function.logicalId() + " (" + function.handler() + "), pid " + process.pid());
            variables.forEach((k, v) -> text.add("# env " + k + "=" + v));
            api.calls().forEach(call -> text.add("# runtime API: " + call.method() + " " + call.path()
                    + (call.body().isEmpty() ? "" : " " + call.body())));
            stdout.forEach(line -> text.add("stdout| " + line));
            stderr.forEach(line -> text.add("stderr| " + line));
            Files.write(dir.resolve(function.logicalId() + "-" + process.pid() + ".log"), text, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException ignored) {
            // a convenience only
        }
    }

    private String describe() {
        return "\n  runtime API calls: " + api.paths() + "\n  stdout: " + String.join("\n    ", stdout)
                + "\n  stderr: " + String.join("\n    ", stderr);
    }

    private static Thread reader(InputStream stream, List<String> lines, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "lambda-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
