package dev.notesbackup.backup.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.notesbackup.backup.run.CallStats;
import dev.notesbackup.cli.AwsTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupInUseException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;

class AwsClientsTest {

    @Test
    void cloudFormation_usesTheTargetsRegionAndEndpoint_whenOverridden() {
        try (SdkHttpClient http = AwsClients.httpClient();
             CloudFormationClient cfn = AwsClients.cloudFormation(http,
                     new AwsTarget("eu-west-1", null, URI.create("http://127.0.0.1:4566")))) {
            assertThat(cfn.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
            assertThat(cfn.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:4566"));
        }
    }

    @Test
    void dynamoDbRetries_retryLimitExceededAndBackupInUse_butNotAnyClientError() {
        assertThat(retries(answer(LimitExceededException.builder(), 400, "LimitExceededException"))).isTrue();
        assertThat(retries(answer(BackupInUseException.builder(), 400, "BackupInUseException"))).isTrue();
        assertThat(retries(answer(DynamoDbException.builder(), 500, "InternalServerError"))).isTrue();
        assertThat(retries(answer(DynamoDbException.builder(), 400, "ValidationException"))).isFalse();
        assertThatThrownBy(() -> refresh(answer(DynamoDbException.builder(), 400, "ValidationException")))
                .isInstanceOf(TokenAcquisitionFailedException.class);
    }

    /** A stand-in DynamoDB endpoint that answers BackupInUseException {@code failures} times, then succeeds. */
    private static HttpServer dynamoDbFailing(int failures, AtomicInteger requests) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean fail = requests.incrementAndGet() <= failures;
            byte[] body = (fail ? "{\"__type\":\"com.amazonaws.dynamodb.v20120810#BackupInUseException\",\"message\":\"in use\"}"
                    : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(fail ? 400 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static DynamoDbClient runClient(HttpServer server) {
        return DynamoDbClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .httpClient(AwsClients.httpClient())
                .overrideConfiguration(AwsClients.RUN_OVERRIDES)
                .build();
    }

    @Test
    void runClient_retriesBackupInUseAndReportsItThroughMetrics_whenRequestIsObserved() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = dynamoDbFailing(2, requests);
        CallStats stats = new CallStats();
        try (DynamoDbClient dynamo = runClient(server)) {
            dynamo.deleteBackup(r -> r.backupArn("arn:aws:dynamodb:us-east-1:123456789012:table/t/backup/1")
                    .overrideConfiguration(o -> o.addMetricPublisher(stats)));
        } finally {
            server.stop(0);
        }
        assertThat(requests).hasValue(3);
        assertThat(stats.retries()).isEqualTo(2);
        assertThat(stats.callsByOperation()).containsEntry("DeleteBackup", 3L);
    }

    @Test
    void runClient_makesOneAttempt_whenRequestIsWithoutSdkRetries() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = dynamoDbFailing(2, requests);
        try (DynamoDbClient dynamo = runClient(server)) {
            assertThatThrownBy(() -> dynamo.createBackup(r -> r.tableName("t").backupName("b")
                    .overrideConfiguration(AwsClients::withoutSdkRetries)))
                    .isInstanceOf(BackupInUseException.class);
        } finally {
            server.stop(0);
        }
        assertThat(requests).hasValue(1);
    }

    private static Throwable answer(AwsServiceException.Builder builder, int status, String code) {
        return builder.statusCode(status).awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    private static boolean retries(Throwable failure) {
        try {
            refresh(failure);
            return true;
        } catch (TokenAcquisitionFailedException e) {
            return false;
        }
    }

    private static void refresh(Throwable failure) {
        RetryToken token = AwsClients.DYNAMODB_RETRIES.acquireInitialToken(AcquireInitialTokenRequest.create("dynamodb")).token();
        AwsClients.DYNAMODB_RETRIES.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(failure).build());
    }
}
