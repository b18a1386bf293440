package dev.notesbackup.backup.cli;

import dev.notesbackup.cli.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.testsupport.CloudFormationYaml;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.testsupport.StackWait;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * audit and guard from the command line, against the real notes stack template deployed on moto's
 * CloudFormation (moto skips its Serverless resources and makes the two tables).
 */
@ExtendWith(MotoExtension.class)
class OperatorCliIT {
    static final String STACK = "quarantine-notes";
    static final Path ROOT = CloudFormationYaml.projectRoot();

    CloudFormationClient cfn;
    DynamoDbClient dynamo;
    CliHarness cli;
    List<String> notesTables;

    @BeforeEach
    void deployTheNotesStack(MotoServer moto) throws Exception {
        cfn = LocalAws.client(CloudFormationClient.builder(), moto.endpoint(), LocalAws.noRetries());
        dynamo = LocalAws.dynamoDb(moto.endpoint());
        cli = new CliHarness(Map.of(), Clock.systemUTC(), aws -> LocalAws.dynamoDb(moto.endpoint()),
                aws -> LocalAws.client(CloudFormationClient.builder(), moto.endpoint(), LocalAws.noRetries()));
        String notesTemplate = java.nio.file.Files.readString(ROOT.resolve("notes-service/template.yaml"));
        cfn.createStack(r -> r.stackName(STACK)
                .templateBody(notesTemplate)
                .parameters(p -> p.parameterKey("AllowedOrigins").parameterValue("https://notes.example.com"))
                .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_AUTO_EXPAND));
        StackWait.untilCreateComplete(cfn, STACK);
        notesTables = dynamo.listTables().tableNames();
        assertThat(notesTables).hasSize(2).allMatch(t -> t.startsWith(STACK + "-"));
        // moto does not apply PointInTimeRecoverySpecification from a template
        notesTables.forEach(t -> dynamo.updateContinuousBackups(r -> r.tableName(t)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true))));
    }

    @AfterEach
    void close() {
        cfn.close();
        dynamo.close();
    }

    @Test
    void audit_reportsTheNotesStacksTablesAsProtected() throws Exception {
        assertThat(cli.run("run", "--tables", STACK + "-*")).isZero();

        assertThat(cli.run("audit", "--tables", STACK + "-*")).as(cli.out()).isZero();
        assertThat(cli.out()).contains(notesTables.get(0), notesTables.get(1));

        assertThat(cli.run("audit", "--tables", STACK + "-*", "--json")).isZero();
        JsonNode report = new ObjectMapper().readTree(cli.out());
        assertThat(report.toString()).contains("\"allProtected\":true");
    }

    @Test
    void audit_reportsATableWithoutRecoveryOrDeletionProtection_andExitsNonZero() {
        dynamo.createTable(r -> r.tableName("plain-notes")
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        cli.run("run", "--tables", "plain-notes");

        assertThat(cli.run("audit", "--tables", "plain-notes," + STACK + "-*")).isEqualTo(ExitCodes.FAILED);

        String text = cli.out();
        assertThat(text).contains("plain-notes");
        assertThat(text.toLowerCase()).contains("deletion protection").contains("point-in-time recovery");
    }

    @Test
    void guard_allowsTheSameProjectsTemplate_andRefusesAnotherProjectsUnderTheSameName() {
        String notesTemplate = ROOT.resolve("notes-service/template.yaml").toString();
        String otherProject = ROOT.resolve("backup-service/src/test/resources/guard/other-project.yaml").toString();

        assertThat(cli.run("guard", "--stack-name", STACK, "--template-file", notesTemplate)).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).startsWith("ALLOWED");

        assertThat(cli.run("guard", "--stack-name", STACK, "--template-file", otherProject)).isEqualTo(ExitCodes.REFUSED);
        assertThat(cli.out()).startsWith("REFUSED").contains("would DELETE table " + notesTables.get(0))
                .contains("someone-else/link-shortener");
        assertThat(dynamo.listTables().tableNames()).containsExactlyInAnyOrderElementsOf(notesTables);
    }

    @Test
    void guard_checksAChangeSetMadeBySamDeploy() throws Exception {
        String dropsReplies = java.nio.file.Files.readString(ROOT.resolve("notes-service/template.yaml"))
                .replaceAll("(?s)\\n  RepliesTable:.*?(?=\\n  [A-Z][A-Za-z]+:\\n)", "");
        cfn.createChangeSet(r -> r.stackName(STACK).changeSetName("sam-deploy-1").templateBody(dropsReplies)
                .changeSetType(software.amazon.awssdk.services.cloudformation.model.ChangeSetType.UPDATE)
                .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_AUTO_EXPAND)
                .parameters(p -> p.parameterKey("AllowedOrigins").parameterValue("https://notes.example.com")));

        assertThat(cli.run("guard", "--stack-name", STACK, "--change-set", "sam-deploy-1")).as(cli.out() + cli.err())
                .isEqualTo(ExitCodes.REFUSED);
        assertThat(cli.out()).contains("would DELETE table").contains("RepliesTable");
    }

    @Test
    void guard_refusesATableModifyWithoutReportedReplacement_unlessToldToTakeItAsInPlace() throws Exception {
        // a new tag on the notes table: moto reports the Modify without Replacement, as it always does
        Path retagged = java.nio.file.Files.createTempFile("notes-retagged", ".yaml");
        String template = java.nio.file.Files.readString(ROOT.resolve("notes-service/template.yaml"));
        String withTag = template.replaceFirst("(?m)^        - Key: notes-backup:table\n          Value: notes\n",
                "        - Key: notes-backup:table\n          Value: notes\n        - Key: owner\n          Value: notes-team\n");
        assertThat(withTag).isNotEqualTo(template);
        java.nio.file.Files.writeString(retagged, withTag);
        try {
            assertThat(cli.run("guard", "--stack-name", STACK, "--template-file", retagged.toString()))
                    .as(cli.out() + cli.err()).isEqualTo(ExitCodes.REFUSED);
            assertThat(cli.out()).startsWith("REFUSED").contains("does not report whether this replaces it");

            assertThat(cli.run("guard", "--stack-name", STACK, "--template-file", retagged.toString(),
                    "--accept-unreported-replacement")).as(cli.out() + cli.err()).isZero();
            assertThat(cli.out()).startsWith("ALLOWED").contains("told to take such a change as in place");
        } finally {
            java.nio.file.Files.deleteIfExists(retagged);
        }
    }

    @Test
    void guard_unknownTemplateFile_isOneClearLine() {
        assertThat(cli.run("guard", "--stack-name", STACK, "--template-file", "no-such-template.yaml")).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.err().strip()).startsWith("error: cannot read the template no-such-template.yaml");
    }

    @Test
    void scheduledRun_withTheAuditOn_publishesMissingProtectionsPerTable() throws Exception {
        dynamo.createTable(r -> r.tableName("plain-notes")
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        var config = dev.notesbackup.backup.config.BackupConfig.fromEnvironment(Map.of(
                        dev.notesbackup.backup.config.BackupConfig.TABLES, "plain-notes," + STACK + "-*",
                        dev.notesbackup.backup.config.BackupConfig.AUDIT, "true"))
                .withRates(dev.notesbackup.backup.config.RateLimits.UNLIMITED);
        var service = new dev.notesbackup.backup.run.BackupService(dynamo, Clock.systemUTC(), config);
        var audit = new dev.notesbackup.backup.audit.ProtectionAudit(dynamo, cfn, Clock.systemUTC(), config);
        var context = new dev.notesbackup.testsupport.LambdaTestContext(java.time.Duration.ofMinutes(5));
        var event = new com.amazonaws.services.lambda.runtime.events.ScheduledEvent()
                .withTime(new org.joda.time.DateTime(System.currentTimeMillis(), org.joda.time.DateTimeZone.UTC));

        List<String> lines = new java.util.ArrayList<>();
        new dev.notesbackup.backup.lambda.ScheduledBackupHandler(service, null, audit, lines::add).invoke(event, context);

        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> missing = new java.util.HashMap<>();
        for (String line : lines) {
            JsonNode node = json.readTree(line);
            if (node.has("MissingProtections") && node.has("TableName")) {
                missing.put(node.get("TableName").asText(), node.get("MissingProtections").asInt());
            }
        }
        assertThat(missing.get("plain-notes")).isGreaterThanOrEqualTo(2); // no deletion protection, no recovery
        notesTables.forEach(t -> assertThat(missing.get(t)).as(t).isZero());
    }
}
