package dev.notesbackup.cli;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * Where an AWS client connects, as the AWS CLI's --region, --profile and --endpoint-url say it; a
 * null field leaves the SDK's default chain in charge (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL and
 * the per-service AWS_ENDPOINT_URL_DYNAMODB ..., then the config and credentials files).
 */
public record AwsTarget(String region, String profile, URI endpoint) {
    /** The SDK's default chains for all three: what a Lambda function uses. */
    public static final AwsTarget DEFAULT = new AwsTarget(null, null, null);

    public boolean isDefault() {
        return region == null && profile == null && endpoint == null;
    }

    /** Sets on {@code builder} what this target gives; the rest stays with the SDK's default chains. */
    public <B extends AwsClientBuilder<B, ?>> B applyTo(B builder) {
        if (region != null) {
            builder.region(Region.of(region));
        }
        if (profile != null) {
            builder.credentialsProvider(ProfileCredentialsProvider.create(profile));
        }
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }
}
