package dev.notesbackup.backup.guard;

import static dev.notesbackup.backup.cfn.FakeCloudFormation.change;
import static dev.notesbackup.backup.cfn.FakeCloudFormation.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.notesbackup.backup.cfn.FakeCloudFormation;
import dev.notesbackup.backup.cfn.FakeCloudFormation.FakeChangeSet;
import dev.notesbackup.testsupport.Samconfig;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateRequest;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/** The guard's decisions on what moto cannot show: pages, Replacement, PolicyAction, change-set identities, waiting. */
class DeployGuardTest {
    static final String STACK = "quarantine-notes";
    static final String TABLE = "AWS::DynamoDB::Table";
    static final String NOTES = "notes-backup/notes-stack";
    static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");

    static String template(String identity) {
        return "AWSTemplateFormatVersion: '2010-09-09'\n"
                + (identity == null ? "" : "Metadata:\n  ProjectIdentity: " + identity + "\n")
                + "Parameters:\n  TablePrefix: {Type: String, Default: quarantine}\n"
                + "Resources:\n"
                + "  NotesTable:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n"
                + "    Properties:\n      TableName: !Sub \"${TablePrefix}-notes\"\n"
                + "      KeySchema: [{AttributeName: id, KeyType: HASH}]\n"
                + "      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]\n"
                + "Outputs:\n  Arn: {Value: !GetAtt NotesTable.Arn}\n";
    }

    final FakeCloudFormation aws = new FakeCloudFormation()
            .stack(STACK, template(NOTES), tag("project", NOTES))
            .resource(STACK, "NotesTable", "quarantine-notes", TABLE)
            .resource(STACK, "RepliesTable", "quarantine-replies", TABLE);
    final List<Duration> sleeps = new ArrayList<>();
    final DeployGuard guard = new DeployGuard(aws.client, Clock.fixed(NOW, ZoneOffset.UTC), sleeps::add, Duration.ofMinutes(5));

    // ---- paging --------------------------------------------------------------------------------

    @Test
    void check_readsEveryPage_GIVEN_threePagesWithTableChangesOnTheFirstAndLast_THEN_reasonsFromBoth() {
        aws.changeSet(STACK, "cs", List.of(
                List.of(change("Remove", "RepliesTable", "quarantine-replies", TABLE, null, "Delete")),
                List.of(change("Add", "Topic", null, "AWS::SNS::Topic", null, null)),
                List.of(change("Modify", "NotesTable", "quarantine-notes", TABLE, "True", "ReplaceAndDelete"))))
                .template(template(NOTES));

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.changes()).extracting(SeenChange::logicalId).containsExactly("RepliesTable", "Topic", "NotesTable");
        assertThat(verdict.reasons()).containsExactly(
                "would DELETE table quarantine-replies (logical id RepliesTable, AWS::DynamoDB::Table) with all its items:"
                        + " the change set removes it from stack quarantine-notes",
                "would REPLACE table quarantine-notes (logical id NotesTable, AWS::DynamoDB::Table): CloudFormation creates"
                        + " a new, empty one and DELETES the old one with all its items");
        assertThat(aws.requestsOf(DescribeChangeSetRequest.class)).extracting(DescribeChangeSetRequest::nextToken)
                .containsExactly(null, "page-1", "page-2");
    }

    @Test
    void check_refuses_GIVEN_aTableRemovalOnlyOnTheLastOfManyPages() {
        List<List<software.amazon.awssdk.services.cloudformation.model.ResourceChange>> pages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pages.add(List.of(change("Add", "Fn" + i, null, "AWS::Lambda::Function", null, null)));
        }
        pages.add(List.of(change("Remove", "NotesTable", null, TABLE, null, null)));
        aws.changeSet(STACK, "cs", pages).template(template(NOTES));

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.changes()).hasSize(6);
        assertThat(verdict.reasons()).singleElement().asString()
                .as("the physical id comes from the stack's resources when the change set leaves it out")
                .startsWith("would DELETE table quarantine-notes (logical id NotesTable");
    }

    // ---- replacement, which moto never reports --------------------------------------------------

    @Test
    void check_refuses_GIVEN_modifyWithReplacementTrue() {
        aws.changeSet(STACK, "cs", List.of(List.of(change("Modify", "NotesTable", "quarantine-notes", TABLE, "True", null))))
                .template(template(NOTES));

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reasons()).singleElement().asString()
                .startsWith("would REPLACE table quarantine-notes (logical id NotesTable, AWS::DynamoDB::Table)")
                .contains("DELETES the old one with all its items");
    }

    @Test
    void check_refuses_GIVEN_modifyWithReplacementConditional() {
        aws.changeSet(STACK, "cs", List.of(List.of(change("Modify", "NotesTable", "quarantine-notes", TABLE, "Conditional", null))))
                .template(template(NOTES));

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reasons()).singleElement().asString()
                .startsWith("may REPLACE table quarantine-notes (logical id NotesTable")
                .contains("Conditional");
    }

    @Test
    void check_allowsAndNotes_GIVEN_modifyWithReplacementFalse() {
        aws.changeSet(STACK, "cs", List.of(List.of(change("Modify", "NotesTable", "quarantine-notes", TABLE, "False", null))))
                .template(template(NOTES));

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.notes()).containsExactly(
                "would modify table quarantine-notes (logical id NotesTable, AWS::DynamoDB::Table) in place, without replacement");
    }

    @Test
    void check_refuses_GIVEN_modifyOfATableOrNestedStackWithoutReplacement_THEN_unknownIsNotTakenAsInPlace() {
        aws.changeSet(STACK, "cs", List.of(List.of(
                        change("Modify", "NotesTable", "quarantine-notes", TABLE, null, null),
                        change("Modify", "Storage", "arn:aws:cloudformation:us-east-1:1:stack/storage/1", "AWS::CloudFormation::Stack", null, null),
                        change("Modify", "Fn", "fn", "AWS::Lambda::Function", null, null))))
                .template(template(NOTES));

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reasons()).containsExactly(
                "would modify table quarantine-notes (logical id NotesTable, AWS::DynamoDB::Table), and the change set does"
                        + " not report whether this replaces it (AWS CloudFormation reports Replacement True, False or"
                        + " Conditional for every Modify): unknown, so refused to be safe",
                "would modify nested stack arn:aws:cloudformation:us-east-1:1:stack/storage/1 (logical id Storage,"
                        + " AWS::CloudFormation::Stack), and the change set does not report whether this replaces it"
                        + " (AWS CloudFormation reports Replacement True, False or Conditional for every Modify): unknown,"
                        + " so refused to be safe");
    }

    @Test
    void check_allowsAndNotes_GIVEN_modifyWithoutReplacement_andAGuardToldToTakeItAsInPlace() {
        aws.changeSet(STACK, "cs", List.of(List.of(change("Modify", "NotesTable", "quarantine-notes", TABLE, null, null))))
                .template(template(NOTES));
        DeployGuard lenient = new DeployGuard(aws.client, Clock.fixed(NOW, ZoneOffset.UTC), sleeps::add, Duration.ofMinutes(5),
                DeployGuard.UnreportedReplacement.TAKE_AS_IN_PLACE);

        GuardVerdict verdict = lenient.check(STACK, "cs");

        assertThat(verdict.allowed()).as(verdict.explain()).isTrue();
        assertThat(verdict.notes()).containsExactly("would modify table quarantine-notes (logical id NotesTable,"
                + " AWS::DynamoDB::Table); the change set does not report whether this replaces it, and this guard was"
                + " told to take such a change as in place");
    }

    @Test
    void theDefaultGuards_refuseAModifyWithoutReplacement() {
        aws.changeSet(STACK, "cs", List.of(List.of(change("Modify", "NotesTable", "quarantine-notes", TABLE, null, null))))
                .template(template(NOTES));

        assertThat(new DeployGuard(aws.client).check(STACK, "cs").allowed()).isFalse();
        assertThat(new DeployGuard(aws.client, Clock.fixed(NOW, ZoneOffset.UTC), sleeps::add, Duration.ofMinutes(5))
                .check(STACK, "cs").allowed()).isFalse();
    }

    @Test
    void check_refuses_GIVEN_replacementWhoseOldTableIsRetained_THEN_saysTheStackMovesToAnEmptyTable() {
        aws.changeSet(STACK, "cs", List.of(List.of(
                        change("Modify", "NotesTable", "quarantine-notes", TABLE, "True", "ReplaceAndRetain"),
                        change("Remove", "RepliesTable", "quarantine-replies", TABLE, null, "Retain"))))
                .template(template(NOTES));

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reasons()).containsExactly(
                "would REPLACE table quarantine-notes (logical id NotesTable, AWS::DynamoDB::Table): CloudFormation creates"
                        + " a new, empty one and leaves the old one outside the stack (UpdateReplacePolicy Retain)",
                "would remove table quarantine-replies (logical id RepliesTable, AWS::DynamoDB::Table) from stack"
                        + " quarantine-notes: its DeletionPolicy Retain keeps it, but no stack manages or protects it any more");
    }

    @Test
    void check_refuses_GIVEN_dynamicActionOnATable_or_removalOfANestedStack() {
        aws.changeSet(STACK, "cs", List.of(List.of(
                        change("Dynamic", "NotesTable", "quarantine-notes", TABLE, null, null),
                        change("Remove", "Storage", "arn:aws:cloudformation:us-east-1:1:stack/storage/1", "AWS::CloudFormation::Stack", null, null),
                        change("Remove", "Topic", "arn:topic", "AWS::SNS::Topic", null, null))))
                .template(template(NOTES));

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.reasons()).hasSize(2);
        assertThat(verdict.reasons().get(0)).startsWith("cannot tell what would happen to table quarantine-notes");
        assertThat(verdict.reasons().get(1)).startsWith("would DELETE nested stack arn:aws:cloudformation:us-east-1:1:stack/storage/1"
                + " (logical id Storage, AWS::CloudFormation::Stack) and every resource in it, tables included");
    }

    @Test
    void check_allows_GIVEN_changesToOtherResourcesOnly_evenRemovals() {
        aws.changeSet(STACK, "cs", List.of(List.of(
                        change("Remove", "Topic", "arn:topic", "AWS::SNS::Topic", null, "Delete"),
                        change("Modify", "Fn", "fn", "AWS::Lambda::Function", "True", "ReplaceAndDelete"),
                        change("Add", "NewTable", null, TABLE, null, null))))
                .template(template(NOTES));

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).as(verdict.explain()).isTrue();
        assertThat(verdict.explain()).startsWith("ALLOWED: change set cs of stack quarantine-notes deletes and replaces no table");
    }

    // ---- project identity ----------------------------------------------------------------------

    @Test
    void check_refuses_GIVEN_aChangeSetWhoseTagDisagreesWithItsTemplate_THEN_saysToFixSamconfigsTags() {
        aws.changeSet(STACK, "cs", List.of(List.of()))
                .template(template(NOTES))
                .tags(tag("project", "notes-backup"));

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.deployed()).isEqualTo(new ProjectIdentity(NOTES, NOTES));
        assertThat(verdict.incoming()).isEqualTo(new ProjectIdentity(NOTES, "notes-backup"));
        assertThat(verdict.reasons()).containsExactly("the deploy tags stack quarantine-notes project=notes-backup, but the"
                + " template being deployed says Metadata.ProjectIdentity notes-backup/notes-stack: a stack has one identity,"
                + " its template's Metadata.ProjectIdentity, and the tag project must carry the same value. Fix samconfig.toml's"
                + " `tags` for this stack to `tags = \"project=\\\"notes-backup/notes-stack\\\"\"` (or, if"
                + " notes-backup/notes-stack is wrong, the template file's Metadata.ProjectIdentity)");
    }

    @Test
    void check_refuses_GIVEN_aTagWithoutMetadataOnTheChangeSet_THEN_saysToAddTheMetadataToTheTemplateFile() {
        aws.stack(STACK, template(null));
        aws.changeSet(STACK, "cs", List.of(List.of())).template(template(null)).tags(tag("project", NOTES));

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reasons()).singleElement().asString()
                .startsWith("the deploy tags stack quarantine-notes project=notes-backup/notes-stack, but the template being"
                        + " deployed has no Metadata.ProjectIdentity")
                .contains("Add `ProjectIdentity: notes-backup/notes-stack` under the template file's Metadata");
    }

    @Test
    void check_refuses_GIVEN_aDeployedStackWhoseTagDisagreesWithItsTemplate_THEN_givesTheRetagCommand() {
        aws.stack(STACK, template(NOTES), tag("project", "notes-backup"), tag("owner", "ops"));
        aws.stacks.put(STACK, aws.stacks.get(STACK).toBuilder()
                .parameters(Parameter.builder().parameterKey("TablePrefix").parameterValue("quarantine").build())
                .capabilitiesWithStrings("CAPABILITY_IAM").build());
        aws.changeSet(STACK, "cs", List.of(List.of())).template(template(NOTES)).tags(tag("project", NOTES));

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.deployed()).isEqualTo(new ProjectIdentity(NOTES, "notes-backup"));
        assertThat(verdict.incoming()).isEqualTo(new ProjectIdentity(NOTES, NOTES));
        assertThat(verdict.reasons()).containsExactly("stack quarantine-notes is tagged project=notes-backup, but its"
                + " deployed template's Metadata.ProjectIdentity is notes-backup/notes-stack: a stack has one identity, its"
                + " template's Metadata.ProjectIdentity, and the tag project must carry the same value. The tag came from an"
                + " earlier deploy's tags (samconfig.toml's `tags` of this stack's config env): make them"
                + " `tags = \"project=\\\"notes-backup/notes-stack\\\"\"` there, re-tag the stack once without changing its"
                + " template or parameters (`aws cloudformation update-stack --stack-name quarantine-notes"
                + " --use-previous-template --capabilities CAPABILITY_IAM --parameters"
                + " ParameterKey=TablePrefix,UsePreviousValue=true --tags Key=project,Value=notes-backup/notes-stack"
                + " Key=owner,Value=ops`), then check again");
    }

    @Test
    void check_reportsTheStacksStaleTagOnce_GIVEN_aChangeSetThatKeepsIt() {
        aws.stack(STACK, template(NOTES), tag("project", "notes-backup"));
        aws.changeSet(STACK, "cs", List.of(List.of())).template(template(NOTES));

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.incoming()).isEqualTo(new ProjectIdentity(NOTES, "notes-backup"));
        assertThat(verdict.reasons()).singleElement().asString().startsWith("stack quarantine-notes is tagged project=notes-backup,");
    }

    @Test
    void check_refuses_GIVEN_aNewStackWhoseTagDisagreesWithItsTemplate() {
        aws.changeSet("brand-new", "cs", List.of(List.of(change("Add", "NotesTable", null, TABLE, null, null))))
                .template(template(NOTES)).tags(tag("project", "notes-backup"));

        GuardVerdict verdict = guard.check("brand-new", "cs");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reasons()).singleElement().asString().startsWith("the deploy tags stack brand-new project=notes-backup,");
    }

    @Test
    void check_allows_GIVEN_tagAndMetadataTheSameOnBothSides_andRefuses_GIVEN_anotherProjectsTagAndTemplate() {
        aws.changeSet(STACK, "same", List.of(List.of())).template(template(NOTES)).tags(tag("project", NOTES));
        aws.changeSet(STACK, "other", List.of(List.of())).template(template("someone-else/link-shortener"))
                .tags(tag("project", "someone-else/link-shortener"));

        GuardVerdict same = guard.check(STACK, "same");
        GuardVerdict other = guard.check(STACK, "other");

        assertThat(same.allowed()).as(same.explain()).isTrue();
        assertThat(other.allowed()).isFalse();
        assertThat(other.reasons()).containsExactly("stack quarantine-notes belongs to project notes-backup/notes-stack"
                + " (template Metadata.ProjectIdentity, and tag project), but the template being deployed belongs to"
                + " someone-else/link-shortener (template Metadata.ProjectIdentity, and tag project): another project's"
                + " template under the same stack name would take over this stack's resources");
    }

    /** The shipped template and samconfig.toml's tags for each stack: a harmless change is allowed. */
    @ParameterizedTest(name = "{0} stack")
    @ValueSource(strings = {"backup", "notes"})
    void check_allows_GIVEN_theShippedTemplateAndSamconfigTags_andAFunctionModifiedInPlace(String envName) throws Exception {
        Samconfig.Env env = Samconfig.ofRepository().env(envName);
        String body = Files.readString(env.templateFile());
        Tag[] tags = env.tags().entrySet().stream().map(e -> tag(e.getKey(), e.getValue())).toArray(Tag[]::new);
        assertThat(tags).as("samconfig.toml tags of " + envName).isNotEmpty();
        FakeCloudFormation shipped = new FakeCloudFormation().stack(env.stackName(), body, tags);
        shipped.changeSet(env.stackName(), "harmless", List.of(List.of(
                        change("Modify", "Function", "fn", "AWS::Lambda::Function", "False", null))))
                .template(body.replaceFirst("MemorySize: (\\d+)", "MemorySize: 2048")).tags(tags);

        GuardVerdict verdict = new DeployGuard(shipped.client, Clock.fixed(NOW, ZoneOffset.UTC), sleeps::add,
                Duration.ofMinutes(5)).check(env.stackName(), "harmless");

        assertThat(verdict.allowed()).as(verdict.explain()).isTrue();
        assertThat(verdict.deployed().isConsistent()).isTrue();
        assertThat(verdict.deployed()).isEqualTo(verdict.incoming());
    }

    @Test
    void check_refuses_GIVEN_changeSetTemplateWithAnotherIdentity_THEN_readsItWithGetTemplateForTheChangeSet() {
        aws.changeSet(STACK, "cs", List.of(List.of())).template(template("someone-else/link-shortener"));

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.incoming()).isEqualTo(new ProjectIdentity("someone-else/link-shortener", NOTES));
        assertThat(verdict.reasons()).singleElement().asString().contains("someone-else/link-shortener");
        assertThat(aws.requestsOf(GetTemplateRequest.class)).extracting(GetTemplateRequest::changeSetName).containsExactlyInAnyOrder(null, "cs");
    }

    @Test
    void check_refuses_GIVEN_identityOnTheStackButNoneInTheIncomingTemplate() {
        aws.stack(STACK, template(NOTES));
        aws.changeSet(STACK, "cs", List.of(List.of())).template(template(null));

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reasons()).singleElement().asString()
                .contains("belongs to project notes-backup/notes-stack (template Metadata.ProjectIdentity)")
                .contains("carries no project identity");
    }

    @Test
    void check_refuses_GIVEN_noIdentityOnTheStackButOneInTheIncomingTemplate() {
        aws.stack(STACK, template(null));
        aws.changeSet(STACK, "cs", List.of(List.of())).template(template(NOTES));

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reasons()).singleElement().asString().startsWith("stack quarantine-notes records no project identity");
    }

    @Test
    void check_allows_GIVEN_neitherSideHasAnIdentity() {
        aws.stack(STACK, template(null));
        aws.changeSet(STACK, "cs", List.of(List.of())).template(template(null));

        assertThat(guard.check(STACK, "cs").allowed()).isTrue();
    }

    @Test
    void check_comparesJsonTemplates_GIVEN_tabsAndEscapedSlashes_THEN_sameIdentityAllowed_otherRefused() {
        String json = "{\n\t\"AWSTemplateFormatVersion\": \"2010-09-09\",\n\t\"Metadata\": {\"ProjectIdentity\": \"%s\"},\n"
                + "\t\"Resources\": {\"NotesTable\": {\"Type\": \"AWS::DynamoDB::Table\", \"DeletionPolicy\": \"Retain\","
                + " \"Properties\": {\"TableName\": {\"Fn::Sub\": \"${AWS::StackName}\"}}}}\n}";
        // some JSON writers escape '/' as '\/', which JSON allows and YAML 1.1 parsers reject
        String escapedNotes = NOTES.replace("/", "\\/");
        aws.stack(STACK, String.format(json, escapedNotes), tag("project", NOTES));
        aws.changeSet(STACK, "same", List.of(List.of())).template(String.format(json, NOTES));
        aws.changeSet(STACK, "other", List.of(List.of())).template(String.format(json, "someone-else/link-shortener"));

        GuardVerdict same = guard.check(STACK, "same");
        GuardVerdict other = guard.check(STACK, "other");

        assertThat(same.allowed()).as(same.explain()).isTrue();
        assertThat(same.deployed()).isEqualTo(new ProjectIdentity(NOTES, NOTES));
        assertThat(other.allowed()).isFalse();
        assertThat(other.incoming().metadata()).isEqualTo("someone-else/link-shortener");
    }

    @Test
    void check_refuses_GIVEN_aDeployedTemplateThatCannotBeRead() {
        aws.stack(STACK, "Resources: [unclosed", tag("project", NOTES));
        aws.changeSet(STACK, "cs", List.of(List.of())).template(template(NOTES));

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reasons()).singleElement().asString()
                .startsWith("could not read the project identity of stack quarantine-notes's deployed template");
    }

    // ---- a new stack ---------------------------------------------------------------------------

    @Test
    void check_allows_GIVEN_aStackThatDoesNotExist_THEN_noIdentityComparisonAndNoStackTemplateRead() {
        aws.changeSet("brand-new", "cs", List.of(List.of(
                        change("Add", "NotesTable", null, TABLE, null, null),
                        change("Add", "RepliesTable", null, TABLE, null, null))))
                .template(template("someone-else/link-shortener"));

        GuardVerdict verdict = guard.check("brand-new", "cs");

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.stackExists()).isFalse();
        assertThat(verdict.deployed()).isEqualTo(ProjectIdentity.NONE);
        assertThat(verdict.incoming().metadata()).isEqualTo("someone-else/link-shortener");
        assertThat(aws.requestsOf(GetTemplateRequest.class)).extracting(GetTemplateRequest::changeSetName).containsExactly("cs");
        assertThat(verdict.explain()).contains("of new stack brand-new");
    }

    @Test
    void check_treatsReviewInProgressAsNew_GIVEN_aStackMadeOnlyByAnEarlierCreateChangeSet() {
        aws.stack("pending", StackStatus.REVIEW_IN_PROGRESS, "{}");
        aws.changeSet("pending", "cs", List.of(List.of(change("Add", "NotesTable", null, TABLE, null, null))))
                .template(template(NOTES));

        GuardVerdict verdict = guard.check("pending", "cs");

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.stackExists()).isFalse();
    }

    // ---- change set states ---------------------------------------------------------------------

    @Test
    void check_waitsForTheChangeSet_GIVEN_itIsStillBeingCreated() {
        aws.changeSet(STACK, "cs", List.of(List.of(change("Remove", "NotesTable", "quarantine-notes", TABLE, null, null))))
                .template(template(NOTES))
                .statuses(ChangeSetStatus.CREATE_PENDING, ChangeSetStatus.CREATE_IN_PROGRESS, ChangeSetStatus.CREATE_COMPLETE);

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(sleeps).containsExactly(DeployGuard.POLL_INTERVAL, DeployGuard.POLL_INTERVAL);
        assertThat(verdict.allowed()).isFalse();
    }

    @Test
    void check_givesUp_GIVEN_aChangeSetThatIsNeverCreated() {
        aws.changeSet(STACK, "cs", List.of(List.of())).template(template(NOTES)).statuses(ChangeSetStatus.CREATE_IN_PROGRESS);
        AtomicReference<Instant> now = new AtomicReference<>(NOW);
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        DeployGuard patient = new DeployGuard(aws.client, moving, d -> now.set(now.get().plus(d)), Duration.ofSeconds(10));

        assertThatThrownBy(() -> patient.check(STACK, "cs"))
                .isInstanceOf(GuardException.class)
                .hasMessage("Change set cs of stack quarantine-notes is still CREATE_IN_PROGRESS after 10 s;"
                        + " run the guard again when it is created.");
    }

    @Test
    void check_allows_GIVEN_failedBecauseItHoldsNoChanges() {
        aws.changeSet(STACK, "cs", List.of(List.of())).template(template(NOTES))
                .failed("The submitted information didn't contain changes. Submit different information to create a change set.");

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.notes()).singleElement().asString().startsWith("the change set holds no changes");
    }

    @Test
    void check_refuses_GIVEN_failedForAnotherReason() {
        aws.changeSet(STACK, "cs", List.of(List.of())).template(template(NOTES)).failed("Template format error: bad");

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reasons()).containsExactly("change set cs FAILED, so CloudFormation cannot execute it: Template format error: bad");
    }

    @Test
    void check_throws_GIVEN_aChangeSetBeingDeleted() {
        aws.changeSet(STACK, "cs", List.of(List.of())).template(template(NOTES)).statuses(ChangeSetStatus.DELETE_IN_PROGRESS);

        assertThatThrownBy(() -> guard.check(STACK, "cs")).isInstanceOf(GuardException.class).hasMessageContaining("DELETE_IN_PROGRESS");
    }

    // ---- checkTemplate -------------------------------------------------------------------------

    @Test
    void checkTemplate_createsAnUpdateChangeSet_GIVEN_aDeployedStack_THEN_keepsUndeclaredParametersAndDeletesTheChangeSet() {
        aws.stacks.put(STACK, aws.stacks.get(STACK).toBuilder().parameters(
                Parameter.builder().parameterKey("TablePrefix").parameterValue("quarantine").build(),
                Parameter.builder().parameterKey("Gone").parameterValue("x").build()).build());
        aws.onCreateChangeSet = request -> new FakeChangeSet(ChangeSetStatus.CREATE_COMPLETE, null,
                List.of(List.of(change("Modify", "NotesTable", "quarantine-notes", TABLE, "False", null))));

        GuardVerdict verdict = guard.checkTemplate(STACK, template(NOTES), Map.of("Stage", "prod"));

        CreateChangeSetRequest created = aws.requestsOf(CreateChangeSetRequest.class).get(0);
        assertThat(created.changeSetName()).isEqualTo("guard-20261125T030000000Z");
        assertThat(created.changeSetType()).isEqualTo(ChangeSetType.UPDATE);
        assertThat(created.capabilities()).containsExactlyInAnyOrder(
                Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM, Capability.CAPABILITY_AUTO_EXPAND);
        assertThat(created.parameters()).containsExactlyInAnyOrder(
                Parameter.builder().parameterKey("Stage").parameterValue("prod").build(),
                Parameter.builder().parameterKey("TablePrefix").usePreviousValue(true).build());
        assertThat(created.tags()).containsExactly(tag("project", NOTES));
        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.changeSetName()).isEqualTo("guard-20261125T030000000Z");
        assertThat(aws.requestsOf(DeleteChangeSetRequest.class)).hasSize(1);
        assertThat(aws.changeSets).isEmpty();
        verify(aws.client, never()).deleteStack(any(DeleteStackRequest.class));
    }

    @Test
    void checkTemplate_createsACreateChangeSet_GIVEN_noStack_THEN_deletesTheEmptyStackItMade() {
        aws.onCreateChangeSet = request -> new FakeChangeSet(ChangeSetStatus.CREATE_COMPLETE, null,
                List.of(List.of(change("Add", "NotesTable", null, TABLE, null, null))));

        GuardVerdict verdict = guard.checkTemplate("brand-new", template(NOTES), Map.of());

        assertThat(aws.requestsOf(CreateChangeSetRequest.class).get(0).changeSetType()).isEqualTo(ChangeSetType.CREATE);
        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.stackExists()).isFalse();
        assertThat(aws.requestsOf(DeleteStackRequest.class)).extracting(DeleteStackRequest::stackName)
                .containsExactly(FakeCloudFormation.stackId("brand-new"));
        assertThat(aws.stacks).doesNotContainKey("brand-new");
    }

    @Test
    void checkTemplate_readsTheIdentityFromTheGivenBody_notFromGetTemplate() {
        aws.onCreateChangeSet = request -> new FakeChangeSet(ChangeSetStatus.CREATE_COMPLETE, null, List.of(List.of()))
                .template(template(NOTES)); // what moto's GetTemplate would wrongly answer

        GuardVerdict verdict = guard.checkTemplate(STACK, template("someone-else/link-shortener"), Map.of());

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.incoming().metadata()).isEqualTo("someone-else/link-shortener");
    }

    @Test
    void checkTemplate_deletesTheChangeSet_GIVEN_theCheckFails() {
        aws.onCreateChangeSet = request -> new FakeChangeSet(ChangeSetStatus.DELETE_FAILED, null, List.of(List.of()));

        assertThatThrownBy(() -> guard.checkTemplate(STACK, template(NOTES), Map.of())).isInstanceOf(GuardException.class);
        assertThat(aws.requestsOf(DeleteChangeSetRequest.class)).hasSize(1);
    }

    @Test
    void checkTemplate_stopsBeforeAnyCall_GIVEN_aParameterValueLongerThanCloudFormationTakes() {
        String tooMany = String.join(",", java.util.Collections.nCopies(120, "t".repeat(40)));

        assertThatThrownBy(() -> guard.checkTemplate(STACK, template(NOTES), Map.of("TableNames", tooMany)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not sent to CloudFormation: parameter TableNames is 4,919 bytes long, over CloudFormation's"
                        + " limit of 4,096 bytes for a parameter value (120 entries); configure fewer entries: a name prefix"
                        + " such as notes-* selects every table whose name starts with notes- in one entry (README.md,"
                        + " \"Add a table to the backups\")");
        assertThat(aws.requests).isEmpty();
    }

    @Test
    void check_refuses_GIVEN_aChangeSetWhoseParametersOverfillTheRolesInlinePolicies() {
        String role = "  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: p\n"
                + "          PolicyDocument:\n            Statement:\n              - Effect: Allow\n"
                + "                Action: dynamodb:CreateBackup\n"
                + "                Resource: !Split [\",\", !Sub [\"arn:*:dynamodb:*:*:table/${T}\", {T: !Join [\",arn:*:dynamodb:*:*:table/\", !Ref Tables]}]]\n";
        String body = "Metadata:\n  ProjectIdentity: " + NOTES + "\nParameters:\n  Tables: {Type: CommaDelimitedList}\n"
                + "Resources:\n" + role;
        aws.stack(STACK, body, tag("project", NOTES));
        String names = String.join(",", java.util.Collections.nCopies(160, "t".repeat(40)));
        aws.changeSet(STACK, "cs", List.of(List.of())).template(body)
                .parameters(Parameter.builder().parameterKey("Tables").parameterValue(names).build());

        GuardVerdict verdict = guard.check(STACK, "cs");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reasons()).hasSize(2);
        assertThat(verdict.reasons()).anySatisfy(r -> assertThat(r)
                .startsWith("role Role's inline policies would be 10,")
                .contains("over IAM's limit of 10,240 characters for the inline policies of one role")
                .contains("Tables has 160 entries: configure fewer entries: a name prefix such as notes-*"));
        assertThat(verdict.reasons()).anySatisfy(r -> assertThat(r)
                .startsWith("parameter Tables is 6,559 bytes long, over CloudFormation's limit of 4,096 bytes"));
    }

    @Test
    void checkTemplate_refusesATooLargeTemplate_beforeAnyCall() {
        String huge = template(NOTES) + "#" + "x".repeat(DeployGuard.MAX_INLINE_TEMPLATE_BYTES);

        assertThatThrownBy(() -> guard.checkTemplate(STACK, huge, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 51200 inline");
        assertThat(aws.requests).isEmpty();
    }
}
