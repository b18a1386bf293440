package dev.notesbackup.backup.cli;

import dev.notesbackup.backup.aws.AwsClients;
import java.net.URI;
import picocli.CommandLine.Option;

/** Where to connect, in the AWS CLI's manner; without them the SDK's usual environment and profile apply. */
public final class AwsOptions {
    @Option(names = "--endpoint-url", paramLabel = "URL", description = "Use this endpoint instead of AWS's (e.g. a local moto server).")
    URI endpoint;

    @Option(names = "--region", description = "AWS region (default: AWS_REGION or the profile's).")
    String region;

    @Option(names = "--profile", description = "Named profile from the AWS config and credentials files.")
    String profile;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    AwsClients.Target target() {
        return new AwsClients.Target(region, profile, endpoint);
    }
}
