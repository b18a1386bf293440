package dev.notesbackup.backup.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.model.BackupInUseException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;

class AwsClientsTest {

    @Test
    void cloudFormation_usesTheTargetsRegionAndEndpoint_whenOverridden() {
        try (SdkHttpClient http = AwsClients.httpClient();
             CloudFormationClient cfn = AwsClients.cloudFormation(http,
                     new AwsClients.Target("eu-west-1", null, URI.create("http://127.0.0.1:4566")))) {
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
