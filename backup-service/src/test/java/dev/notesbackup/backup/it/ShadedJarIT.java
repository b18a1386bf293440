package dev.notesbackup.backup.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.testsupport.LambdaJar;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The shaded jar as shipped: within Lambda's limits for a deployment package, and complete. The shade filters
 * drop SDK classes; running the CLI's DynamoDB and CloudFormation paths from the jar itself, in a
 * fresh JVM, shows nothing needed was dropped.
 */
@ExtendWith(MotoExtension.class)
class ShadedJarIT {
    static final Path JAR = LambdaJar.BACKUP.path();
    /** Lambda's limits: 50 MB for the zipped package uploaded directly, 250 MB unzipped. Its size is reported in BENCHMARKS.md. */
    static final long MAX_ZIPPED_BYTES = 50L * 1024 * 1024;
    static final long MAX_UNZIPPED_BYTES = 250L * 1024 * 1024;

    @Test
    void jar_fitsLambdasPackageLimits_whenZippedAndUnzipped() throws IOException {
        assertThat(Files.size(JAR)).as("size of " + JAR).isLessThanOrEqualTo(MAX_ZIPPED_BYTES);
        long unzipped = 0;
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                unzipped += entry.getSize();
            }
        }
        assertThat(unzipped).as("unzipped size of " + JAR).isLessThanOrEqualTo(MAX_UNZIPPED_BYTES);
    }

    @Test
    void jar_runsABackupAndAnAudit_whenStartedInAFreshJvm(MotoServer moto) throws Exception {
        try (DynamoDbClient dynamo = LocalAws.dynamoDb(moto.endpoint())) {
            dynamo.createTable(r -> r.tableName("jar-notes")
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                    .billingMode(BillingMode.PAY_PER_REQUEST));
        }
        String endpoint = moto.endpoint().toString();

        Result run = java("run", "--tables", "jar-notes", "--endpoint-url", endpoint, "--region", "us-east-1");
        Result audit = java("audit", "--tables", "jar-notes", "--endpoint-url", endpoint, "--region", "us-east-1", "--json");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("1 tables: 1 ok");
        assertThat(audit.exit()).as(audit.output()).isEqualTo(1); // a plain table: no deletion protection, no recovery
        assertThat(audit.output()).contains("\"table\":\"jar-notes\"").doesNotContain("Exception");
    }

    record Result(int exit, String output) {
    }

    private static Result java(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", "test");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
