package dev.notesbackup.verify.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.verify.iam.CallRecorder.AwsCall;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;

/** What {@link IamMapping} makes of the SDK calls whose IAM resource it derives from the request's own forms. */
class IamMappingTest {
    private static final String ACCOUNT = "123456789012";
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:notes-backup-BackupFunction-X1";
    private final IamMapping mapping = new IamMapping(ACCOUNT, name -> {
        throw new AssertionError("no stack is looked up for an invocation");
    });

    @Test
    void invoke_isInvokeFunctionOnTheFunctionsArn_whateverFormFunctionNameTakes() {
        for (String form : List.of(FUNCTION, "notes-backup-BackupFunction-X1", ACCOUNT + ":function:notes-backup-BackupFunction-X1")) {
            assertThat(mapping.requests(invoke(InvokeRequest.builder().functionName(form))))
                    .as(form).singleElement().satisfies(request -> {
                        assertThat(request.action()).isEqualTo("lambda:InvokeFunction");
                        assertThat(request.resource()).isEqualTo(FUNCTION);
                        assertThat(request.region()).isEqualTo("us-east-1");
                        assertThat(request.account()).isEqualTo(ACCOUNT);
                    });
        }
    }

    @Test
    void invoke_isAuthorizedOnTheQualifiedArn_whenTheNameOrTheQualifierMemberQualifiesIt() {
        assertThat(mapping.requests(invoke(InvokeRequest.builder().functionName(FUNCTION + ":live"))))
                .extracting(IamRequest::resource).containsExactly(FUNCTION + ":live");
        assertThat(mapping.requests(invoke(InvokeRequest.builder().functionName("notes-backup-BackupFunction-X1:7"))))
                .extracting(IamRequest::resource).containsExactly(FUNCTION + ":7");
        assertThat(mapping.requests(invoke(InvokeRequest.builder().functionName(FUNCTION).qualifier("$LATEST"))))
                .extracting(IamRequest::resource).containsExactly(FUNCTION + ":$LATEST");
    }

    @Test
    void invoke_ofAnotherAccountsFunction_isAuthorizedInThatAccount() {
        String other = "arn:aws:lambda:eu-west-1:210987654321:function:elsewhere";
        assertThat(mapping.requests(invoke(InvokeRequest.builder().functionName(other)))).singleElement()
                .satisfies(request -> assertThat(List.of(request.resource(), request.region(), request.account()))
                        .containsExactly(other, "eu-west-1", "210987654321"));
    }

    private static AwsCall invoke(InvokeRequest.Builder request) {
        return new AwsCall("Lambda", "Invoke", Region.US_EAST_1, request.invocationType(InvocationType.EVENT).build(),
                Optional.empty(), List.of("dev.notesbackup.backup.lambda.ScheduledBackupHandler.handleRequest"));
    }
}
