package dev.notesbackup.notes.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.testsupport.LambdaJar;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The shaded jar that sam deploys: within Lambda's package limits, complete, and nothing the function does not run (the tools are in notes-tools). */
class ShadedJarIT {
    private static final LambdaJar JAR = LambdaJar.NOTES;
    /** What the function runs: the handler and its layers, DynamoDB, Jackson's streaming parser, the SDK runtime. */
    private static final List<String> RUNS = Stream.concat(Stream.of(
            "dev.notesbackup.notes.lambda", "dev.notesbackup.notes.api", "dev.notesbackup.notes.domain",
            "dev.notesbackup.notes.store", "dev.notesbackup.notes.wal", "dev.notesbackup.notes.json",
            "dev.notesbackup.notes.config", "dev.notesbackup.notes.aws",
            "software.amazon.awssdk.services.dynamodb.**", "com.fasterxml.jackson.core.**"), LambdaJar.SDK_RUNTIME.stream()).toList();

    @Test
    void jar_holdsOnlyPackagesTheFunctionRuns() {
        assertThat(LambdaJar.notAllowed(JAR.packages(), RUNS))
                .as("packages in %s that the function does not run (tools belong in notes-tools)", JAR.path()).isEmpty();
    }

    @Test
    void allowList_namesTheToolsPackages_asNotAllowed() {
        assertThat(LambdaJar.notAllowed(java.util.Set.of("dev.notesbackup.notes.cli", "dev.notesbackup.notes.replay",
                "software.amazon.awssdk.services.cloudwatchlogs.model", "org.eclipse.jetty.server",
                "software.amazon.awssdk.http.apache", "dev.notesbackup.notes.api"), RUNS))
                .containsExactlyInAnyOrder("dev.notesbackup.notes.cli", "dev.notesbackup.notes.replay",
                        "software.amazon.awssdk.services.cloudwatchlogs.model", "org.eclipse.jetty.server",
                        "software.amazon.awssdk.http.apache");
    }

    @Test
    void jar_fitsLambdasPackageLimits_andHasWhatTheRuntimeLoads() throws IOException {
        assertThat(Files.size(JAR.path())).as("size of " + JAR.path()).isLessThanOrEqualTo(LambdaJar.MAX_ZIPPED_BYTES);
        assertThat(JAR.unzippedBytes()).as("unzipped size of " + JAR.path()).isLessThanOrEqualTo(LambdaJar.MAX_UNZIPPED_BYTES);
        try (JarFile jar = new JarFile(JAR.path().toFile())) {
            for (String needed : List.of(
                    "dev/notesbackup/notes/lambda/NotesApiHandler.class",
                    "com/amazonaws/services/lambda/runtime/events/APIGatewayV2HTTPEvent.class",
                    "com/amazonaws/services/lambda/runtime/events/APIGatewayV2HTTPResponse.class",
                    "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class",
                    "software/amazon/awssdk/services/dynamodb/DefaultDynamoDbClient.class",
                    "org/slf4j/nop/NOPServiceProvider.class", "META-INF/services/org.slf4j.spi.SLF4JServiceProvider")) {
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
}
