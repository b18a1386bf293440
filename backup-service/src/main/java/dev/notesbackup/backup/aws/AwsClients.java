package dev.notesbackup.backup.aws;

import dev.notesbackup.cli.AwsTarget;
import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupInUseException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The one place clients are built. By default region, credentials and endpoint come from the
 * SDK's usual sources (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_DYNAMODB ...),
 * so the same code runs against AWS and against a local stand-in; {@link AwsTarget} overrides them
 * the way the AWS CLI's --region, --profile and --endpoint-url do. One light HTTP client. Every
 * DynamoDB client retries with {@link #DYNAMODB_RETRIES}, except the calls that opt out per request
 * with {@link #withoutSdkRetries} (CreateBackup, which the run retries itself only after looking
 * whether the failed attempt made the backup). The CloudFormation client uses the SDK's standard retries.
 */
public final class AwsClients {
    /** Longest a single call may take; the run's time margin must exceed it. */
    public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The SDK's standard retries (throttling, 5xx, I/O errors and time-outs), which also retry
     * DynamoDB's two "try again later" answers that the SDK does not count as throttling:
     * LimitExceededException (too many control-plane operations at once) and BackupInUseException
     * (the backup is being created, deleted or restored). 8 attempts, full-jitter backoff from
     * 100 ms up to 5 s; no circuit breaker, since the run paces its calls and a throttled burst
     * must not stop the retries of the calls behind it.
     */
    public static final RetryStrategy DYNAMODB_RETRIES = AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .retryOnExceptionInstanceOf(LimitExceededException.class)
            .retryOnExceptionInstanceOf(BackupInUseException.class)
            .maxAttempts(8)
            .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
            .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
            .circuitBreakerEnabled(false)
            .build();

    private AwsClients() {
    }

    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(API_CALL_TIMEOUT)
                .build();
    }

    /** A DynamoDB client for the backup run: {@link #DYNAMODB_RETRIES}, and each call bounded in time, retries included. */
    public static DynamoDbClient dynamoDb(SdkHttpClient httpClient) {
        return dynamoDb(httpClient, AwsTarget.DEFAULT);
    }

    public static DynamoDbClient dynamoDb(SdkHttpClient httpClient, AwsTarget target) {
        return build(DynamoDbClient.builder(), httpClient, target, RUN_OVERRIDES);
    }

    /** The backup run's client configuration (tests build their own clients with it). */
    public static final ClientOverrideConfiguration RUN_OVERRIDES = ClientOverrideConfiguration.builder()
            .retryStrategy(DYNAMODB_RETRIES)
            .apiCallTimeout(API_CALL_TIMEOUT)
            .apiCallAttemptTimeout(API_CALL_TIMEOUT)
            .build();

    /** A DynamoDB client for the operator's one-off commands, the drill and the audit: {@link #DYNAMODB_RETRIES}. */
    public static DynamoDbClient dynamoDbWithRetries(SdkHttpClient httpClient, AwsTarget target) {
        return build(DynamoDbClient.builder(), httpClient, target, ClientOverrideConfiguration.builder()
                .retryStrategy(DYNAMODB_RETRIES)
                .apiCallAttemptTimeout(API_CALL_TIMEOUT)
                .build());
    }

    /** For one request: no SDK retries (its caller decides whether repeating it is safe). */
    public static void withoutSdkRetries(AwsRequestOverrideConfiguration.Builder request) {
        request.addPlugin(config -> config.overrideConfiguration(
                (config.overrideConfiguration() == null ? ClientOverrideConfiguration.builder()
                        : config.overrideConfiguration().toBuilder())
                        .retryStrategy(AwsRetryStrategy.doNotRetry()).build()));
    }

    /**
     * A CloudFormation client for the operator's tools (deploy guard, protection audit): the SDK's
     * standard retries (throttling aware), each attempt bounded like the backup run's calls.
     */
    public static CloudFormationClient cloudFormation(SdkHttpClient httpClient, AwsTarget target) {
        return build(CloudFormationClient.builder(), httpClient, target, STANDARD_RETRIES);
    }

    /** An S3 client (the vault: the run writes to it, the operator's commands and the drill read it): the SDK's standard retries. */
    public static S3Client s3(SdkHttpClient httpClient, AwsTarget target) {
        return build(S3Client.builder(), httpClient, target, STANDARD_RETRIES);
    }

    /** An SNS client (the vault watchdog's notifications): the SDK's standard retries. */
    public static SnsClient sns(SdkHttpClient httpClient, AwsTarget target) {
        return build(SnsClient.builder(), httpClient, target, STANDARD_RETRIES);
    }

    /** A Lambda client (the backup function's continuation of itself): the SDK's standard retries. */
    public static LambdaClient lambda(SdkHttpClient httpClient, AwsTarget target) {
        return build(LambdaClient.builder(), httpClient, target, STANDARD_RETRIES);
    }

    private static final ClientOverrideConfiguration STANDARD_RETRIES = ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy())
            .apiCallAttemptTimeout(API_CALL_TIMEOUT)
            .build();

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, SdkHttpClient httpClient, AwsTarget target, ClientOverrideConfiguration overrides) {
        return target.applyTo(builder).httpClient(httpClient).overrideConfiguration(overrides).build();
    }
}
