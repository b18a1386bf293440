package dev.notesbackup.notes.aws;

import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The one place clients are built. Region, credentials and endpoint come from the SDK's usual
 * sources (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_DYNAMODB ...), so the same
 * code runs wherever they point (the local tools pass a builder their --endpoint-url, --region and
 * --profile have set). One light HTTP client (url-connection).
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
        return apiDynamoDb(DynamoDbClient.builder(), httpClient);
    }

    /** The same, from a builder already told where to connect (the local tools' --endpoint-url, --region, --profile). */
    public static DynamoDbClient apiDynamoDb(DynamoDbClientBuilder builder, SdkHttpClient httpClient) {
        return builder
                .httpClient(httpClient)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallAttemptTimeout(Duration.ofSeconds(3))
                        .apiCallTimeout(Duration.ofSeconds(7))
                        .build())
                .build();
    }
}
