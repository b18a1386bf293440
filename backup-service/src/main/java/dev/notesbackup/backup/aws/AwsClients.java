package dev.notesbackup.backup.aws;

import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one place clients are built. Region, credentials and endpoint come from the SDK's usual
 * sources (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_DYNAMODB ...), so the same
 * code runs against AWS and against a local stand-in. One light HTTP client, no SDK retries: the
 * backup run retries itself, with its own backoff and within its time budget.
 */
public final class AwsClients {
    /** Longest a single call may take; the run's time margin must exceed it. */
    public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

    private AwsClients() {
    }

    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** A DynamoDB client for the backup run: no SDK retries, bounded call time. */
    public static DynamoDbClient dynamoDb(SdkHttpClient httpClient) {
        return DynamoDbClient.builder()
                .httpClient(httpClient)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(API_CALL_TIMEOUT)
                        .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                        .build())
                .build();
    }
}
