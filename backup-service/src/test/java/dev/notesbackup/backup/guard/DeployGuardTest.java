package dev.notesbackup.backup.guard;

import static dev.notesbackup.backup.guard.ChangeSetJudgeTest.template;
import static dev.notesbackup.backup.guard.CloudFormationStubs.STACK;
import static dev.notesbackup.backup.guard.CloudFormationStubs.change;
import static dev.notesbackup.backup.guard.CloudFormationStubs.changeSet;
import static dev.notesbackup.backup.guard.CloudFormationStubs.changeSetTemplate;
import static dev.notesbackup.backup.guard.CloudFormationStubs.deployed;
import static dev.notesbackup.backup.guard.CloudFormationStubs.page;
import static dev.notesbackup.backup.guard.CloudFormationStubs.stack;
import static dev.notesbackup.backup.guard.CloudFormationStubs.stackId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.notesbackup.backup.cfn.FakeCloudFormation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DeleteChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/** The guard as its callers use it: reader and judge wired together, and the preview of a template (its change set made and cleaned up). */
class DeployGuardTest {
    static final String TABLE = "AWS::DynamoDB::Table";
    static final String NOTES = "notes-backup/notes-stack";
    static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");
    static final String CHANGE_SET_ARN = "arn:aws:cloudformation:us-east-1:123456789012:changeSet/guard-20261125T030000000Z/1111";
    static final Tag PROJECT_NOTES = Tag.builder().key("project").value(NOTES).build();

    final CloudFormationClient cfn = CloudFormationStubs.client();
    final DeployGuard guard = new DeployGuard(cfn, Clock.fixed(NOW, ZoneOffset.UTC),
            new ChangeSetWait(Duration.ofSeconds(1), Duration.ofMillis(5)), DeployGuard.UnreportedReplacement.REFUSE);
    final Stack notesStack = stack(STACK, StackStatus.UPDATE_COMPLETE).tags(PROJECT_NOTES).build();

    // ---- check ---------------------------------------------------------------------------------

    @Test
    void check_refusesAModifyWithoutReplacement_whenTheGuardIsMadeWithItsDefaults() {
        deployed(cfn, notesStack, template(NOTES));
        changeSetTemplate(cfn, template(NOTES));
        changeSet(cfn, page(ChangeSetStatus.CREATE_COMPLETE, change("Modify", "NotesTable", "quarantine-notes", TABLE, null, null)));

        assertThat(new DeployGuard(cfn).check(STACK, "cs").allowed()).isFalse();
        assertThat(guard.check(STACK, "cs").allowed()).isFalse();
        assertThat(new DeployGuard(cfn, DeployGuard.UnreportedReplacement.TAKE_AS_IN_PLACE).check(STACK, "cs").allowed()).isTrue();
    }

    // ---- checkTemplate -------------------------------------------------------------------------

    @Test
    void checkTemplate_makesAnUpdateChangeSetKeepingUndeclaredParametersAndDeletesIt_whenTheStackIsDeployed() {
        deployed(cfn, notesStack.toBuilder().parameters(
                Parameter.builder().parameterKey("TablePrefix").parameterValue("quarantine").build(),
                Parameter.builder().parameterKey("Gone").parameterValue("x").build()).build(), template(NOTES));
        created(STACK);
        changeSet(cfn, page(ChangeSetStatus.CREATE_COMPLETE, change("Modify", "NotesTable", "quarantine-notes", TABLE, "False", null)));

        GuardVerdict verdict = guard.checkTemplate(STACK, template(NOTES), Map.of("Stage", "prod"));

        CreateChangeSetRequest created = createRequest();
        assertThat(created.changeSetName()).isEqualTo("guard-20261125T030000000Z");
        assertThat(created.changeSetType()).isEqualTo(ChangeSetType.UPDATE);
        assertThat(created.capabilities()).containsExactlyInAnyOrder(
                Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM, Capability.CAPABILITY_AUTO_EXPAND);
        assertThat(created.parameters()).containsExactlyInAnyOrder(
                Parameter.builder().parameterKey("Stage").parameterValue("prod").build(),
                Parameter.builder().parameterKey("TablePrefix").usePreviousValue(true).build());
        assertThat(created.tags()).containsExactly(PROJECT_NOTES);
        assertThat(verdict.allowed()).as(verdict.explain()).isTrue();
        assertThat(verdict.changeSetName()).isEqualTo("guard-20261125T030000000Z");
        verify(cfn).deleteChangeSet(DeleteChangeSetRequest.builder().changeSetName(CHANGE_SET_ARN).build());
        verify(cfn, never()).deleteStack(any(DeleteStackRequest.class));
    }

    @Test
    void checkTemplate_makesACreateChangeSetAndDeletesTheEmptyStackItMade_whenThereIsNoStack() {
        when(cfn.describeStacks(any(DescribeStacksRequest.class)))
                .thenThrow(FakeCloudFormation.validationError("Stack with id brand-new does not exist"))
                .thenReturn(DescribeStacksResponse.builder().stacks(stack("brand-new", StackStatus.REVIEW_IN_PROGRESS).build()).build());
        created("brand-new");
        changeSet(cfn, page(ChangeSetStatus.CREATE_COMPLETE, change("Add", "NotesTable", null, TABLE, null, null)));

        GuardVerdict verdict = guard.checkTemplate("brand-new", template(NOTES), Map.of());

        assertThat(createRequest().changeSetType()).isEqualTo(ChangeSetType.CREATE);
        assertThat(verdict.allowed()).as(verdict.explain()).isTrue();
        assertThat(verdict.stackExists()).isFalse();
        verify(cfn).deleteChangeSet(DeleteChangeSetRequest.builder().changeSetName(CHANGE_SET_ARN).build());
        verify(cfn).deleteStack(DeleteStackRequest.builder().stackName(stackId("brand-new")).build());
    }

    @Test
    void checkTemplate_readsTheIdentityFromTheGivenBody_whenGetTemplateWouldAnswerAnother() {
        deployed(cfn, notesStack, template(NOTES));
        changeSetTemplate(cfn, template(NOTES)); // what moto's GetTemplate would wrongly answer
        created(STACK);
        changeSet(cfn, page(ChangeSetStatus.CREATE_COMPLETE));

        GuardVerdict verdict = guard.checkTemplate(STACK, template("someone-else/link-shortener"), Map.of());

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.incoming().metadata()).isEqualTo("someone-else/link-shortener");
    }

    @Test
    void checkTemplate_judgesIdentities_whenCloudFormationRefusesAChangeSetThatChangesNothing() {
        deployed(cfn, notesStack, template(NOTES));
        when(cfn.createChangeSet(any(CreateChangeSetRequest.class)))
                .thenThrow(FakeCloudFormation.validationError("No updates are to be performed."));

        GuardVerdict same = guard.checkTemplate(STACK, template(NOTES), Map.of());
        GuardVerdict other = guard.checkTemplate(STACK, template("someone-else/link-shortener"), Map.of());

        assertThat(same.allowed()).as(same.explain()).isTrue();
        assertThat(same.notes()).singleElement().asString().startsWith("the change set holds no changes");
        assertThat(other.allowed()).isFalse();
        verify(cfn, never()).deleteChangeSet(any(DeleteChangeSetRequest.class));
    }

    @Test
    void checkTemplate_keepsTheChangeSetAndSaysHowToExecuteIt_whenAskedToKeepIt() {
        deployed(cfn, notesStack, template(NOTES));
        created(STACK);
        changeSet(cfn, page(ChangeSetStatus.CREATE_COMPLETE));

        GuardVerdict verdict = guard.checkTemplate(STACK, template(NOTES), Map.of(), true);

        assertThat(verdict.notes()).containsExactly("the change set guard-20261125T030000000Z was kept; execute it with"
                + " `aws cloudformation execute-change-set --stack-name quarantine-notes --change-set-name"
                + " guard-20261125T030000000Z`");
        verify(cfn, never()).deleteChangeSet(any(DeleteChangeSetRequest.class));
    }

    @Test
    void checkTemplate_deletesTheChangeSet_whenTheCheckFails() {
        deployed(cfn, notesStack, template(NOTES));
        created(STACK);
        changeSet(cfn, page(ChangeSetStatus.DELETE_FAILED));

        assertThatThrownBy(() -> guard.checkTemplate(STACK, template(NOTES), Map.of())).isInstanceOf(GuardException.class);
        verify(cfn).deleteChangeSet(DeleteChangeSetRequest.builder().changeSetName(CHANGE_SET_ARN).build());
    }

    @Test
    void checkTemplate_stopsBeforeAnyCall_whenAParameterValueIsLongerThanCloudFormationTakes() {
        String tooMany = String.join(",", Collections.nCopies(120, "t".repeat(40)));

        assertThatThrownBy(() -> guard.checkTemplate(STACK, template(NOTES), Map.of("TableNames", tooMany)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not sent to CloudFormation: parameter TableNames is 4,919 bytes long, over CloudFormation's"
                        + " limit of 4,096 bytes for a parameter value (120 entries); configure fewer entries: a name prefix"
                        + " such as notes-* selects every table whose name starts with notes- in one entry (README.md,"
                        + " \"Add a table to the backups\")");
        verifyNoInteractions(cfn);
    }

    @Test
    void checkTemplate_refusesBeforeAnyCall_whenTheTemplateIsTooLargeToSendInline() {
        String huge = template(NOTES) + "#" + "x".repeat(TemplatePreview.MAX_INLINE_TEMPLATE_BYTES);

        assertThatThrownBy(() -> guard.checkTemplate(STACK, huge, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 51200 inline");
        verifyNoInteractions(cfn);
    }

    private void created(String stackName) {
        when(cfn.createChangeSet(any(CreateChangeSetRequest.class)))
                .thenReturn(CreateChangeSetResponse.builder().id(CHANGE_SET_ARN).stackId(stackId(stackName)).build());
    }

    private CreateChangeSetRequest createRequest() {
        ArgumentCaptor<CreateChangeSetRequest> request = ArgumentCaptor.forClass(CreateChangeSetRequest.class);
        verify(cfn).createChangeSet(request.capture());
        return request.getValue();
    }
}
