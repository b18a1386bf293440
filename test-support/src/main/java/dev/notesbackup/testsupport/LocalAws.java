package dev.notesbackup.testsupport;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SDK v2 clients for a local endpoint (moto, or the {@link AwsLimitsProxy} in front of it):
 * region us-east-1, static credentials test/test, the url-connection HTTP client.
 *
 * <p>One pattern for every service: {@link #client} configures any sync client builder, e.g.
 * {@code LocalAws.client(CloudFormationClient.builder(), endpoint, LocalAws.noRetries())}.
 */
public final class LocalAws {
    public static final Region REGION = Region.US_EAST_1;
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    private LocalAws() {
    }

    public static AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    /**
     * A child process's environment for moto: no AWS_* variable of ours inherited (no real profile,
     * region or endpoint), and the test credentials moto takes; region and endpoint are the caller's.
     */
    public static void childEnvironment(Map<String, String> env) {
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
    }

    /** The AWS options of the operator commands that point a child at moto. */
    public static List<String> cliOptions(URI endpoint) {
        return List.of("--endpoint-url", endpoint.toString(), "--region", REGION.id());
    }

    /** No SDK retries: every failure reaches the caller as it happened (the default here). */
    public static ClientOverrideConfiguration noRetries() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .build();
    }

    /** The SDK's standard AWS retry strategy (3 attempts, backoff, throttling aware). */
    public static ClientOverrideConfiguration standardRetries() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy())
                .build();
    }

    /** Configures any AWS sync client builder for {@code endpoint} and builds the client. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(
            B builder, URI endpoint, ClientOverrideConfiguration overrides) {
        return builder
                .region(REGION)
                .credentialsProvider(credentials())
                .endpointOverride(endpoint)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .overrideConfiguration(overrides)
                .build();
    }

    /** A DynamoDB client without SDK retries. */
    public static DynamoDbClient dynamoDb(URI endpoint) {
        return dynamoDb(endpoint, noRetries());
    }

    /** A DynamoDB client with the given overrides (retry strategy, call timeouts ...). */
    public static DynamoDbClient dynamoDb(URI endpoint, ClientOverrideConfiguration overrides) {
        return client(DynamoDbClient.builder(), endpoint, overrides);
    }
}
