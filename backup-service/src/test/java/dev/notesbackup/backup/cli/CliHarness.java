package dev.notesbackup.backup.cli;

import dev.notesbackup.cli.AwsOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Runs the CLI in-process with given clients, capturing what it prints. */
final class CliHarness {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final BackupCli.Context context;

    CliHarness(Map<String, String> env, Clock clock, Function<AwsOptions, DynamoDbClient> clients) {
        this(env, clock, clients, aws -> {
            throw new AssertionError("this test gives the CLI no CloudFormation client");
        });
    }

    CliHarness(Map<String, String> env, Clock clock, Function<AwsOptions, DynamoDbClient> clients,
               Function<AwsOptions, CloudFormationClient> cloudFormation) {
        this(env, clock, clients, cloudFormation, aws -> {
            throw new AssertionError("this test gives the CLI no S3 client");
        });
    }

    CliHarness(Map<String, String> env, Clock clock, Function<AwsOptions, DynamoDbClient> clients,
               Function<AwsOptions, CloudFormationClient> cloudFormation, Function<AwsOptions, S3Client> s3) {
        this.context = new BackupCli.Context(env, clock, new PrintStream(out, true, StandardCharsets.UTF_8), clients, clients,
                cloudFormation, s3);
    }

    int run(String... args) {
        out.reset();
        err.reset();
        return BackupCli.execute(args, context, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
