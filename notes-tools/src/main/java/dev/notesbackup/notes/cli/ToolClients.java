package dev.notesbackup.notes.cli;

import dev.notesbackup.cli.AwsOptions;
import dev.notesbackup.notes.aws.AwsClients;
import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The tools' clients: the options' region, profile and endpoint, else the SDK's usual sources; built when first needed. */
final class ToolClients {
    /** For the replay's bulk work: adaptive retries, so it slows down under throttling instead of failing. */
    private static final ClientOverrideConfiguration BULK = ClientOverrideConfiguration.builder()
            .retryStrategy(RetryMode.ADAPTIVE_V2)
            .apiCallTimeout(Duration.ofSeconds(60))
            .build();

    private ToolClients() {
    }

    /** serve: the client the function builds, pointed where the options say. */
    static DynamoDbClient api(AwsOptions aws) {
        return AwsClients.apiDynamoDb(aws.applyTo(DynamoDbClient.builder()), AwsClients.httpClient());
    }

    /** replay and the bad-data recovery: bulk work with adaptive retries. */
    static NotesTools.Clients operator(AwsOptions aws) {
        return new NotesTools.Clients() {
            private SdkHttpClient http;

            private SdkHttpClient http() {
                if (http == null) {
                    http = AwsClients.httpClient();
                }
                return http;
            }

            @Override
            public DynamoDbClient dynamoDb() {
                return aws.applyTo(DynamoDbClient.builder()).httpClient(http()).overrideConfiguration(BULK).build();
            }

            @Override
            public CloudWatchLogsClient logs() {
                return aws.applyTo(CloudWatchLogsClient.builder()).httpClient(http()).overrideConfiguration(BULK).build();
            }
        };
    }
}
