package dev.notesbackup.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.backup.cfn.CloudFormationTemplate;
import dev.notesbackup.backup.json.Json;
import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.testsupport.CloudFormationYaml;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.testsupport.StackWait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@code adopt} against moto's CloudFormation and DynamoDB, with the notes stack's template as the
 * repository ships it (notes-service/template.yaml) defining NotesTable. The stack deployed here
 * holds that template's RepliesTable (moto does not run the SAM transform, so not the whole
 * template) and has lost NotesTable, whose restored copy is adopted back.
 *
 * <p>moto 5.2.1 cannot run an IMPORT change set: it takes ChangeSetType IMPORT for CREATE, makes a
 * second, empty stack of the same name (REVIEW_IN_PROGRESS), reports the resource as Add (AWS
 * reports Import), ignores ResourcesToImport, and on execution tries to create the table, which
 * exists. So the change set is created and checked by the guard here, never executed, and what
 * the command generates (the template parsed back, the resources to import) is what is tested.
 */
@ExtendWith(MotoExtension.class)
class AdoptCommandIT {
    static final String STACK = "quarantine-notes";
    static final String RESTORED = "quarantine-notes-NotesTable-restored";

    @TempDir
    Path dir;
    CloudFormationClient cfn;
    DynamoDbClient dynamo;
    CliHarness cli;
    Path shipped;
    String repliesTable;

    @BeforeEach
    void notesStackThatLostItsNotesTable_andTheRestoredCopy(MotoServer moto) throws Exception {
        cfn = LocalAws.client(CloudFormationClient.builder(), moto.endpoint(), LocalAws.noRetries());
        dynamo = LocalAws.dynamoDb(moto.endpoint());
        cli = new CliHarness(Map.of(), Clock.fixed(Instant.parse("2026-12-01T16:00:00Z"), ZoneOffset.UTC),
                aws -> LocalAws.dynamoDb(moto.endpoint()),
                aws -> LocalAws.client(CloudFormationClient.builder(), moto.endpoint(), LocalAws.noRetries()));
        shipped = CloudFormationYaml.templateFile("notes.template", "notes-service/template.yaml");
        Map<String, Object> template = CloudFormationTemplate.parse(Files.readString(shipped)).document();
        Map<String, Object> stackTemplate = new LinkedHashMap<>();
        stackTemplate.put("AWSTemplateFormatVersion", template.get("AWSTemplateFormatVersion"));
        stackTemplate.put("Metadata", template.get("Metadata"));
        stackTemplate.put("Resources", Map.of("RepliesTable", ((Map<?, ?>) template.get("Resources")).get("RepliesTable")));
        String body = json(stackTemplate);
        cfn.createStack(r -> r.stackName(STACK).templateBody(body)
                .tags(t -> t.key("project").value("notes-backup/notes-stack")));
        StackWait.untilCreateComplete(cfn, STACK);
        repliesTable = cfn.describeStackResources(r -> r.stackName(STACK)).stackResources().get(0).physicalResourceId();
        // as restore makes it from a backup of the shipped NotesTable
        dynamo.createTable(r -> r.tableName(RESTORED).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("feed").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .globalSecondaryIndexes(i -> i.indexName("newest")
                        .keySchema(k -> k.attributeName("feed").keyType(KeyType.HASH), k -> k.attributeName("id").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
    }

    @AfterEach
    void tearDown() {
        cfn.close();
        dynamo.close();
    }

    @Test
    void adopt_writesTheImportTemplateAndResources_andPrintsTheCommand() throws Exception {
        Path out = dir.resolve("import.json");

        assertThat(cli.run("adopt", "--stack", STACK, "--logical-id", "NotesTable", "--table", RESTORED,
                "--template-file", shipped.toString(), "--template-out", out.toString())).as(cli.err()).isZero();

        Map<String, Object> imported = CloudFormationTemplate.parse(Files.readString(out)).document();
        Map<?, ?> resources = (Map<?, ?>) imported.get("Resources");
        assertThat(List.copyOf(resources.keySet())).isEqualTo(List.of("RepliesTable", "NotesTable"));
        Map<?, ?> notes = (Map<?, ?>) resources.get("NotesTable");
        assertThat(notes.get("DeletionPolicy")).isEqualTo("Retain");
        assertThat(((Map<?, ?>) notes.get("Properties")).get("TableName")).isEqualTo(RESTORED);
        assertThat(imported.get("Metadata")).isEqualTo(Map.of("ProjectIdentity", "notes-backup/notes-stack"));
        Path resourcesFile = dir.resolve("import-resources-to-import.json");
        assertThat(Json.mapper().readValue(Files.readString(resourcesFile), List.class)).isEqualTo(List.of(Map.of(
                "ResourceType", "AWS::DynamoDB::Table", "LogicalResourceId", "NotesTable", "ResourceIdentifier", Map.of("TableName", RESTORED))));
        assertThat(cli.out()).contains("aws cloudformation create-change-set --stack-name " + STACK
                + " --change-set-name adopt-NotesTable-20261201T160000Z --change-set-type IMPORT --template-body file://" + out
                + " --resources-to-import file://" + resourcesFile + " --tags Key=project,Value=notes-backup/notes-stack");
    }

    @Test
    void adopt_withCreateChangeSet_createsTheImportChangeSetAndRunsTheGuardOnIt() {
        assertThat(cli.run("adopt", "--stack", STACK, "--logical-id", "NotesTable", "--table", RESTORED,
                "--template-file", shipped.toString(), "--template-out", dir.resolve("t.json").toString(), "--create-change-set"))
                .as(cli.out() + cli.err()).isZero();

        assertThat(cli.out()).contains("Created IMPORT change set arn:aws:cloudformation:").contains("ALLOWED: change set")
                .contains("Execute it with: aws cloudformation execute-change-set --change-set-name ");
        String changeSet = cli.out().replaceAll("(?s).*Created IMPORT change set (\\S+);.*", "$1");
        DescribeChangeSetResponse made = cfn.describeChangeSet(r -> r.changeSetName(changeSet));
        // moto's reading of an IMPORT change set (see the class comment): a CREATE of the whole template, every
        // resource Add; AWS would show NotesTable alone, as Import
        assertThat(made.changes()).extracting(c -> c.resourceChange().actionAsString() + " " + c.resourceChange().logicalResourceId())
                .containsExactlyInAnyOrder("Add RepliesTable", "Add NotesTable");
        assertThat(dynamo.listTables().tableNames()).contains(RESTORED, repliesTable);
    }

    @Test
    void adopt_refusesALogicalIdTheStackStillHolds_asATableThatExists() {
        String restoredReplies = restoredRepliesTable();

        assertThat(cli.run("adopt", "--stack", STACK, "--logical-id", "RepliesTable", "--table", restoredReplies,
                "--template-out", dir.resolve("t.json").toString())).isEqualTo(ExitCodes.ERROR);

        assertThat(cli.err()).contains("error: stack " + STACK + " still holds RepliesTable as table " + repliesTable
                + ", which exists, and CloudFormation imports only a logical id the stack does not hold. Adopting "
                + restoredReplies + " would take " + repliesTable + " out of the stack: not done.");
        assertThat(Files.exists(dir.resolve("t.json"))).isFalse();
    }

    @Test
    void adopt_refusesALogicalIdTheStackStillHoldsAsADeletedTable_namingTheRestoreThatNeedsNoImport() {
        String restoredReplies = restoredRepliesTable();
        // deleted by hand: CloudFormation does not notice, the stack still holds RepliesTable under the old name
        dynamo.updateTable(r -> r.tableName(repliesTable).deletionProtectionEnabled(false));
        dynamo.deleteTable(r -> r.tableName(repliesTable));

        assertThat(cli.run("adopt", "--stack", STACK, "--logical-id", "RepliesTable", "--table", restoredReplies,
                "--template-out", dir.resolve("t.json").toString())).isEqualTo(ExitCodes.ERROR);

        assertThat(cli.err()).contains("error: stack " + STACK + " still holds RepliesTable as table " + repliesTable
                + ", which no longer exists, and CloudFormation imports only a logical id the stack does not hold. Restore into"
                + " that name instead (restore --table " + repliesTable + " --latest --target-table " + repliesTable + " --wait):"
                + " the stack then holds the restored table again, with nothing to import.");
    }

    @Test
    void adopt_refusesATableWhoseKeySchemaDiffersFromTheTemplates() {
        assertThat(cli.run("adopt", "--stack", STACK, "--logical-id", "RepliesTable", "--table", RESTORED,
                "--template-out", dir.resolve("t.json").toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("error: table " + RESTORED + " does not match RepliesTable: its key schema is [id HASH],"
                + " the template declares [id RANGE, noteId HASH]");
        assertThat(Files.exists(dir.resolve("t.json"))).isFalse();
    }

    @Test
    void adopt_refusesUnknownLogicalIds_missingTables_andMissingStacks_asBadInput() {
        assertThat(cli.run("adopt", "--stack", STACK, "--logical-id", "NotesTabel", "--table", RESTORED,
                "--template-file", shipped.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("error: the template has no resource with logical id NotesTabel; its tables are NotesTable, RepliesTable");

        assertThat(cli.run("adopt", "--stack", STACK, "--logical-id", "NotesTable", "--table", "quarantine-notes-nope",
                "--template-file", shipped.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("error: table quarantine-notes-nope does not exist");

        assertThat(cli.run("adopt", "--stack", "other-stack", "--logical-id", "NotesTable", "--table", RESTORED))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("error: stack other-stack does not exist");

        assertThat(cli.run("adopt", "--stack", STACK, "--table", RESTORED)).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("Missing required option: '--logical-id=ID'").contains("Try 'backup-service adopt --help'.");
    }

    @Test
    void adopt_ofTheTableTheStackHoldsAlready_saysThereIsNothingToImport() {
        assertThat(cli.run("adopt", "--stack", STACK, "--logical-id", "RepliesTable", "--table", repliesTable,
                "--template-out", dir.resolve("t.json").toString())).as(cli.err()).isZero();

        assertThat(cli.out()).isEqualTo("stack " + STACK + " already holds table " + repliesTable + " as RepliesTable: nothing to import."
                + System.lineSeparator());
        assertThat(Files.exists(dir.resolve("t.json"))).isFalse();
    }

    /** A table as restore makes it from a backup of the shipped RepliesTable. */
    private String restoredRepliesTable() {
        String name = "quarantine-notes-RepliesTable-restored";
        dynamo.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("noteId").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("noteId").keyType(KeyType.HASH), k -> k.attributeName("id").keyType(KeyType.RANGE)));
        return name;
    }

    private static String json(Object value) throws Exception {
        return Json.mapper().writeValueAsString(value);
    }
}
