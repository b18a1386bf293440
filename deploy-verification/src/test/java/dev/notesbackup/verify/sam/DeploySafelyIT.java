package dev.notesbackup.verify.sam;

import dev.notesbackup.testsupport.CloudFormationYaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.backup.guard.DeployGuard;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.verify.DeployedStacks;
import dev.notesbackup.testsupport.SamPackage;
import dev.notesbackup.testsupport.Samconfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The README's "Deploy safely" path (Operator runbook) on each deployed stack, as a user runs it:
 * {@code sam deploy --config-env <env> --no-execute-changeset} makes the change set (the changed
 * template packaged and transformed, samconfig's parameters and tags), then the real CLI,
 * {@code java -jar backup-service/...jar guard --stack-name S --change-set ARN}, in a child
 * process, says exit 0 (allowed) or 2 (refused). Every changed template is derived from the
 * shipped one by a stated, programmatic change.
 *
 * <p>Each case also prints and pins what moto's change set contains, since that is what the
 * guard judges here (moto never sends Replacement, PolicyAction, physical ids or the change set's
 * tags). The guard talks to moto through {@link ChangeSetTemplateShim}, which answers GetTemplate
 * for the change set with the change set's template, as AWS does and moto does not.
 */
@ExtendWith(MotoExtension.class)
class DeploySafelyIT {
    static final int ALLOWED = 0;
    static final int REFUSED = 2;
    static final String TABLE = "AWS::DynamoDB::Table";
    /** Another project's identity: a template that is not this repository's. */
    static final String FOREIGN_IDENTITY = "another-project/its-own-stack";

    private static final Samconfig CONFIG = Samconfig.ofRepository();
    private static final Path DERIVED = CloudFormationYaml.projectRoot().resolve("deploy-verification/target/derived-templates");

    @Test
    void unchangedTemplate_isAllowed_onBothStacks(MotoServer moto) {
        SoftAssertions soft = new SoftAssertions();
        for (String env : List.of("backup", "notes")) {
            DeployedStacks.Deployed deployed = DeployedStacks.deploy(moto.endpoint(), env);
            Attempt attempt = deploySafely(moto.endpoint(), deployed, "unchanged", root -> root);
            // the derivation itself changes nothing: the copy packages and transforms to what was deployed
            soft.assertThat(json(attempt.body())).as(env + ": the derived copy, transformed").isEqualTo(json(deployed.templateBody()));
            soft.assertThat(attempt.changes()).as(env + ": moto's changes").isEmpty();
            soft.assertThat(attempt.guard().exitCode()).as(env + ": guard on an unchanged template\n" + attempt.guard())
                    .isEqualTo(ALLOWED);
        }
        soft.assertAll();
    }

    @Test
    void harmlessChange_isAllowed_onBothStacks(MotoServer moto) {
        SoftAssertions soft = new SoftAssertions();
        for (String env : List.of("backup", "notes")) {
            DeployedStacks.Deployed deployed = DeployedStacks.deploy(moto.endpoint(), env);
            String function = SamTemplate.onlyLogicalIdOfType(shipped(env).root(), "AWS::Serverless::Function");
            Attempt attempt = deploySafely(moto.endpoint(), deployed, "memory-size", root -> {
                Map<String, Object> props = SamTemplate.properties(root, function);
                props.put("MemorySize", ((Number) props.get("MemorySize")).intValue() + 256);
                return root;
            });
            // moto diffs the resources' JSON: only the function changed; no table is reported as Modify
            soft.assertThat(attempt.changes()).as(env + ": moto's changes")
                    .containsExactly("Modify " + function + " AWS::Lambda::Function replacement=null");
            soft.assertThat(attempt.guard().exitCode()).as(env + ": guard on a MemorySize change\n" + attempt.guard())
                    .isEqualTo(ALLOWED);
        }
        soft.assertAll();
    }

    /** The runbook's "Add a table to the backups": a new name in samconfig's TableNames, deployed safely. */
    @Test
    void addingATableToTableNames_isAllowed_onTheBackupStack(MotoServer moto) {
        DeployedStacks.Deployed deployed = DeployedStacks.deploy(moto.endpoint(), "backup");
        Map<String, String> parameters = new LinkedHashMap<>(deployed.parameters());
        parameters.put("TableNames", deployed.parameters().get("TableNames") + ",orders");
        Attempt attempt = deploySafely(moto.endpoint(), deployed, "add-table", root -> root, parameters);
        // AWS would list the function (its environment) and the role (its policy) as Modify; moto's change
        // sets never reflect a parameter change
        assertThat(attempt.changes()).as("moto's changes").isEmpty();
        assertThat(attempt.guard().exitCode()).as("guard on a new table name\n" + attempt.guard()).isEqualTo(ALLOWED);
    }

    @Test
    void templateThatDropsATable_isRefused_onTheNotesStack(MotoServer moto) {
        DeployedStacks.Deployed deployed = DeployedStacks.deploy(moto.endpoint(), "notes");
        List<String> tables = SamTemplate.logicalIdsOfType(shipped("notes").root(), TABLE);
        assertThat(tables).hasSize(2);
        SoftAssertions soft = new SoftAssertions();
        for (String table : tables) {
            String name = deployed.physicalIds().get(table);
            String arn;
            try (DynamoDbClient dynamo = LocalAws.dynamoDb(moto.endpoint())) {
                arn = dynamo.describeTable(r -> r.tableName(name)).table().tableArn();
            }
            // the table taken out of the stack; what referred to it now names the existing table
            Attempt attempt = deploySafely(moto.endpoint(), deployed, "drop-" + table, root -> {
                SamTemplate.resources(root).remove(table);
                return TemplateReferences.replace(root, table, name, arn);
            });
            soft.assertThat(attempt.changes()).as("moto's changes").contains("Remove " + table + " " + TABLE + " replacement=null");
            soft.assertThat(attempt.guard().exitCode()).as("guard on a template without " + table + "\n" + attempt.guard())
                    .isEqualTo(REFUSED);
            soft.assertThat(attempt.guard().output()).as("the refusal names the table").contains(name);
        }
        soft.assertAll();
    }

    @Test
    void templateThatReplacesATable_isRefused_onTheNotesStack(MotoServer moto) {
        DeployedStacks.Deployed deployed = DeployedStacks.deploy(moto.endpoint(), "notes");
        List<String> tables = SamTemplate.logicalIdsOfType(shipped("notes").root(), TABLE);
        assertThat(tables).hasSize(2);
        SoftAssertions soft = new SoftAssertions();
        for (String table : tables) {
            // the hash key's attribute renamed: a changed KeySchema, which CloudFormation can only do by replacement
            Attempt attempt = deploySafely(moto.endpoint(), deployed, "rekey-" + table, root -> {
                TemplateReferences.renameHashKey(SamTemplate.properties(root, table));
                return root;
            });
            // moto reports the Modify, without the Replacement that AWS would send (True)
            soft.assertThat(attempt.changes()).as("moto's changes")
                    .containsExactly("Modify " + table + " " + TABLE + " replacement=null");
            soft.assertThat(attempt.guard().exitCode()).as("guard on a new key schema for " + table + "\n" + attempt.guard())
                    .isEqualTo(REFUSED);
            soft.assertThat(attempt.guard().output()).as("the refusal names the table").contains(deployed.physicalIds().get(table));
        }
        soft.assertAll();
    }

    /**
     * A change to a table that AWS makes in place (a new tag: Replacement False). moto reports the
     * Modify without Replacement, so the default guard cannot know and refuses; only the explicit
     * option that takes an unreported replacement as in place allows it. (No other case here needs
     * that option: moto reports no table as modified unless the table's own template changes.)
     */
    @Test
    void tableTagChange_isRefusedAsUnknown_andAllowedOnlyWithTheExplicitOption_onTheNotesStack(MotoServer moto) {
        DeployedStacks.Deployed deployed = DeployedStacks.deploy(moto.endpoint(), "notes");
        String table = SamTemplate.logicalIdsOfType(shipped("notes").root(), TABLE).get(0);
        Attempt attempt = deploySafely(moto.endpoint(), deployed, "tag-" + table, root -> {
            @SuppressWarnings("unchecked")
            List<Object> tags = (List<Object>) SamTemplate.properties(root, table).computeIfAbsent("Tags", k -> new ArrayList<>());
            tags.add(Map.of("Key", "cost-center", "Value", "notes"));
            return root;
        });
        assertThat(attempt.changes()).as("moto's changes").containsExactly("Modify " + table + " " + TABLE + " replacement=null");
        assertThat(attempt.guard().exitCode()).as("default guard\n" + attempt.guard()).isEqualTo(REFUSED);

        GuardCli.Result lenient;
        try (ChangeSetTemplateShim shim = ChangeSetTemplateShim.start(moto.endpoint())) {
            shim.register(attempt.changeSet().changeSetId(), attempt.body());
            lenient = GuardCli.guard(deployed.stackName(), attempt.changeSet().changeSetId(), shim.endpoint(),
                    "--accept-unreported-replacement");
        }
        System.out.println("[deploy safely] the same with --accept-unreported-replacement: " + lenient);
        assertThat(lenient.exitCode()).as("with --accept-unreported-replacement\n" + lenient).isEqualTo(ALLOWED);
    }

    @Test
    void anotherProjectsTemplate_isRefused_onBothStacks(MotoServer moto) {
        SoftAssertions soft = new SoftAssertions();
        for (String name : List.of("backup", "notes")) {
            DeployedStacks.Deployed deployed = DeployedStacks.deploy(moto.endpoint(), name);
            // the worst case: the same resources and parameters, so no table is touched; only the identity
            // (the template's, repeated by the other project's tag where samconfig has one) says whose it is
            Samconfig.Env env = deployed.env();
            Map<String, String> tags = new LinkedHashMap<>(env.tags());
            tags.computeIfPresent(DeployGuard.IDENTITY_TAG, (key, value) -> FOREIGN_IDENTITY);
            Samconfig.Env otherProject = new Samconfig.Env(env.name(), env.stackName(), env.templateFile(), env.region(),
                    env.capabilities(), env.parameterOverrides(), tags);
            Attempt attempt = deploySafely(moto.endpoint(), deployed, otherProject, "foreign", root -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> metadata = (Map<String, Object>) root.computeIfAbsent("Metadata", k -> new LinkedHashMap<>());
                metadata.put("ProjectIdentity", FOREIGN_IDENTITY);
                return root;
            }, deployed.parameters());
            soft.assertThat(attempt.changes()).as(name + ": moto's changes (only Metadata differs)").isEmpty();
            soft.assertThat(attempt.guard().exitCode()).as(name + ": guard on another project's template\n" + attempt.guard())
                    .isEqualTo(REFUSED);
            soft.assertThat(attempt.guard().output()).as(name + ": the refusal names the other project").contains(FOREIGN_IDENTITY);
        }
        soft.assertAll();
    }

    /**
     * The moto gap {@link ChangeSetTemplateShim} fills: GetTemplate for a change set answers with
     * the stack's template, not the change set's. When this fails, moto answers correctly: drop
     * the shim.
     */
    @Test
    void motoGetTemplate_ignoresChangeSetName_soTheShimAnswersWithTheChangeSetsTemplate(MotoServer moto) {
        DeployedStacks.Deployed deployed = DeployedStacks.deploy(moto.endpoint(), "notes");
        Samconfig.Env env = deployed.env();
        Path file = shipped("notes").with(root -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) root.get("Metadata");
            metadata.put("ProjectIdentity", FOREIGN_IDENTITY);
            return root;
        }).write(DERIVED, "notes-get-template");
        String body = SamPackage.transform(file, moto.endpoint(), DeployedStacks.ARTIFACTS_BUCKET, env.stackName(),
                deployed.parameters());
        try (CloudFormationClient cfn = DeployedStacks.cloudFormation(moto.endpoint()); S3Client s3 = DeployedStacks.s3(moto.endpoint());
             ChangeSetTemplateShim shim = ChangeSetTemplateShim.start(moto.endpoint());
             CloudFormationClient viaShim = DeployedStacks.cloudFormation(shim.endpoint())) {
            String arn = DeployedStacks.createChangeSet(cfn, s3, env, ChangeSetType.UPDATE, body, deployed.parameters());
            shim.register(arn, body);
            String fromMoto = cfn.getTemplate(r -> r.stackName(env.stackName()).changeSetName(arn)
                    .templateStage(TemplateStage.ORIGINAL)).templateBody();
            String fromShim = viaShim.getTemplate(r -> r.stackName(env.stackName()).changeSetName(arn)
                    .templateStage(TemplateStage.ORIGINAL)).templateBody();

            assertThat(fromMoto).as("moto's answer: the stack's template").isEqualTo(deployed.templateBody())
                    .doesNotContain(FOREIGN_IDENTITY);
            assertThat(fromShim).as("the shim's answer: the change set's template").isEqualTo(body).contains(FOREIGN_IDENTITY);
            assertThat(viaShim.getTemplate(r -> r.stackName(env.stackName())).templateBody())
                    .as("anything else goes to moto").isEqualTo(fromMoto);
        }
    }

    // ---- the path ------------------------------------------------------------------------------

    /** The change set as moto describes it, its changes as "Action LogicalId Type replacement=...", the body it was made from, the guard's verdict. */
    record Attempt(DescribeChangeSetResponse changeSet, List<String> changes, String body, GuardCli.Result guard) {
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static SamTemplate shipped(String env) {
        return SamTemplate.shipped(CONFIG.env(env).templateFile());
    }

    /**
     * The changed template packaged and transformed, a change set made as {@code sam deploy
     * --no-execute-changeset} makes it, and the guard CLI's verdict on it.
     */
    private static Attempt deploySafely(URI endpoint, DeployedStacks.Deployed deployed, String caseName,
                                        UnaryOperator<Map<String, Object>> change) {
        return deploySafely(endpoint, deployed, deployed.env(), caseName, change, deployed.parameters());
    }

    private static Attempt deploySafely(URI endpoint, DeployedStacks.Deployed deployed, String caseName,
                                        UnaryOperator<Map<String, Object>> change, Map<String, String> parameters) {
        return deploySafely(endpoint, deployed, deployed.env(), caseName, change, parameters);
    }

    /** With {@code env}'s stack name, tags and capabilities (the deployed stack's env, or another project's). */
    private static Attempt deploySafely(URI endpoint, DeployedStacks.Deployed deployed, Samconfig.Env env, String caseName,
                                        UnaryOperator<Map<String, Object>> change, Map<String, String> parameters) {
        Path file = SamTemplate.shipped(env.templateFile()).with(change).write(DERIVED, env.name() + "-" + caseName);
        String body = SamPackage.transform(file, endpoint, DeployedStacks.ARTIFACTS_BUCKET, env.stackName(), parameters);
        try (CloudFormationClient cfn = DeployedStacks.cloudFormation(endpoint); S3Client s3 = DeployedStacks.s3(endpoint)) {
            String arn = DeployedStacks.createChangeSet(cfn, s3, env, ChangeSetType.UPDATE, body, parameters);
            DescribeChangeSetResponse changeSet = cfn.describeChangeSet(r -> r.stackName(env.stackName()).changeSetName(arn));
            List<String> changes = new ArrayList<>();
            changeSet.changes().forEach(c -> changes.add(c.resourceChange().actionAsString() + " "
                    + c.resourceChange().logicalResourceId() + " " + c.resourceChange().resourceType()
                    + " replacement=" + c.resourceChange().replacementAsString()));
            GuardCli.Result guard;
            try (ChangeSetTemplateShim shim = ChangeSetTemplateShim.start(endpoint)) {
                shim.register(arn, body);
                guard = GuardCli.guard(env.stackName(), arn, shim.endpoint());
            }
            System.out.printf("[deploy safely] %s / %s: change set %s (%s%s), changes %s, tags %s; guard %s%n",
                    env.stackName(), caseName, changeSet.statusAsString(), changeSet.executionStatusAsString(),
                    changeSet.statusReason() == null ? "" : ", " + changeSet.statusReason(), changes,
                    changeSet.tags(), guard);
            return new Attempt(changeSet, changes, body, guard);
        }
    }
}
