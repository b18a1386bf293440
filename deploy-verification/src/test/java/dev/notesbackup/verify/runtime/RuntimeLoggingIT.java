package dev.notesbackup.verify.runtime;

import dev.notesbackup.testsupport.lambdaruntime.FunctionDefinition;
import dev.notesbackup.testsupport.lambdaruntime.LambdaEnvironment;
import dev.notesbackup.testsupport.lambdaruntime.RuntimeApiServer;
import dev.notesbackup.testsupport.lambdaruntime.RuntimeInterfaceClient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.testsupport.Samconfig;
import dev.notesbackup.verify.runtime.probe.LogProbeHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the runtime interface client does with a function's output under the logging configuration
 * Lambda passes it, found out with a probe function, and what the templates' logging configuration
 * makes of the functions' own lines.
 *
 * <p>Findings (RIC 2.10.1): the client replaces System.out and System.err by UTF-8 print streams
 * over the process's own, with no formatting and no filtering. Only {@code LambdaLogger} output is
 * filtered by {@code AWS_LAMBDA_LOG_LEVEL} and, with {@code AWS_LAMBDA_LOG_FORMAT=JSON}, wrapped as
 * {@code {"timestamp","level","message","AWSRequestId"}}. Filtering raw standard output by level is
 * done downstream by Lambda's log pipeline, which the AWS documentation describes: a line that is
 * not JSON with a valid {@code "level"} is filed as INFO ({@link #levelLambdaFiles}); this tier
 * cannot run that pipeline and models it by that rule.
 */
@ExtendWith(MotoExtension.class)
class RuntimeLoggingIT {
    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");
    private static RuntimeInterfaceClient ric;
    private static Path probeJar;

    @BeforeAll
    static void probe() throws IOException, URISyntaxException {
        ric = RuntimeInterfaceClient.fromBuild();
        probeJar = packageProbe();
    }

    @Test
    void jsonFormatAtWarn_theRuntimeClientPassesRawStdoutLinesThrough_andFiltersOnlyTheLambdaLogger(MotoServer moto) {
        try (LambdaEnvironment lambda = LambdaEnvironment.start(probe("JSON", "WARN"), "us-east-1", moto.endpoint(), ric)) {
            RuntimeApiServer.Outcome outcome = lambda.invoke("{}");
            assertThat(outcome.success()).as("%s", lambda.logLines()).isTrue();
            assertThat(lambda.variables()).containsEntry("AWS_LAMBDA_LOG_FORMAT", "JSON").containsEntry("AWS_LAMBDA_LOG_LEVEL", "WARN");

            assertThat(lambda.stdout()).as("raw lines unchanged, byte for byte, whatever their level")
                    .contains(LogProbeHandler.RAW_JSON, LogProbeHandler.RAW_JSON_WITH_LEVEL, LogProbeHandler.RAW_TEXT);
            assertThat(lambda.stderr()).containsExactly(LogProbeHandler.STDERR);

            assertThat(lambda.logLines()).as("the LambdaLogger below WARN is dropped by the client")
                    .noneMatch(line -> line.contains("probe-logger-debug") || line.contains("probe-logger-info"));
            JsonNode warn = loggerLine(lambda.stdout(), "probe-logger-warn");
            assertThat(warn.path("level").asText()).isEqualTo("WARN");
            assertThat(warn.path("AWSRequestId").asText()).isEqualTo(outcome.requestId());
            assertThat(warn.path("timestamp").asText()).isNotBlank();
            assertThat(loggerLine(lambda.stdout(), "probe-logger-error").path("level").asText()).isEqualTo("ERROR");
            assertThat(loggerLine(lambda.stdout(), "probe-logger-no-level").path("level").asText())
                    .as("a LambdaLogger line without a level passes the client's filter, marked UNDEFINED")
                    .isEqualTo("UNDEFINED");
        }
    }

    @Test
    void textFormat_theRuntimeClientFiltersNothing_andWrapsNothing(MotoServer moto) {
        LambdaEnvironment lambda = LambdaEnvironment.start(probe("Text", null), "us-east-1", moto.endpoint(), ric);
        try {
            assertThat(lambda.invoke("{}").success()).as("%s", lambda.logLines()).isTrue();
        } finally {
            lambda.close(); // the logger's last message has no line break: it is read at end of stream
        }
        assertThat(lambda.variables()).containsEntry("AWS_LAMBDA_LOG_FORMAT", "TEXT").doesNotContainKey("AWS_LAMBDA_LOG_LEVEL");
        assertThat(lambda.stdout()).contains(LogProbeHandler.RAW_JSON, LogProbeHandler.RAW_TEXT);
        // the text formatter prefixes "[LEVEL] " and adds no line break: on plain stdout (no
        // telemetry descriptor, which frames each message in Lambda) the messages run together
        assertThat(String.join("\n", lambda.stdout())).contains("[DEBUG] probe-logger-debug", "[INFO] probe-logger-info",
                "[WARN] probe-logger-warn", "[ERROR] probe-logger-error", "probe-logger-no-level");
    }

    /**
     * Both functions' own lines (report, metrics, write-ahead) are raw JSON without a level, which
     * Lambda files as INFO: the template must pin ApplicationLogLevel at INFO or more verbose, and the
     * level the function actually receives must keep them (issue 10, defect 5).
     */
    @Test
    void templates_pinAnApplicationLogLevel_thatKeepsTheFunctionsUnlevelledLines() {
        Samconfig samconfig = Samconfig.ofRepository();
        for (FunctionDefinition function : List.of(
                FunctionDefinition.fromTemplate(samconfig.env("backup"), "BackupFunction", Map.of()),
                FunctionDefinition.fromTemplate(samconfig.env("notes"), "NotesApiFunction", Map.of()))) {
            assertThat(function.jsonLogs()).as("%s LogFormat", function.logicalId()).isTrue();
            assertThat(function.applicationLogLevel()).as("%s LoggingConfig.ApplicationLogLevel", function.logicalId())
                    .isNotNull()
                    .satisfies(level -> assertThat(keptByLambda("{\"type\":\"any-raw-json-line\"}", level.toUpperCase())).isTrue());
            Map<String, String> lambdaSets = LambdaEnvironment.lambdaVariables(function, "us-east-1", "127.0.0.1:9001",
                    Path.of("/var/task"), Path.of("/var/runtime"));
            assertThat(lambdaSets).containsEntry("AWS_LAMBDA_LOG_LEVEL", function.applicationLogLevel().toUpperCase());
        }
    }

    /**
     * At WARN the probe's raw JSON line reaches the process's stdout (the client keeps it), and
     * Lambda's pipeline would drop it (documented rule); the shipped INFO keeps it. This is why the
     * level is pinned: nothing in the function or the client protects the raw lines.
     */
    @Test
    void atWarn_lambdaWouldDropARawLineTheClientPassedThrough_atInfoItKeepsIt(MotoServer moto) {
        try (LambdaEnvironment lambda = LambdaEnvironment.start(probe("JSON", "WARN"), "us-east-1", moto.endpoint(), ric)) {
            assertThat(lambda.invoke("{}").success()).isTrue();
            assertThat(lambda.stdout()).contains(LogProbeHandler.RAW_JSON);
        }
        assertThat(keptByLambda(LogProbeHandler.RAW_JSON, "WARN")).isFalse();
        assertThat(keptByLambda(LogProbeHandler.RAW_JSON, "INFO")).isTrue();
        assertThat(keptByLambda(LogProbeHandler.RAW_JSON_WITH_LEVEL, "WARN")).as("a line with its own level").isTrue();
    }

    /** The level Lambda's JSON log format gives a line of standard output (AWS docs, "Log-level filtering"). */
    static String levelLambdaFiles(String line) {
        return BackupFunctionRuntimeIT.json(line)
                .map(node -> node.path("level").asText("").toUpperCase())
                .filter(LEVELS::contains)
                .orElse("INFO");
    }

    static boolean keptByLambda(String line, String applicationLogLevel) {
        return LEVELS.indexOf(levelLambdaFiles(line)) >= LEVELS.indexOf(applicationLogLevel);
    }

    private static JsonNode loggerLine(List<String> lines, String message) {
        Optional<JsonNode> line = lines.stream().map(BackupFunctionRuntimeIT::json).flatMap(Optional::stream)
                .filter(node -> message.equals(node.path("message").asText())).findFirst();
        assertThat(line).as("a JSON line with message %s in %s", message, lines).isPresent();
        return line.get();
    }

    private static FunctionDefinition probe(String logFormat, String level) {
        return new FunctionDefinition("LogProbe", "log-probe", LogProbeHandler.class.getName() + "::handleRequest", "java21",
                512, 10, Map.of(), logFormat, level, "/aws/lambda/log-probe", probeJar, List.of());
    }

    /** The probe's classes as a deployment package of their own. */
    private static Path packageProbe() throws IOException, URISyntaxException {
        Path classes = Path.of(LogProbeHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path packageDir = LogProbeHandler.class.getPackageName().replace('.', '/').transform(classes::resolve);
        Path jar = Path.of("target", "log-probe.jar").toAbsolutePath();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.list(packageDir)) {
            for (Path classFile : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(classFile).toString().replace('\\', '/')));
                Files.copy(classFile, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * No runtime outlives its test: closing the environment stops the child, and a runtime whose
     * Runtime API is gone (its test JVM killed) exits by itself when its poll fails.
     */
    @Test
    void runtime_stopsWithItsEnvironment_andExitsByItselfWhenItsRuntimeApiGoes(MotoServer moto) {
        LambdaEnvironment closed = LambdaEnvironment.start(probe("JSON", "INFO"), "us-east-1", moto.endpoint(), ric);
        try {
            assertThat(closed.invoke("{}").success()).isTrue();
        } finally {
            closed.close();
        }
        assertThat(closed.isAlive()).isFalse();

        try (LambdaEnvironment orphan = LambdaEnvironment.start(probe("JSON", "INFO"), "us-east-1", moto.endpoint(), ric)) {
            assertThat(orphan.invoke("{}").success()).isTrue();
            orphan.api().close();
            assertThat(orphan.awaitExit(java.time.Duration.ofSeconds(20))).as("exit code").isNotZero();
        }
    }

    /** The runtime interface client stays out of both Lambda jars: Lambda's runtime brings its own. */
    @Test
    void lambdaJars_holdNoRuntimeInterfaceClient() throws IOException {
        Samconfig samconfig = Samconfig.ofRepository();
        for (FunctionDefinition function : List.of(
                FunctionDefinition.fromTemplate(samconfig.env("backup"), "BackupFunction", Map.of()),
                FunctionDefinition.fromTemplate(samconfig.env("notes"), "NotesApiFunction", Map.of()))) {
            try (ZipFile jar = new ZipFile(function.code().toFile())) {
                assertThat(jar.stream().map(java.util.zip.ZipEntry::getName))
                        .as("%s", function.code())
                        .isNotEmpty()
                        .noneMatch(name -> name.startsWith("com/amazonaws/services/lambda/runtime/api/client/"))
                        .noneMatch(name -> name.startsWith("jni/libaws-lambda-jni"));
            }
            assertThat(function.environment().keySet()).as("%s sets none of Lambda's reserved variables", function.logicalId())
                    .doesNotContainAnyElementsOf(LambdaEnvironment.RESERVED);
        }
        assertThat(ric.version()).isEqualTo(System.getProperty(RuntimeInterfaceClient.VERSION_PROPERTY));
    }
}
