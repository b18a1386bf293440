package dev.notesbackup.notes.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.testsupport.LambdaJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The shaded jar that sam deploys: small, complete, and nothing the function does not run (the tools are in notes-tools). */
class ShadedJarIT {
    private static final long MAX_BYTES = 12L * 1024 * 1024;
    private static final Path JAR = LambdaJars.of("notes-service");
    /** What the function runs: the handler and its layers, DynamoDB, Jackson's streaming parser, the SDK runtime. */
    private static final List<String> RUNS = Stream.concat(Stream.of(
            "dev.notesbackup.notes.lambda", "dev.notesbackup.notes.api", "dev.notesbackup.notes.domain",
            "dev.notesbackup.notes.store", "dev.notesbackup.notes.wal", "dev.notesbackup.notes.json",
            "dev.notesbackup.notes.config", "dev.notesbackup.notes.aws",
            "software.amazon.awssdk.services.dynamodb.**", "com.fasterxml.jackson.core.**"), LambdaJars.SDK_RUNTIME.stream()).toList();

    @Test
    void jar_holdsOnlyPackagesTheFunctionRuns() {
        assertThat(LambdaJars.notAllowed(LambdaJars.packages(JAR), RUNS))
                .as("packages in %s that the function does not run (tools belong in notes-tools)", JAR).isEmpty();
    }

    @Test
    void allowList_namesTheToolsPackages_asNotAllowed() {
        assertThat(LambdaJars.notAllowed(java.util.Set.of("dev.notesbackup.notes.cli", "dev.notesbackup.notes.replay",
                "software.amazon.awssdk.services.cloudwatchlogs.model", "org.eclipse.jetty.server",
                "software.amazon.awssdk.http.apache", "dev.notesbackup.notes.api"), RUNS))
                .containsExactlyInAnyOrder("dev.notesbackup.notes.cli", "dev.notesbackup.notes.replay",
                        "software.amazon.awssdk.services.cloudwatchlogs.model", "org.eclipse.jetty.server",
                        "software.amazon.awssdk.http.apache");
    }

    @Test
    void jar_isUnder12Megabytes_andHasWhatTheRuntimeLoads() throws IOException {
        assertThat(Files.size(JAR)).isLessThan(MAX_BYTES);
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (String needed : List.of(
                    "dev/notesbackup/notes/lambda/NotesApiHandler.class",
                    "com/amazonaws/services/lambda/runtime/events/APIGatewayV2HTTPEvent.class",
                    "com/amazonaws/services/lambda/runtime/events/APIGatewayV2HTTPResponse.class",
                    "org/joda/time/DateTime.class",
                    "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class",
                    "software/amazon/awssdk/services/dynamodb/DefaultDynamoDbClient.class",
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
        }
    }
}
