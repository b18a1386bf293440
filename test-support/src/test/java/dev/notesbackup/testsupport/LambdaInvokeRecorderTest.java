package dev.notesbackup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

class LambdaInvokeRecorderTest {
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:notes-backup-BackupFunction";
    private final LambdaInvokeRecorder recorder = LambdaInvokeRecorder.start();
    private final LambdaClient lambda = LambdaClient.builder()
            .endpointOverride(recorder.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
            .build();

    @AfterEach
    void close() {
        lambda.close();
        recorder.close();
    }

    @Test
    void anEventInvocation_isAccepted_andKeptForDelivery() throws InterruptedException {
        InvokeResponse response = lambda.invoke(r -> r.functionName(ARN + ":live").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"detail\":{\"invocation\":2}}")));

        assertThat(response.statusCode()).isEqualTo(202);
        LambdaInvokeRecorder.Invocation taken = recorder.take(Duration.ofSeconds(1));
        assertThat(taken.functionName()).isEqualTo(ARN + ":live");
        assertThat(taken.payload()).isEqualTo("{\"detail\":{\"invocation\":2}}");
        assertThat(recorder.poll()).isNull();
        assertThat(recorder.invocations()).containsExactly(taken);
    }

    @Test
    void aQualifierParameter_isKept() {
        lambda.invoke(r -> r.functionName(ARN).qualifier("7").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{}")));

        assertThat(recorder.poll().qualifier()).isEqualTo("7");
    }

    @Test
    void whatLambdaRefuses_isRefusedWithItsErrors() {
        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName(ARN).payload(SdkBytes.fromUtf8String("{}"))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Event");
        String tooLarge = "\"" + "x".repeat(LambdaInvokeRecorder.MAX_EVENT_PAYLOAD_BYTES) + "\"";
        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName(ARN).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(tooLarge)))).isInstanceOf(RequestTooLargeException.class);
        recorder.throttleNext(1);
        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName(ARN).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{}")))).isInstanceOf(TooManyRequestsException.class);

        assertThat(recorder.invocations()).isEmpty();
        lambda.invoke(r -> r.functionName(ARN).invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String("{}")));
        assertThat(recorder.invocations()).hasSize(1);
    }
}
