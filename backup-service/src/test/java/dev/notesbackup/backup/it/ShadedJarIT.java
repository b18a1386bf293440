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
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    static final LambdaJar JAR = LambdaJar.BACKUP;
    /**
     * What the function runs, and the operator CLI that shares its jar (DESIGN: one jar): the backup
     * layers, DynamoDB and CloudFormation, Jackson for its log lines and templates, snakeyaml for
     * YAML templates, picocli and the shared CLI convention, joda-time, which the Lambda runtime's
     * deserialiser loads for the scheduled event, and for the vault S3 (with the ARN parser and the
     * CRT-core interfaces the S3 client links against, not the CRT itself), SNS for its watchdog, Lambda for
     * the continuation of a slot's work in a new invocation of itself, and
     * Jackson's java.time module for its manifests.
     */
    static final List<String> RUNS = java.util.stream.Stream.concat(java.util.stream.Stream.of(
            "dev.notesbackup.backup.**", "dev.notesbackup.cli", "picocli", "org.yaml.snakeyaml.**",
            "com.fasterxml.jackson.core.**", "com.fasterxml.jackson.databind.**", "com.fasterxml.jackson.annotation",
            "com.fasterxml.jackson.datatype.jsr310.**", "org.joda.time.**",
            "software.amazon.awssdk.services.s3.**", "software.amazon.awssdk.services.sns.**",
            "software.amazon.awssdk.services.lambda.**",
            "software.amazon.awssdk.arns", "software.amazon.awssdk.crtcore",
            "software.amazon.awssdk.services.dynamodb.**", "software.amazon.awssdk.services.cloudformation.**"),
            LambdaJar.SDK_RUNTIME.stream()).toList();

    @Test
    void jar_holdsOnlyPackagesTheFunctionAndItsCliRun() {
        assertThat(LambdaJar.notAllowed(JAR.packages(), RUNS))
                .as("packages in %s that neither the function nor its CLI runs (benchmark probes belong in bench)", JAR.path())
                .isEmpty();
    }

    @Test
    void jar_fitsLambdasPackageLimits_whenZippedAndUnzipped() throws IOException {
        assertThat(Files.size(JAR.path())).as("size of " + JAR.path()).isLessThanOrEqualTo(LambdaJar.MAX_ZIPPED_BYTES);
        assertThat(JAR.unzippedBytes()).as("unzipped size of " + JAR.path()).isLessThanOrEqualTo(LambdaJar.MAX_UNZIPPED_BYTES);
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
                "-jar", JAR.path().toString()));
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
