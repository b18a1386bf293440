package dev.notesbackup.backup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notesbackup.backup.guard.DeployGuard;
import dev.notesbackup.backup.guard.GuardException;
import dev.notesbackup.backup.guard.GuardVerdict;
import dev.notesbackup.backup.guard.ProjectIdentity;
import dev.notesbackup.backup.guard.SeenChange;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.testsupport.StackWait;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The deploy guard against moto's CloudFormation through the real SDK: the notes stack deployed
 * from a fixture, then change sets made the way {@code sam deploy --no-execute-changeset} makes
 * them (checked with {@link DeployGuard#check}) or by the guard itself ({@link DeployGuard#checkTemplate}).
 *
 * <p>What moto reports (5.2.1), and so what these tests can and cannot see: a ResourceChange has
 * Action, LogicalResourceId and ResourceType only, no PhysicalResourceId, Replacement, PolicyAction
 * or Details (a table rename, a replacement on AWS, is a plain Modify); GetTemplate ignores
 * ChangeSetName and returns the stack's template; a change set's Tags are always empty; a change
 * set without changes is FAILED with AWS's "didn't contain changes" reason. The replacement and
 * change-set-identity paths are covered by {@code DeployGuardTest} with a mocked client.
 */
@ExtendWith(MotoExtension.class)
class DeployGuardIT {
    static final String STACK = "quarantine-notes";
    static final String NOTES_IDENTITY = "notes-backup/notes-stack";

    CloudFormationClient cfn;
    DynamoDbClient dynamo;
    DeployGuard guard;

    @BeforeEach
    void deployNotesStack(MotoServer moto) {
        cfn = LocalAws.client(CloudFormationClient.builder(), moto.endpoint(), LocalAws.noRetries());
        dynamo = LocalAws.dynamoDb(moto.endpoint());
        // moto never reports Replacement, so these tests take a table Modify as in place; the default
        // guard refuses it (see check_refuses_GIVEN_theDefaultGuardAndMotosModifyWithoutReplacement)
        guard = new DeployGuard(cfn, DeployGuard.UnreportedReplacement.TAKE_AS_IN_PLACE);
        cfn.createStack(r -> r.stackName(STACK).templateBody(fixture("notes-stack.yaml"))
                .tags(t -> t.key(DeployGuard.IDENTITY_TAG).value(NOTES_IDENTITY)));
        StackWait.untilCreateComplete(cfn, STACK);
        assertThat(dynamo.listTables().tableNames()).containsExactly("quarantine-notes", "quarantine-replies");
    }

    @AfterEach
    void closeClients() {
        cfn.close();
        dynamo.close();
    }

    static String fixture(String name) {
        try (InputStream in = DeployGuardIT.class.getResourceAsStream("/guard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /guard/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A change set as `sam deploy --no-execute-changeset` leaves it. */
    void createChangeSet(String name, String fixture) {
        cfn.createChangeSet(r -> r.stackName(STACK).changeSetName(name).changeSetType(ChangeSetType.UPDATE)
                .templateBody(fixture(fixture)));
    }

    // ---- (a) a template that drops a table -----------------------------------------------------

    @Test
    void check_refusesNamingTheTableLogicalIdAndDeletion_whenTheChangeSetDropsTheRepliesTable() {
        createChangeSet("drop-replies", "notes-stack-drops-a-table.yaml");

        GuardVerdict verdict = guard.check(STACK, "drop-replies");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.stackExists()).isTrue();
        assertThat(verdict.reasons()).singleElement().asString()
                .contains("would DELETE table quarantine-replies (logical id RepliesTable, AWS::DynamoDB::Table)")
                .contains("with all its items");
        // moto leaves the physical id out of the change; the guard names the table from the stack's resources
        assertThat(verdict.changes()).containsExactly(
                new SeenChange("Remove", "RepliesTable", "quarantine-replies", "AWS::DynamoDB::Table", null, null));
        assertThat(verdict.deployed()).isEqualTo(new ProjectIdentity(NOTES_IDENTITY, NOTES_IDENTITY));
        assertThat(verdict.explain()).startsWith("REFUSED: change set drop-replies of stack quarantine-notes")
                .contains("would DELETE table quarantine-replies");
    }

    @Test
    void checkTemplate_refusesDeletingTheChangeSetAndKeepingTheTables_whenTheTemplateDropsATable() {
        GuardVerdict verdict = guard.checkTemplate(STACK, fixture("notes-stack-drops-a-table.yaml"), Map.of());

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.changeSetName()).startsWith("guard-");
        assertThat(verdict.reasons()).singleElement().asString().contains("would DELETE table quarantine-replies");
        assertThat(cfn.listChangeSets(r -> r.stackName(STACK)).summaries()).as("change sets left behind").isEmpty();
        assertThat(dynamo.listTables().tableNames()).containsExactly("quarantine-notes", "quarantine-replies");
    }

    // ---- (b) another project's template under the same stack name ------------------------------

    @Test
    void checkTemplate_refusesForTheIdentityMismatchNamingBothTables_whenAnotherProjectsTemplateHasTheSameName() {
        GuardVerdict verdict = guard.checkTemplate(STACK, fixture("other-project.yaml"), Map.of());

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.incoming()).isEqualTo(new ProjectIdentity("someone-else/link-shortener", NOTES_IDENTITY));
        assertThat(verdict.reasons()).hasSize(3);
        assertThat(verdict.reasons()).anySatisfy(r -> assertThat(r)
                .contains("would DELETE table quarantine-notes (logical id NotesTable, AWS::DynamoDB::Table)"));
        assertThat(verdict.reasons()).anySatisfy(r -> assertThat(r)
                .contains("would DELETE table quarantine-replies (logical id RepliesTable, AWS::DynamoDB::Table)"));
        assertThat(verdict.reasons()).anySatisfy(r -> assertThat(r)
                .contains("stack quarantine-notes belongs to project notes-backup/notes-stack")
                .contains("someone-else/link-shortener"));
        assertThat(verdict.changes()).extracting(SeenChange::action, SeenChange::logicalId).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("Add", "LinksTable"),
                org.assertj.core.groups.Tuple.tuple("Add", "ClickEvents"),
                org.assertj.core.groups.Tuple.tuple("Remove", "NotesTable"),
                org.assertj.core.groups.Tuple.tuple("Remove", "RepliesTable"));
    }

    @Test
    void check_refusesWithTheTableDeletionsAsReasons_whenAnotherProjectsChangeSetHidesItsTemplate() {
        createChangeSet("other-project", "other-project.yaml");

        GuardVerdict verdict = guard.check(STACK, "other-project");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reasons()).anySatisfy(r -> assertThat(r).contains("would DELETE table quarantine-notes"));
        assertThat(verdict.reasons()).anySatisfy(r -> assertThat(r).contains("would DELETE table quarantine-replies"));
        // moto's GetTemplate ignores ChangeSetName and answers with the stack's own template, so here the
        // incoming identity looks like the deployed one; on AWS it is the change set's (see DeployGuardTest).
        assertThat(verdict.incoming().metadata()).isEqualTo(NOTES_IDENTITY);
    }

    // ---- (c) a harmless change -----------------------------------------------------------------

    @Test
    void checkTemplate_allowsReportingTheTableModification_whenATableGetsATagAndATopicIsAdded() {
        GuardVerdict verdict = guard.checkTemplate(STACK, fixture("notes-stack-harmless-change.yaml"), Map.of());

        assertThat(verdict.allowed()).as(verdict.explain()).isTrue();
        assertThat(verdict.reasons()).isEmpty();
        assertThat(verdict.changes()).extracting(SeenChange::action, SeenChange::logicalId, SeenChange::resourceType)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Modify", "NotesTable", "AWS::DynamoDB::Table"),
                        org.assertj.core.groups.Tuple.tuple("Add", "DeployNotices", "AWS::SNS::Topic"));
        assertThat(verdict.notes()).anySatisfy(n -> assertThat(n)
                .contains("would modify table quarantine-notes (logical id NotesTable")
                .contains("does not report whether this replaces it"));
        assertThat(verdict.incoming()).isEqualTo(new ProjectIdentity(NOTES_IDENTITY, NOTES_IDENTITY));
        assertThat(verdict.explain()).startsWith("ALLOWED");
        assertThat(cfn.listChangeSets(r -> r.stackName(STACK)).summaries()).isEmpty();
    }

    @Test
    void check_failsClosed_whenTheDefaultGuardSeesAModifyWithoutReplacement() {
        createChangeSet("harmless", "notes-stack-harmless-change.yaml");

        GuardVerdict verdict = new DeployGuard(cfn).check(STACK, "harmless");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reasons()).singleElement().asString()
                .startsWith("would modify table quarantine-notes (logical id NotesTable, AWS::DynamoDB::Table), and the"
                        + " change set does not report whether this replaces it")
                .endsWith("unknown, so refused to be safe");
    }

    @Test
    void check_allows_whenSamDeployMadeAHarmlessChangeSet() {
        createChangeSet("harmless", "notes-stack-harmless-change.yaml");

        GuardVerdict verdict = guard.check(STACK, "harmless");

        assertThat(verdict.allowed()).as(verdict.explain()).isTrue();
        assertThat(verdict.changes()).hasSize(2);
        assertThat(cfn.listChangeSets(r -> r.stackName(STACK)).summaries()).as("check() leaves the change set alone").hasSize(1);
    }

    @Test
    void checkTemplate_allowsNotingThereAreNoChanges_whenTheDeployedTemplateIsUnchanged() {
        GuardVerdict verdict = guard.checkTemplate(STACK, fixture("notes-stack.yaml"), Map.of());

        assertThat(verdict.allowed()).as(verdict.explain()).isTrue();
        assertThat(verdict.changes()).isEmpty();
        assertThat(verdict.notes()).anySatisfy(n -> assertThat(n).contains("no changes"));
    }

    @Test
    void checkTemplate_keepsAnExecutableChangeSet_whenAskedToKeepIt() {
        GuardVerdict verdict = guard.checkTemplate(STACK, fixture("notes-stack-harmless-change.yaml"), Map.of(), true);

        assertThat(verdict.allowed()).isTrue();
        assertThat(cfn.listChangeSets(r -> r.stackName(STACK)).summaries())
                .extracting(s -> s.changeSetName()).containsExactly(verdict.changeSetName());
        assertThat(verdict.notes()).anySatisfy(n -> assertThat(n).contains("execute-change-set").contains(verdict.changeSetName()));

        cfn.executeChangeSet(r -> r.stackName(STACK).changeSetName(verdict.changeSetName()));
        StackWait.untilUpdateComplete(cfn, STACK);
    }

    // ---- a new stack ---------------------------------------------------------------------------

    @Test
    void checkTemplate_allowsLeavingNoStackBehind_whenTheStackDoesNotExist() {
        GuardVerdict verdict = guard.checkTemplate("brand-new-notes", fixture("other-project.yaml"), Map.of());

        assertThat(verdict.allowed()).as(verdict.explain()).isTrue();
        assertThat(verdict.stackExists()).isFalse();
        assertThat(verdict.deployed()).isEqualTo(ProjectIdentity.NONE);
        assertThat(verdict.changes()).extracting(SeenChange::action).containsOnly("Add");
        assertThatThrownBy(() -> cfn.describeStacks(r -> r.stackName("brand-new-notes")))
                .as("the empty REVIEW_IN_PROGRESS stack the CREATE change set made is deleted")
                .isInstanceOf(CloudFormationException.class).hasMessageContaining("does not exist");
    }

    @Test
    void check_throws_whenTheChangeSetDoesNotExist() {
        assertThatThrownBy(() -> guard.check(STACK, "no-such-change-set"))
                .isInstanceOf(GuardException.class)
                .hasMessageContaining("No change set no-such-change-set on stack quarantine-notes");
    }
}
