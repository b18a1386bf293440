package dev.notesbackup.cli;

import java.net.URI;
import picocli.CommandLine.Option;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;

/**
 * Where to connect, in the AWS CLI's manner (a picocli mixin of every operator command). An option
 * left out leaves the SDK's usual source in charge: AWS_ENDPOINT_URL (and the per-service
 * AWS_ENDPOINT_URL_DYNAMODB ...), AWS_REGION, AWS_PROFILE, then the config and credentials files.
 */
public final class AwsOptions {
    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send the AWS requests to this URL instead of the region's service endpoint (default: AWS_ENDPOINT_URL, else the region's).")
    private URI endpoint;

    @Option(names = "--region", description = "AWS region (default: AWS_REGION or the profile's).")
    private String region;

    @Option(names = "--profile", description = "Named profile from the AWS config and credentials files (default: AWS_PROFILE).")
    private String profile;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    private boolean verbose;

    public URI endpoint() {
        return endpoint;
    }

    public String region() {
        return region;
    }

    public String profile() {
        return profile;
    }

    public boolean verbose() {
        return verbose;
    }

    /** Where these options point; what they leave out stays with the SDK's default chains. */
    public AwsTarget target() {
        return new AwsTarget(region, profile, endpoint);
    }

    /** Sets on {@code builder} what the options give; the rest stays with the SDK's default chains. */
    public <B extends AwsClientBuilder<B, ?>> B applyTo(B builder) {
        return target().applyTo(builder);
    }
}
