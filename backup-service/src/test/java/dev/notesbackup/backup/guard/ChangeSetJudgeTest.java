package dev.notesbackup.backup.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.backup.guard.ChangeSetFacts.Deployed;
import dev.notesbackup.backup.guard.ChangeSetFacts.Incoming;
import dev.notesbackup.backup.guard.ChangeSetFacts.Template;
import dev.notesbackup.backup.guard.DeployGuard.UnreportedReplacement;
import dev.notesbackup.testsupport.Samconfig;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * The guard's decisions, one row per change set situation: what CloudFormation reports (Replacement,
 * PolicyAction, actions, states, which moto never shows all of), the two sides' identities and the
 * AWS size limits. The judge is pure: every row is plain data, no CloudFormation double.
 */
class ChangeSetJudgeTest {
    static final String STACK = "quarantine-notes";
    static final String TABLE = "AWS::DynamoDB::Table";
    static final String NESTED = "AWS::CloudFormation::Stack";
    static final String NOTES = "notes-backup/notes-stack";
    static final String OTHER = "someone-else/link-shortener";
    static final String STORAGE = "arn:aws:cloudformation:us-east-1:1:stack/storage/1";

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

    static Template yaml(String identity) {
        return Template.of(template(identity));
    }

    static Template json(String identity) {
        return Template.of(String.format("{\n\t\"AWSTemplateFormatVersion\": \"2010-09-09\",\n\t\"Metadata\": {\"ProjectIdentity\": \"%s\"},\n"
                + "\t\"Resources\": {\"NotesTable\": {\"Type\": \"AWS::DynamoDB::Table\", \"DeletionPolicy\": \"Retain\","
                + " \"Properties\": {\"TableName\": {\"Fn::Sub\": \"${AWS::StackName}\"}}}}\n}", identity));
    }

    static SeenChange change(String action, String logicalId, String physicalId, String type, String replacement,
                             String policyAction) {
        return new SeenChange(action, logicalId, physicalId, type, replacement, policyAction);
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    // ---- the rows ----------------------------------------------------------------------------

    static Stream<Arguments> situations() {
        String inlinePoliciesRole = "  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: p\n"
                + "          PolicyDocument:\n            Statement:\n              - Effect: Allow\n"
                + "                Action: dynamodb:CreateBackup\n"
                + "                Resource: !Split [\",\", !Sub [\"arn:*:dynamodb:*:*:table/${T}\", {T: !Join [\",arn:*:dynamodb:*:*:table/\", !Ref Tables]}]]\n";
        String roleTemplate = "Metadata:\n  ProjectIdentity: " + NOTES + "\nParameters:\n  Tables: {Type: CommaDelimitedList}\n"
                + "Resources:\n" + inlinePoliciesRole;
        return Stream.of(
                // ---- what happens to tables and nested stacks
                row("tables removed and replaced, anywhere among other changes", stack().changes(
                                change("Remove", "RepliesTable", "quarantine-replies", TABLE, null, "Delete"),
                                change("Add", "Topic", null, "AWS::SNS::Topic", null, null),
                                change("Modify", "NotesTable", "quarantine-notes", TABLE, "True", "ReplaceAndDelete")),
                        refused(is("would DELETE table quarantine-replies (logical id RepliesTable, AWS::DynamoDB::Table) with"
                                        + " all its items: the change set removes it from stack quarantine-notes"),
                                is("would REPLACE table quarantine-notes (logical id NotesTable, AWS::DynamoDB::Table): CloudFormation"
                                        + " creates a new, empty one and DELETES the old one with all its items"))),
                row("a table removed whose physical name nobody knows", stack().changes(
                                change("Remove", "NotesTable", null, TABLE, null, null)),
                        refused(starts("would DELETE table with logical id NotesTable (AWS::DynamoDB::Table, physical name unknown)"))),
                row("Modify with Replacement True", stack().changes(
                                change("Modify", "NotesTable", "quarantine-notes", TABLE, "True", null)),
                        refused(has("would REPLACE table quarantine-notes (logical id NotesTable, AWS::DynamoDB::Table)",
                                "DELETES the old one with all its items"))),
                row("Modify with Replacement Conditional", stack().changes(
                                change("Modify", "NotesTable", "quarantine-notes", TABLE, "Conditional", null)),
                        refused(has("may REPLACE table quarantine-notes (logical id NotesTable", "Conditional"))),
                row("Modify with Replacement False", stack().changes(
                                change("Modify", "NotesTable", "quarantine-notes", TABLE, "False", null)),
                        allowed().notes(is("would modify table quarantine-notes (logical id NotesTable, AWS::DynamoDB::Table)"
                                + " in place, without replacement"))),
                row("Modify of a table and a nested stack without Replacement: unknown, not in place", stack().changes(
                                change("Modify", "NotesTable", "quarantine-notes", TABLE, null, null),
                                change("Modify", "Storage", STORAGE, NESTED, null, null),
                                change("Modify", "Fn", "fn", "AWS::Lambda::Function", null, null)),
                        refused(is("would modify table quarantine-notes (logical id NotesTable, AWS::DynamoDB::Table), and the"
                                        + " change set does not report whether this replaces it (AWS CloudFormation reports"
                                        + " Replacement True, False or Conditional for every Modify): unknown, so refused to be safe"),
                                is("would modify nested stack " + STORAGE + " (logical id Storage, AWS::CloudFormation::Stack),"
                                        + " and the change set does not report whether this replaces it (AWS CloudFormation"
                                        + " reports Replacement True, False or Conditional for every Modify): unknown, so refused"
                                        + " to be safe"))),
                row("Modify without Replacement, judged by a guard told to take it as in place", stack()
                                .unreportedReplacement(UnreportedReplacement.TAKE_AS_IN_PLACE)
                                .changes(change("Modify", "NotesTable", "quarantine-notes", TABLE, null, null)),
                        allowed().notes(is("would modify table quarantine-notes (logical id NotesTable, AWS::DynamoDB::Table);"
                                + " the change set does not report whether this replaces it, and this guard was told to take"
                                + " such a change as in place"))),
                row("Modify with a Replacement value nobody knows", stack().changes(
                                change("Modify", "NotesTable", "quarantine-notes", TABLE, "Sometimes", null)),
                        refused(has("with replacement Sometimes, which this guard does not know: refused to be safe"))),
                row("a replacement whose old table is retained, and a retained removal", stack().changes(
                                change("Modify", "NotesTable", "quarantine-notes", TABLE, "True", "ReplaceAndRetain"),
                                change("Remove", "RepliesTable", "quarantine-replies", TABLE, null, "Retain")),
                        refused(is("would REPLACE table quarantine-notes (logical id NotesTable, AWS::DynamoDB::Table):"
                                        + " CloudFormation creates a new, empty one and leaves the old one outside the stack"
                                        + " (UpdateReplacePolicy Retain)"),
                                is("would remove table quarantine-replies (logical id RepliesTable, AWS::DynamoDB::Table) from"
                                        + " stack quarantine-notes: its DeletionPolicy Retain keeps it, but no stack manages or"
                                        + " protects it any more"))),
                row("a Dynamic action on a table, and a nested stack removed", stack().changes(
                                change("Dynamic", "NotesTable", "quarantine-notes", TABLE, null, null),
                                change("Remove", "Storage", STORAGE, NESTED, null, null),
                                change("Remove", "Topic", "arn:topic", "AWS::SNS::Topic", null, null)),
                        refused(starts("cannot tell what would happen to table quarantine-notes"),
                                starts("would DELETE nested stack " + STORAGE + " (logical id Storage, AWS::CloudFormation::Stack)"
                                        + " and every resource in it, tables included"))),
                row("an action nobody knows on a table", stack().changes(
                                change("Teleport", "NotesTable", "quarantine-notes", TABLE, null, null)),
                        refused(has("would apply action 'Teleport' to table quarantine-notes"))),
                row("changes to other resources only, even removals and replacements", stack().changes(
                                change("Remove", "Topic", "arn:topic", "AWS::SNS::Topic", null, "Delete"),
                                change("Modify", "Fn", "fn", "AWS::Lambda::Function", "True", "ReplaceAndDelete"),
                                change("Add", "NewTable", null, TABLE, null, null)),
                        allowed().and(v -> assertThat(v.explain())
                                .startsWith("ALLOWED: change set cs of stack quarantine-notes deletes and replaces no table"))),

                // ---- change set states
                row("FAILED because it holds no changes", stack().failed("The submitted information didn't contain changes."
                                + " Submit different information to create a change set."),
                        allowed().notes(starts("the change set holds no changes"))),
                row("FAILED for another reason", stack().failed("Template format error: bad"),
                        refused(is("change set cs FAILED, so CloudFormation cannot execute it: Template format error: bad"))),
                row("what the reader could not find out", stack().readingNotes("could not list the stack's resources"),
                        allowed().notes(is("could not list the stack's resources"))),

                // ---- project identity
                row("the change set's tag disagrees with its template", stack().incomingTags(tag("project", "notes-backup")),
                        refused(is("the deploy tags stack quarantine-notes project=notes-backup, but the template being deployed"
                                + " says Metadata.ProjectIdentity notes-backup/notes-stack: a stack has one identity, its template's"
                                + " Metadata.ProjectIdentity, and the tag project must carry the same value. Fix samconfig.toml's"
                                + " `tags` for this stack to `tags = \"project=\\\"notes-backup/notes-stack\\\"\"` (or, if"
                                + " notes-backup/notes-stack is wrong, the template file's Metadata.ProjectIdentity)"))
                                .identities(new ProjectIdentity(NOTES, NOTES), new ProjectIdentity(NOTES, "notes-backup"))),
                row("the change set sets a tag and its template no Metadata", stack().deployedTemplate(yaml(null))
                                .deployedTags().incomingTemplate(yaml(null)).incomingTags(tag("project", NOTES)),
                        refused(startsAndHas("the deploy tags stack quarantine-notes project=notes-backup/notes-stack, but the"
                                        + " template being deployed has no Metadata.ProjectIdentity",
                                "Add `ProjectIdentity: notes-backup/notes-stack` under the template file's Metadata"))),
                row("the deployed stack's tag disagrees with its template", stack()
                                .deployedTags(tag("project", "notes-backup"), tag("owner", "ops"), tag("aws:cloudformation:stack-name", STACK))
                                .deployedParameters(Parameter.builder().parameterKey("TablePrefix").parameterValue("quarantine").build())
                                .deployedCapabilities("CAPABILITY_IAM")
                                .incomingTags(tag("project", NOTES)),
                        refused(is("stack quarantine-notes is tagged project=notes-backup, but its deployed template's"
                                + " Metadata.ProjectIdentity is notes-backup/notes-stack: a stack has one identity, its template's"
                                + " Metadata.ProjectIdentity, and the tag project must carry the same value. The tag came from an"
                                + " earlier deploy's tags (samconfig.toml's `tags` of this stack's config env): make them"
                                + " `tags = \"project=\\\"notes-backup/notes-stack\\\"\"` there, re-tag the stack once without"
                                + " changing its template or parameters (`aws cloudformation update-stack --stack-name"
                                + " quarantine-notes --use-previous-template --capabilities CAPABILITY_IAM --parameters"
                                + " ParameterKey=TablePrefix,UsePreviousValue=true --tags Key=project,Value=notes-backup/notes-stack"
                                + " Key=owner,Value=ops`), then check again"))
                                .identities(new ProjectIdentity(NOTES, "notes-backup"), new ProjectIdentity(NOTES, NOTES))),
                row("a deployed stack's stale tag that the change set keeps: reported once", stack()
                                .deployedTags(tag("project", "notes-backup")),
                        refused(starts("stack quarantine-notes is tagged project=notes-backup,"))
                                .identities(new ProjectIdentity(NOTES, "notes-backup"), new ProjectIdentity(NOTES, "notes-backup"))),
                row("a deployed stack tagged without Metadata in its template", stack().deployedTemplate(yaml(null))
                                .deployedTags(tag("project", NOTES)).incomingTemplate(yaml(null)),
                        refused(startsAndHas("stack quarantine-notes is tagged project=notes-backup/notes-stack, but its deployed"
                                + " template has no Metadata.ProjectIdentity", "`Metadata: ProjectIdentity: notes-backup/notes-stack`"))),
                row("a new stack whose tag disagrees with its template", newStack().incomingTags(tag("project", "notes-backup"))
                                .changes(change("Add", "NotesTable", null, TABLE, null, null)),
                        refused(starts("the deploy tags stack brand-new project=notes-backup,"))),
                row("tag and Metadata the same on both sides", stack().incomingTags(tag("project", NOTES)),
                        allowed().identities(new ProjectIdentity(NOTES, NOTES), new ProjectIdentity(NOTES, NOTES))),
                row("another project's tag and template", stack().incomingTemplate(yaml(OTHER)).incomingTags(tag("project", OTHER)),
                        refused(is("stack quarantine-notes belongs to project notes-backup/notes-stack (template"
                                + " Metadata.ProjectIdentity, and tag project), but the template being deployed belongs to"
                                + " someone-else/link-shortener (template Metadata.ProjectIdentity, and tag project): another"
                                + " project's template under the same stack name would take over this stack's resources"))),
                row("another project's template under the stack's kept tag", stack().incomingTemplate(yaml(OTHER)),
                        refused(has(OTHER)).identities(new ProjectIdentity(NOTES, NOTES), new ProjectIdentity(OTHER, NOTES))),
                row("an identity on the stack and none in the template being deployed", stack().deployedTags()
                                .incomingTemplate(yaml(null)),
                        refused(has("belongs to project notes-backup/notes-stack (template Metadata.ProjectIdentity)",
                                "carries no project identity"))),
                row("no identity on the stack and one in the template being deployed", stack().deployedTags()
                                .deployedTemplate(yaml(null)),
                        refused(starts("stack quarantine-notes records no project identity"))),
                row("no identity on either side", stack().deployedTags().deployedTemplate(yaml(null))
                                .incomingTemplate(yaml(null)),
                        allowed().identities(ProjectIdentity.NONE, ProjectIdentity.NONE)),
                row("JSON templates, tabs and escaped slashes, of the same project", stack()
                                .deployedTemplate(json(NOTES.replace("/", "\\/"))).incomingTemplate(json(NOTES)),
                        allowed().identities(new ProjectIdentity(NOTES, NOTES), new ProjectIdentity(NOTES, NOTES))),
                row("JSON templates of two projects", stack()
                                .deployedTemplate(json(NOTES.replace("/", "\\/"))).incomingTemplate(json(OTHER)),
                        refused(has(OTHER)).identities(new ProjectIdentity(NOTES, NOTES), new ProjectIdentity(OTHER, NOTES))),
                row("a deployed template that cannot be parsed", stack().deployedTemplate(Template.of("Resources: [unclosed")),
                        refused(starts("could not read the project identity of stack quarantine-notes's deployed template"))),
                row("a deployed template that could not be read", stack().deployedTemplate(Template.unreadable("ValidationError: Rate exceeded")),
                        refused(is("could not read stack quarantine-notes's deployed template to find its project identity:"
                                + " ValidationError: Rate exceeded"))),
                row("the template being deployed could not be read, for a deployed stack", stack()
                                .incomingTemplate(Template.unreadable("ValidationError: Rate exceeded")),
                        refused(is("could not read the template being deployed to find its project identity:"
                                + " ValidationError: Rate exceeded"))),
                row("the template being deployed could not be read, for a new stack", newStack()
                                .incomingTemplate(Template.unreadable("ValidationError: Rate exceeded")),
                        allowed().notes(is("could not read the template being deployed to find its project identity:"
                                + " ValidationError: Rate exceeded"))),

                // ---- a new stack
                row("a stack that does not exist: no identity to compare", newStack().incomingTemplate(yaml(OTHER)).changes(
                                change("Add", "NotesTable", null, TABLE, null, null),
                                change("Add", "RepliesTable", null, TABLE, null, null)),
                        allowed().identities(ProjectIdentity.NONE, new ProjectIdentity(OTHER, null))
                                .and(v -> assertThat(v.stackExists()).isFalse())
                                .and(v -> assertThat(v.explain()).contains("of new stack brand-new"))),

                // ---- AWS size limits
                row("parameters that overfill a role's inline policies and a parameter value", stack()
                                .deployedTemplate(Template.of(roleTemplate)).incomingTemplate(Template.of(roleTemplate))
                                .incomingParameters(Map.of("Tables", String.join(",", Collections.nCopies(160, "t".repeat(40))))),
                        refused(starts("parameter Tables is 6,559 bytes long, over CloudFormation's limit of 4,096 bytes"),
                                startsAndHas("role Role's inline policies would be 10,",
                                        "over IAM's limit of 10,240 characters for the inline policies of one role",
                                        "Tables has 160 entries: configure fewer entries: a name prefix such as notes-*"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("situations")
    void judge_decidesAsTheRowSays_whenGivenTheRowsSituation(String situation, Situation facts, Expected expected) {
        GuardVerdict verdict = new ChangeSetJudge(facts.unreportedReplacement).judge(facts.build());

        assertThat(verdict.allowed()).as(verdict.explain()).isEqualTo(expected.allowed);
        assertThat(verdict.reasons()).as("reasons").hasSameSizeAs(expected.reasons);
        for (int i = 0; i < expected.reasons.size(); i++) {
            assertThat(verdict.reasons().get(i)).as("reason " + i).satisfies(expected.reasons.get(i));
        }
        if (expected.notes != null) {
            assertThat(verdict.notes()).as("notes").hasSameSizeAs(expected.notes);
            for (int i = 0; i < expected.notes.size(); i++) {
                assertThat(verdict.notes().get(i)).as("note " + i).satisfies(expected.notes.get(i));
            }
        }
        if (expected.deployed != null) {
            assertThat(verdict.deployed()).as("deployed identity").isEqualTo(expected.deployed);
            assertThat(verdict.incoming()).as("incoming identity").isEqualTo(expected.incoming);
        }
        assertThat(verdict.changes()).isEqualTo(facts.changes);
        expected.more.forEach(check -> check.accept(verdict));
    }

    /** The shipped template and samconfig.toml's tags for each stack: a harmless change is allowed. */
    @ParameterizedTest(name = "{0} stack")
    @ValueSource(strings = {"backup", "notes"})
    void judge_allowsAFunctionModifiedInPlace_whenTheShippedTemplateIsDeployedWithSamconfigsTags(String envName) throws Exception {
        Samconfig.Env env = Samconfig.ofRepository().env(envName);
        String body = Files.readString(env.templateFile());
        Tag[] tags = env.tags().entrySet().stream().map(e -> tag(e.getKey(), e.getValue())).toArray(Tag[]::new);
        assertThat(tags).as("samconfig.toml tags of " + envName).isNotEmpty();
        Situation harmless = stack().stackName(env.stackName()).deployedTemplate(Template.of(body)).deployedTags(tags)
                .incomingTemplate(Template.of(body.replaceFirst("MemorySize: (\\d+)", "MemorySize: 2048"))).incomingTags(tags)
                .changes(change("Modify", "Function", "fn", "AWS::Lambda::Function", "False", null));

        GuardVerdict verdict = new ChangeSetJudge(UnreportedReplacement.REFUSE).judge(harmless.build());

        assertThat(verdict.allowed()).as(verdict.explain()).isTrue();
        assertThat(verdict.deployed().isConsistent()).isTrue();
        assertThat(verdict.deployed()).isEqualTo(verdict.incoming());
    }

    // ---- describing a situation --------------------------------------------------------------

    static Arguments row(String situation, Situation facts, Expected expected) {
        return Arguments.of(situation, facts, expected);
    }

    /** A deployed stack of project notes (template and tag), and a change set of the same template without tags. */
    static Situation stack() {
        return new Situation();
    }

    /** A change set that creates stack brand-new. */
    static Situation newStack() {
        Situation situation = new Situation().stackName("brand-new");
        situation.deployedStack = null;
        return situation;
    }

    static final class Situation {
        String stackName = STACK;
        ChangeSetStatus status = ChangeSetStatus.CREATE_COMPLETE;
        String statusReason;
        List<SeenChange> changes = List.of();
        List<String> readingNotes = List.of();
        Stack.Builder deployedStack = Stack.builder().stackStatus(StackStatus.UPDATE_COMPLETE).tags(tag("project", NOTES));
        Template deployedTemplate = yaml(NOTES);
        Template incomingTemplate = yaml(NOTES);
        Map<String, String> incomingTags = Map.of();
        Map<String, String> incomingParameters = Map.of();
        UnreportedReplacement unreportedReplacement = UnreportedReplacement.REFUSE;

        Situation stackName(String name) {
            stackName = name;
            return this;
        }

        Situation changes(SeenChange... values) {
            changes = List.of(values);
            return this;
        }

        Situation failed(String reason) {
            status = ChangeSetStatus.FAILED;
            statusReason = reason;
            return this;
        }

        Situation readingNotes(String... notes) {
            readingNotes = List.of(notes);
            return this;
        }

        Situation deployedTemplate(Template template) {
            deployedTemplate = template;
            return this;
        }

        Situation deployedTags(Tag... tags) {
            deployedStack.tags(tags);
            return this;
        }

        Situation deployedParameters(Parameter... parameters) {
            deployedStack.parameters(parameters);
            return this;
        }

        Situation deployedCapabilities(String... capabilities) {
            deployedStack.capabilitiesWithStrings(capabilities);
            return this;
        }

        Situation incomingTemplate(Template template) {
            incomingTemplate = template;
            return this;
        }

        Situation incomingTags(Tag... tags) {
            Map<String, String> map = new LinkedHashMap<>();
            Arrays.stream(tags).forEach(t -> map.put(t.key(), t.value()));
            incomingTags = map;
            return this;
        }

        Situation incomingParameters(Map<String, String> values) {
            incomingParameters = values;
            return this;
        }

        Situation unreportedReplacement(UnreportedReplacement value) {
            unreportedReplacement = value;
            return this;
        }

        ChangeSetFacts build() {
            String arn = "arn:aws:cloudformation:us-east-1:123456789012:stack/" + stackName + "/0000";
            Optional<Deployed> deployed = deployedStack == null ? Optional.empty()
                    : Optional.of(new Deployed(deployedStack.stackName(stackName).stackId(arn).build(), deployedTemplate));
            return new ChangeSetFacts(stackName, "cs", arn, status, statusReason, changes, readingNotes, deployed,
                    new Incoming(incomingTemplate, incomingTags, incomingParameters));
        }

        @Override
        public String toString() {
            return "change set cs of " + (deployedStack == null ? "new stack " : "stack ") + stackName;
        }
    }

    // ---- what is expected --------------------------------------------------------------------

    static Expected allowed() {
        return new Expected(true, List.of());
    }

    @SafeVarargs
    static Expected refused(Consumer<String>... reasons) {
        return new Expected(false, List.of(reasons));
    }

    static final class Expected {
        final boolean allowed;
        final List<Consumer<String>> reasons;
        List<Consumer<String>> notes;
        ProjectIdentity deployed;
        ProjectIdentity incoming;
        final List<Consumer<GuardVerdict>> more = new ArrayList<>();

        Expected(boolean allowed, List<Consumer<String>> reasons) {
            this.allowed = allowed;
            this.reasons = reasons;
        }

        @SafeVarargs
        final Expected notes(Consumer<String>... expected) {
            notes = List.of(expected);
            return this;
        }

        Expected identities(ProjectIdentity deployedIdentity, ProjectIdentity incomingIdentity) {
            deployed = deployedIdentity;
            incoming = incomingIdentity;
            return this;
        }

        Expected and(Consumer<GuardVerdict> check) {
            more.add(check);
            return this;
        }

        @Override
        public String toString() {
            return allowed ? "allowed" : "refused";
        }
    }

    static Consumer<String> is(String text) {
        return actual -> assertThat(actual).isEqualTo(text);
    }

    static Consumer<String> starts(String prefix) {
        return actual -> assertThat(actual).startsWith(prefix);
    }

    static Consumer<String> has(String... fragments) {
        return actual -> assertThat(actual).contains(fragments);
    }

    static Consumer<String> startsAndHas(String prefix, String... fragments) {
        return actual -> assertThat(actual).startsWith(prefix).contains(fragments);
    }
}
