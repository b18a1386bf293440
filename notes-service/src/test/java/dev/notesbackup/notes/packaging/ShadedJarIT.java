package dev.notesbackup.notes.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.notes.support.WalLines;
import dev.notesbackup.testsupport.LambdaJar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar that sam deploys and that 'java -jar' runs: small, complete, and its commands start. */
class ShadedJarIT {
    private static final long MAX_BYTES = 12L * 1024 * 1024;
    private static final Path JAR = LambdaJar.NOTES.path();

    @TempDir
    Path dir;

    @Test
    void jar_isUnder12MegabytesAndHasWhatTheRuntimeLoads() throws IOException {
        assertThat(Files.size(JAR)).isLessThan(MAX_BYTES);
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.notesbackup.notes.cli.Main");
            for (String needed : List.of(
                    "dev/notesbackup/notes/lambda/NotesApiHandler.class",
                    "com/amazonaws/services/lambda/runtime/events/APIGatewayV2HTTPEvent.class",
                    "com/amazonaws/services/lambda/runtime/events/APIGatewayV2HTTPResponse.class",
                    "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class",
                    "software/amazon/awssdk/services/dynamodb/DefaultDynamoDbClient.class",
                    "software/amazon/awssdk/services/cloudwatchlogs/paginators/FilterLogEventsIterable.class",
                    "org/slf4j/impl/StaticLoggerBinder.class")) {
                assertThat(jar.getEntry(needed)).as(needed).isNotNull();
            }
            List<String> unwanted = new ArrayList<>();
            jar.stream().map(entry -> entry.getName())
                    .filter(name -> name.startsWith("software/amazon/awssdk/http/nio/netty/")
                            || name.startsWith("software/amazon/awssdk/http/apache/")
                            || name.startsWith("software/amazon/awssdk/http/apache5/")
                            || name.startsWith("io/netty/") || name.startsWith("org/apache/http/"))
                    .forEach(unwanted::add);
            assertThat(unwanted).as("other HTTP clients").isEmpty();
            assertThat(jar.stream().map(entry -> entry.getName()).filter(name -> name.startsWith("org/joda/")))
                    .as("joda-time (the runtime reads the HTTP API v2 event without it)").isEmpty();
        }
    }

    @Test
    void javaJar_help_printsTheCommands() throws Exception {
        Result result = run("help");

        assertThat(result.exit).isZero();
        assertThat(result.out).contains("replay (--file FILE", "serve [--port 8080]");
    }

    @Test
    void javaJar_replayDryRun_readsAFileWithoutAws() throws Exception {
        Path file = dir.resolve("wal.log");
        Files.writeString(file, WalLines.note("notes-t", "01HXAAAAAAAAAAAAAAAAAAAAA1", "a") + "\nnot a wal line\n");

        Result result = run("replay", "--file", file.toString(), "--dry-run");

        assertThat(result.exit).isZero();
        assertThat(result.out).contains("would write 1", "not write-ahead lines 1 (line 2)");
        assertThat(result.err).doesNotContain("SLF4J");
    }

    private Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("java -jar did not finish in 60 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Result(int exit, String out, String err) {
    }
}
