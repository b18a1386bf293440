package dev.notesbackup.verify.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.backup.drill.RestoreDrill;
import dev.notesbackup.testsupport.CloudFormationYaml;
import dev.notesbackup.testsupport.IntrinsicEvaluator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the backup function's role in template.yaml allows, decided by the independent IAM
 * evaluator ({@link IamEvaluator}) on the role's policies as CloudFormation would resolve them
 * for sample parameter values: the role's inline policies, with the restore drill's and the
 * audit's policies where those are on. (The template's structure is checked by backup-service's
 * BackupTemplateContractTest; what deployed roles allow for every call the code makes, by
 * {@link DeployedRolesIamIT}.) Set -Dbackup.template=PATH to check another copy of the template.
 */
class BackupTemplateIamIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "123456789012";
    private static final String OTHER_REGION = "eu-west-1";
    private static final String OTHER_ACCOUNT = "210987654321";
    private static final List<String> TABLES = List.of("notes", "replies");
    private static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/notes-backup-BackupFunctionRole-X1";
    private static final String LOG_GROUP_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/notes-backup-scheduled-backup:*";
    private static final String DLQ_ARN = "arn:aws:sqs:us-east-1:123456789012:notes-backup-BackupDeadLetterQueue-X1";

    private static Map<String, Object> template;

    @BeforeAll
    static void loadTemplate() {
        template = CloudFormationYaml.load(CloudFormationYaml.templateFile("backup.template", "template.yaml"));
    }

    @Test
    void drillPolicy_cannotDeleteOrWriteProductionTables() {
        Role role = role(TABLES, "RestoreDrillPolicy");
        for (String table : List.of("notes", "replies", "other")) {
            String arn = tableArn(REGION, ACCOUNT, table);
            for (String action : List.of("dynamodb:DeleteTable", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                    "dynamodb:BatchWriteItem", "dynamodb:RestoreTableFromBackup", "dynamodb:UpdateTable", "dynamodb:Scan")) {
                assertThat(role.allows(action, arn)).as(action + " on " + table).isFalse();
            }
        }
    }

    @Test
    void drillPolicy_restoresOurTablesBackups_intoScratchTablesOnly() {
        Role role = role(TABLES, "RestoreDrillPolicy");
        String scratch = tableArn(REGION, ACCOUNT, "backup-drill-notes-1764039600");

        assertThat(role.allows("dynamodb:RestoreTableFromBackup", backupArn(REGION, ACCOUNT, "notes"))).isTrue();
        assertThat(role.allows("dynamodb:RestoreTableFromBackup", backupArn(REGION, ACCOUNT, "other"))).isFalse();
        assertThat(role.allows("dynamodb:DescribeBackup", backupArn(REGION, ACCOUNT, "replies"))).isTrue();
        for (String action : List.of("dynamodb:RestoreTableFromBackup", "dynamodb:DescribeTable", "dynamodb:Scan",
                "dynamodb:PutItem", "dynamodb:DeleteTable")) {
            assertThat(role.allows(action, scratch)).as(action + " on the scratch table").isTrue();
        }
        assertThat(role.allows("dynamodb:DeleteTable", tableArn(REGION, "999999999999", "backup-drill-x"))).isFalse();
        assertThat(RestoreDrill.SCRATCH_PREFIX).isEqualTo("backup-drill-");
    }

    @Test
    void auditPolicy_allowsDescribeContinuousBackups_onlyOnTheConfiguredTables() {
        Role audit = policiesOnly(TABLES, "AuditPolicy");

        assertThat(audit.allows("dynamodb:DescribeContinuousBackups", tableArn(REGION, ACCOUNT, "notes"))).isTrue();
        assertThat(audit.allows("dynamodb:DescribeContinuousBackups", tableArn(REGION, ACCOUNT, "other"))).isFalse();
    }

    @Test
    void role_allowsListTablesAndListBackups_onWildcard() {
        Role role = role(TABLES);

        assertThat(role.allows("dynamodb:ListTables", "*")).isTrue();
        assertThat(role.allows("dynamodb:ListBackups", "*")).isTrue();
    }

    @Test
    void everyGrantOnWildcard_isAllowedInTheStacksRegionOnly() {
        Role role = role(TABLES, "RestoreDrillPolicy", "AuditPolicy");

        for (String action : List.of("dynamodb:ListTables", "dynamodb:ListBackups", "cloudformation:ListStacks")) {
            assertThat(role.allows(action, "*", REGION)).as(action + " in " + REGION).isTrue();
            assertThat(role.allows(action, "*", OTHER_REGION)).as(action + " in " + OTHER_REGION).isFalse();
        }
    }

    @Test
    void role_allowsCreateBackupAndDescribeTable_onlyOnConfiguredTables() {
        Role role = role(TABLES);

        for (String action : List.of("dynamodb:CreateBackup", "dynamodb:DescribeTable")) {
            assertThat(role.allows(action, tableArn(REGION, ACCOUNT, "notes"))).as(action).isTrue();
            assertThat(role.allows(action, tableArn(REGION, ACCOUNT, "replies"))).as(action).isTrue();
            assertThat(role.allows(action, tableArn(REGION, ACCOUNT, "orders"))).as(action).isFalse();
            assertThat(role.allows(action, tableArn(REGION, ACCOUNT, "notes2"))).as(action).isFalse();
            assertThat(role.allows(action, tableArn(OTHER_REGION, ACCOUNT, "notes"))).as(action).isFalse();
            assertThat(role.allows(action, tableArn(REGION, OTHER_ACCOUNT, "notes"))).as(action).isFalse();
            assertThat(role.allows(action, backupArn(REGION, ACCOUNT, "notes"))).as(action).isFalse();
        }
        assertThat(role.allows("dynamodb:DeleteTable", tableArn(REGION, ACCOUNT, "notes"))).isFalse();
        assertThat(role.allows("dynamodb:PutItem", tableArn(REGION, ACCOUNT, "notes"))).isFalse();
        assertThat(role.allows("dynamodb:RestoreTableFromBackup", backupArn(REGION, ACCOUNT, "notes"))).isFalse();
    }

    @Test
    void role_allowsDeleteBackup_onlyOnConfiguredTablesBackups() {
        Role role = role(TABLES);
        String action = "dynamodb:DeleteBackup";

        assertThat(role.allows(action, backupArn(REGION, ACCOUNT, "notes"))).isTrue();
        assertThat(role.allows(action, backupArn(REGION, ACCOUNT, "replies"))).isTrue();
        assertThat(role.allows(action, backupArn(REGION, ACCOUNT, "orders"))).isFalse();
        assertThat(role.allows(action, backupArn(OTHER_REGION, ACCOUNT, "notes"))).isFalse();
        assertThat(role.allows(action, backupArn(REGION, OTHER_ACCOUNT, "notes"))).isFalse();
        assertThat(role.allows(action, tableArn(REGION, ACCOUNT, "notes"))).isFalse();
    }

    @Test
    void role_tableScope_followsTableNames_includingPrefixes() {
        Role role = role(List.of("orders", "audit-*"));

        assertThat(role.allows("dynamodb:CreateBackup", tableArn(REGION, ACCOUNT, "orders"))).isTrue();
        assertThat(role.allows("dynamodb:CreateBackup", tableArn(REGION, ACCOUNT, "audit-2026"))).isTrue();
        assertThat(role.allows("dynamodb:DeleteBackup", backupArn(REGION, ACCOUNT, "audit-2026"))).isTrue();
        assertThat(role.allows("dynamodb:CreateBackup", tableArn(REGION, ACCOUNT, "notes"))).isFalse();
        assertThat(role.allows("dynamodb:CreateBackup", tableArn(REGION, ACCOUNT, "audit"))).isFalse();
        assertThat(role.allows("dynamodb:DeleteBackup", backupArn(REGION, ACCOUNT, "notes"))).isFalse();
    }

    // ---- the role as the evaluator sees it ------------------------------------------------------

    /** The function role's policies, resolved for the tables; the evaluator decides each request. */
    private record Role(IamEvaluator.Principal principal) {
        /** Whether the role may call the action on the resource, in the resource's region and account ({@code *}: the stack's). */
        boolean allows(String action, String resourceArn) {
            return resourceArn.equals("*") ? allows(action, resourceArn, REGION)
                    : decide(IamRequest.onArn(action, resourceArn, "BackupTemplateIamIT"));
        }

        /** As above, for an action on {@code *} called in {@code region}. */
        boolean allows(String action, String star, String region) {
            assertThat(star).isEqualTo("*");
            return decide(IamRequest.onAnyResource(action, region, ACCOUNT, "BackupTemplateIamIT"));
        }

        /**
         * The evaluator's answer. An action on a kind of resource it does not apply to (DeleteBackup on
         * a table) is an invalid request to the evaluator, and one IAM never allows: not allowed.
         * Any other error fails the test.
         */
        private boolean decide(IamRequest request) {
            IamEvaluator.Decision decision = IamEvaluator.evaluate(principal, List.of(request)).get(0);
            boolean notThisResourceType = decision.decision().equals("Error") && decision.errors().contains("no.resource.types");
            assertThat(decision.allowed() || decision.denied() || notThisResourceType).as("the evaluator decided " + decision).isTrue();
            return decision.allowed();
        }
    }

    /** The role's own inline policies plus the named AWS::IAM::Policy resources attached to it (e.g. the drill's). */
    private static Role role(List<String> tableNames, String... attachedPolicies) {
        Map<String, Object> resources = map(template.get("Resources"));
        Map<String, JsonNode> policies = new LinkedHashMap<>();
        IntrinsicEvaluator evaluator = evaluator(tableNames);
        Object inline = map(map(resources.get("BackupFunctionRole")).get("Properties")).get("Policies");
        for (Object policy : (List<?>) inline) {
            policies.put("inline:" + map(policy).get("PolicyName"), document(evaluator, map(policy).get("PolicyDocument")));
        }
        policies.putAll(attached(evaluator, attachedPolicies));
        return new Role(new IamEvaluator.Principal("BackupFunctionRole", ROLE_ARN, policies));
    }

    /** Only the named AWS::IAM::Policy resources, without the role's own policies. */
    private static Role policiesOnly(List<String> tableNames, String... policyIds) {
        return new Role(new IamEvaluator.Principal("BackupFunctionRole", ROLE_ARN, attached(evaluator(tableNames), policyIds)));
    }

    private static Map<String, JsonNode> attached(IntrinsicEvaluator evaluator, String... policyIds) {
        Map<String, JsonNode> policies = new LinkedHashMap<>();
        for (String id : policyIds) {
            Map<String, Object> resource = map(map(template.get("Resources")).get(id));
            assertThat(resource).as(id).containsEntry("Type", "AWS::IAM::Policy");
            policies.put(id, document(evaluator, map(resource.get("Properties")).get("PolicyDocument")));
        }
        return policies;
    }

    private static JsonNode document(IntrinsicEvaluator evaluator, Object policyDocument) {
        return JSON.valueToTree(evaluator.evaluate(policyDocument));
    }

    private static IntrinsicEvaluator evaluator(List<String> tableNames) {
        Map<String, Object> values = new HashMap<>(Map.of("AWS::Region", REGION, "AWS::AccountId", ACCOUNT,
                "AWS::Partition", "aws", "AWS::StackName", "notes-backup", "AWS::URLSuffix", "amazonaws.com"));
        values.put("TableNames", new ArrayList<>(tableNames));
        values.put("BackupLogGroup.Arn", LOG_GROUP_ARN);
        values.put(deadLetterQueueId() + ".Arn", DLQ_ARN);
        return new IntrinsicEvaluator(values);
    }

    private static String deadLetterQueueId() {
        List<String> queues = new ArrayList<>();
        map(template.get("Resources")).forEach((id, r) -> {
            if ("AWS::SQS::Queue".equals(map(r).get("Type"))) {
                queues.add(id);
            }
        });
        assertThat(queues).as("AWS::SQS::Queue resources").hasSize(1);
        return queues.get(0);
    }

    private static String tableArn(String region, String account, String table) {
        return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table;
    }

    private static String backupArn(String region, String account, String table) {
        return tableArn(region, account, table) + "/backup/01764039600000-1a2b3c4d";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
