package dev.notesbackup.backup.guard;

import static dev.notesbackup.backup.guard.CloudFormationStubs.STACK;
import static dev.notesbackup.backup.guard.CloudFormationStubs.change;
import static dev.notesbackup.backup.guard.CloudFormationStubs.changeSet;
import static dev.notesbackup.backup.guard.CloudFormationStubs.changeSetInTurn;
import static dev.notesbackup.backup.guard.CloudFormationStubs.changeSetTemplate;
import static dev.notesbackup.backup.guard.CloudFormationStubs.deployed;
import static dev.notesbackup.backup.guard.CloudFormationStubs.noStack;
import static dev.notesbackup.backup.guard.CloudFormationStubs.page;
import static dev.notesbackup.backup.guard.CloudFormationStubs.resource;
import static dev.notesbackup.backup.guard.CloudFormationStubs.resources;
import static dev.notesbackup.backup.guard.CloudFormationStubs.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.notesbackup.backup.cfn.FakeCloudFormation;
import dev.notesbackup.backup.guard.ChangeSetFacts.Template;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/** What the reader reads, from a plain Mockito client: every page, the stack's side, and the wait for creation. */
class ChangeSetReaderTest {
    static final String TABLE = "AWS::DynamoDB::Table";
    static final ChangeSetWait QUICK = new ChangeSetWait(Duration.ofSeconds(1), Duration.ofMillis(5));

    final CloudFormationClient cfn = CloudFormationStubs.client();
    final ChangeSetReader reader = new ChangeSetReader(cfn, QUICK);
    final Stack notesStack = stack(STACK, StackStatus.UPDATE_COMPLETE)
            .parameters(Parameter.builder().parameterKey("TablePrefix").parameterValue("quarantine").build()).build();

    @Test
    void read_readsEveryPageInOrder_whenTheChangeSetHasThreePages() {
        deployed(cfn, notesStack, "deployed template");
        changeSetTemplate(cfn, "incoming template");
        changeSet(cfn,
                page(ChangeSetStatus.CREATE_COMPLETE, change("Remove", "RepliesTable", "quarantine-replies", TABLE, null, "Delete")),
                page(ChangeSetStatus.CREATE_COMPLETE, change("Add", "Topic", null, "AWS::SNS::Topic", null, null)),
                page(ChangeSetStatus.CREATE_COMPLETE, change("Modify", "NotesTable", "quarantine-notes", TABLE, "True", "ReplaceAndDelete")));

        ChangeSetFacts facts = reader.read(STACK, "cs");

        assertThat(facts.changes()).extracting(SeenChange::logicalId).containsExactly("RepliesTable", "Topic", "NotesTable");
        assertThat(facts.changes().get(2))
                .isEqualTo(new SeenChange("Modify", "NotesTable", "quarantine-notes", TABLE, "True", "ReplaceAndDelete"));
        assertThat(requestsOf(DescribeChangeSetRequest.class)).extracting(DescribeChangeSetRequest::nextToken)
                .containsExactly(null, "page-1", "page-2");
        assertThat(facts.status()).isEqualTo(ChangeSetStatus.CREATE_COMPLETE);
        assertThat(facts.deployed()).get().extracting(ChangeSetFacts.Deployed::template).isEqualTo(Template.of("deployed template"));
        assertThat(facts.incoming().template()).isEqualTo(Template.of("incoming template"));
        assertThat(facts.stackArn()).isEqualTo(notesStack.stackId());
    }

    @Test
    void read_namesTablesFromTheStacksResources_whenTheChangeSetLeavesThePhysicalIdOut() {
        deployed(cfn, notesStack, "deployed template");
        changeSetTemplate(cfn, "incoming template");
        resources(cfn, resource("NotesTable", "quarantine-notes", TABLE), resource("RepliesTable", "quarantine-replies", TABLE));
        changeSet(cfn,
                page(ChangeSetStatus.CREATE_COMPLETE, change("Add", "Fn0", null, "AWS::Lambda::Function", null, null)),
                page(ChangeSetStatus.CREATE_COMPLETE, change("Add", "Fn1", null, "AWS::Lambda::Function", null, null)),
                page(ChangeSetStatus.CREATE_COMPLETE, change("Remove", "RepliesTable", null, TABLE, null, null)));

        ChangeSetFacts facts = reader.read(STACK, "cs");

        assertThat(facts.changes()).hasSize(3);
        assertThat(facts.changes().get(2).physicalId()).isEqualTo("quarantine-replies");
        assertThat(facts.changes().get(0).physicalId()).as("an Add has no physical id yet").isNull();
        assertThat(requestsOf(ListStackResourcesRequest.class)).as("the stack's resources, every page").hasSize(2);
    }

    @Test
    void read_notesThatTablesStayUnnamed_whenTheStacksResourcesCannotBeListed() {
        deployed(cfn, notesStack, "deployed template");
        changeSetTemplate(cfn, "incoming template");
        when(cfn.listStackResourcesPaginator(any(ListStackResourcesRequest.class)))
                .thenThrow(FakeCloudFormation.validationError("Rate exceeded"));
        changeSet(cfn, page(ChangeSetStatus.CREATE_COMPLETE, change("Remove", "NotesTable", null, TABLE, null, null)));

        ChangeSetFacts facts = reader.read(STACK, "cs");

        assertThat(facts.changes().get(0).physicalId()).isNull();
        assertThat(facts.readingNotes()).singleElement().asString()
                .startsWith("could not list the stack's resources to name the tables: CloudFormationException: Rate exceeded");
    }

    @Test
    void read_takesWhatTheChangeSetDeploys_fromTheChangeSetAndTheStacksPreviousValues() {
        deployed(cfn, notesStack, "deployed template");
        changeSetTemplate(cfn, "incoming template");
        changeSet(cfn, page(ChangeSetStatus.CREATE_COMPLETE).toBuilder()
                .tags(Tag.builder().key("project").value("notes-backup/notes-stack").build())
                .parameters(Parameter.builder().parameterKey("TablePrefix").usePreviousValue(true).build(),
                        Parameter.builder().parameterKey("Stage").parameterValue("prod").build(),
                        Parameter.builder().parameterKey("Unknown").usePreviousValue(true).build())
                .build());

        ChangeSetFacts facts = reader.read(STACK, "cs");

        assertThat(facts.incoming().tags()).containsExactly(Map.entry("project", "notes-backup/notes-stack"));
        assertThat(facts.incoming().parameters()).containsExactly(Map.entry("TablePrefix", "quarantine"), Map.entry("Stage", "prod"));
        assertThat(requestsOf(GetTemplateRequest.class)).containsExactlyInAnyOrder(
                GetTemplateRequest.builder().stackName(STACK).templateStage(TemplateStage.ORIGINAL).build(),
                GetTemplateRequest.builder().stackName(STACK).changeSetName("cs").templateStage(TemplateStage.ORIGINAL).build());
    }

    @Test
    void read_reportsTheTemplateUnreadable_whenGetTemplateFails() {
        deployed(cfn, notesStack, "deployed template");
        when(cfn.getTemplate(any(GetTemplateRequest.class))).thenThrow(FakeCloudFormation.validationError("Rate exceeded"));
        changeSet(cfn, page(ChangeSetStatus.CREATE_COMPLETE));

        ChangeSetFacts facts = reader.read(STACK, "cs");

        assertThat(facts.incoming().template().body()).isNull();
        assertThat(facts.incoming().template().unreadable()).startsWith("CloudFormationException: Rate exceeded");
        assertThat(facts.deployed().get().template().unreadable()).startsWith("CloudFormationException: Rate exceeded");
    }

    @Test
    void read_readsNoStackTemplate_whenTheStackDoesNotExist() {
        noStack(cfn, "brand-new");
        changeSetTemplate(cfn, "incoming template");
        changeSet(cfn, page(ChangeSetStatus.CREATE_COMPLETE, change("Add", "NotesTable", null, TABLE, null, null)));

        ChangeSetFacts facts = reader.read("brand-new", "cs");

        assertThat(facts.deployed()).isEmpty();
        assertThat(requestsOf(GetTemplateRequest.class)).extracting(GetTemplateRequest::changeSetName).containsExactly("cs");
        assertThat(requestsOf(ListStackResourcesRequest.class)).isEmpty();
    }

    @Test
    void read_takesTheStackAsNew_whenOnlyAnEarlierCreateChangeSetMadeIt() {
        deployed(cfn, stack("pending", StackStatus.REVIEW_IN_PROGRESS).build(), "{}");
        changeSetTemplate(cfn, "incoming template");
        changeSet(cfn, page(ChangeSetStatus.CREATE_COMPLETE, change("Add", "NotesTable", null, TABLE, null, null)));

        assertThat(reader.read("pending", "cs").deployed()).isEmpty();
    }

    // ---- waiting for the change set ------------------------------------------------------------

    @Test
    void read_waitsWithTheSdksWaiter_whileTheChangeSetIsBeingCreated() {
        deployed(cfn, notesStack, "deployed template");
        changeSetTemplate(cfn, "incoming template");
        changeSetInTurn(cfn, page(ChangeSetStatus.CREATE_PENDING), page(ChangeSetStatus.CREATE_IN_PROGRESS),
                page(ChangeSetStatus.CREATE_COMPLETE, change("Remove", "NotesTable", "quarantine-notes", TABLE, null, null)));

        ChangeSetFacts facts = reader.read(STACK, "cs");

        assertThat(facts.status()).isEqualTo(ChangeSetStatus.CREATE_COMPLETE);
        assertThat(facts.changes()).extracting(SeenChange::action).containsExactly("Remove");
        // the first reading, the waiter's two polls (IN_PROGRESS, then COMPLETE), the reading of the created change set
        verify(cfn, times(4)).describeChangeSet(any(DescribeChangeSetRequest.class));
    }

    @Test
    void read_givesTheFailedChangeSetToTheJudge_whenItFailsWhileBeingCreated() {
        deployed(cfn, notesStack, "deployed template");
        changeSetTemplate(cfn, "incoming template");
        DescribeChangeSetResponse failed = page(ChangeSetStatus.FAILED).toBuilder().statusReason("Template format error: bad").build();
        changeSetInTurn(cfn, page(ChangeSetStatus.CREATE_IN_PROGRESS), failed);

        ChangeSetFacts facts = reader.read(STACK, "cs");

        assertThat(facts.status()).isEqualTo(ChangeSetStatus.FAILED);
        assertThat(facts.statusReason()).isEqualTo("Template format error: bad");
    }

    @Test
    void read_givesUp_whenTheChangeSetIsNotCreatedWithinTheWait() {
        changeSetInTurn(cfn, page(ChangeSetStatus.CREATE_IN_PROGRESS));

        assertThatThrownBy(() -> reader.read(STACK, "cs"))
                .isInstanceOf(GuardException.class)
                .hasMessage("Change set cs of stack quarantine-notes is still CREATE_IN_PROGRESS after 1 s;"
                        + " run the guard again when it is created.");
    }

    @Test
    void read_throws_whenTheChangeSetIsBeingDeleted() {
        changeSetInTurn(cfn, page(ChangeSetStatus.DELETE_IN_PROGRESS));

        assertThatThrownBy(() -> reader.read(STACK, "cs")).isInstanceOf(GuardException.class)
                .hasMessage("Change set cs of stack quarantine-notes is DELETE_IN_PROGRESS: it is being deleted or was"
                        + " deleted, so there is nothing to check.");
    }

    @Test
    void read_throwsNamingTheChangeSet_whenItDoesNotExist() {
        changeSetInTurn(cfn, page(ChangeSetStatus.CREATE_COMPLETE));
        when(cfn.describeChangeSet(any(DescribeChangeSetRequest.class)))
                .thenThrow(FakeCloudFormation.validationError("ChangeSet [cs] does not exist"));

        assertThatThrownBy(() -> reader.read(STACK, "cs")).isInstanceOf(GuardException.class)
                .hasMessageStartingWith("No change set cs on stack quarantine-notes (CloudFormationException: ChangeSet [cs]"
                        + " does not exist");
    }

    @Test
    void wait_refusesWithAClearMessage_whenADurationIsNotPositive() {
        assertThatThrownBy(() -> new ChangeSetWait(Duration.ZERO, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the wait for a change set needs a positive maxWait and pollInterval, not PT0S and PT2S");
        assertThat(ChangeSetWait.DEFAULT.maxAttempts()).as("5 minutes, every 2 s, and the first").isEqualTo(151);
    }

    private <T> List<T> requestsOf(Class<T> type) {
        // the calls themselves, not the paginators that make them
        return mockingDetails(cfn).getInvocations().stream()
                .filter(invocation -> !invocation.getMethod().getName().endsWith("Paginator"))
                .flatMap(invocation -> java.util.Arrays.stream(invocation.getArguments()))
                .filter(type::isInstance).map(type::cast).toList();
    }
}
