package dev.notesbackup.notes.aws;

import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one place clients are built. Region, credentials and endpoint come from the SDK's usual
 * sources (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_DYNAMODB ...), so the same
 * code runs against AWS and against the local stand-in. One light HTTP client (url-connection).
 */
public final class AwsClients {
    private AwsClients() {
    }

    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * For the API: the SDK's standard retries (3 attempts), and a bound on the whole call that
     * leaves room inside the function's 10 s timeout and API Gateway's 30 s.
     */
    public static DynamoDbClient apiDynamoDb(SdkHttpClient httpClient) {
        return DynamoDbClient.builder()
                .httpClient(httpClient)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallAttemptTimeout(Duration.ofSeconds(3))
                        .apiCallTimeout(Duration.ofSeconds(7))
                        .build())
                .build();
    }

    /** For the replay command's bulk work: adaptive retries, so it slows down under throttling instead of failing. */
    private static final ClientOverrideConfiguration BULK = ClientOverrideConfiguration.builder()
            .retryStrategy(RetryMode.ADAPTIVE_V2)
            .apiCallTimeout(Duration.ofSeconds(60))
            .build();

    public static DynamoDbClient replayDynamoDb(SdkHttpClient httpClient) {
        return DynamoDbClient.builder().httpClient(httpClient).overrideConfiguration(BULK).build();
    }

    public static CloudWatchLogsClient logs(SdkHttpClient httpClient) {
        return CloudWatchLogsClient.builder().httpClient(httpClient).overrideConfiguration(BULK).build();
    }
}
