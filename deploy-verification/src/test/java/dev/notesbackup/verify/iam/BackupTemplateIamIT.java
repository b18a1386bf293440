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
 * for sample parameter values: the role's inline policies, with the restore drill's, the audit's
 * and the vault export's policies where those are on. (The template's structure is checked by backup-service's
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
    private static final String FUNCTION_NAME = "notes-backup-BackupFunction-X1";
    private static final String VAULT_BUCKET = "notes-backup-vault";
    private static final String VAULT_ACCOUNT = "222222222222";
    private static final String VAULT_KEY = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    /** The vault parameters of the role() calls: on, with the account's id as its folder, and a KMS key. */
    private static final Map<String, String> VAULT_ON = Map.of("VaultBucket", VAULT_BUCKET, "VaultAccountId", VAULT_ACCOUNT,
            "VaultPrefix", "", "VaultKmsKeyArn", VAULT_KEY);

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

    // ---- the continuation ------------------------------------------------------------------------

    @Test
    void continuationPolicy_invokesTheFunctionItself_unqualifiedOrQualified() {
        Role role = role(TABLES, "ContinuationPolicy");

        assertThat(role.allows("lambda:InvokeFunction", functionArn(REGION, ACCOUNT, FUNCTION_NAME))).as("unqualified").isTrue();
        for (String qualifier : List.of("$LATEST", "7", "live")) {
            assertThat(role.allows("lambda:InvokeFunction", functionArn(REGION, ACCOUNT, FUNCTION_NAME) + ":" + qualifier))
                    .as("qualified by " + qualifier).isTrue();
        }
    }

    @Test
    void continuationPolicy_invokesNoOtherFunction_norItselfElsewhere_norAnythingElseOfLambda() {
        Role role = role(TABLES, "ContinuationPolicy");

        for (String other : List.of(functionArn(REGION, ACCOUNT, "notes-api-NotesApiFunction-X1"),
                functionArn(REGION, ACCOUNT, FUNCTION_NAME + "2"), functionArn(REGION, ACCOUNT, FUNCTION_NAME + "-other:live"),
                functionArn(REGION, ACCOUNT, "notes-backup-BackupFunction-X"),
                functionArn(REGION, OTHER_ACCOUNT, FUNCTION_NAME), functionArn(REGION, OTHER_ACCOUNT, FUNCTION_NAME) + ":$LATEST",
                functionArn(OTHER_REGION, ACCOUNT, FUNCTION_NAME), functionArn(OTHER_REGION, ACCOUNT, FUNCTION_NAME) + ":live")) {
            assertThat(role.allows("lambda:InvokeFunction", other)).as("invoking " + other).isFalse();
        }
        String own = functionArn(REGION, ACCOUNT, FUNCTION_NAME);
        for (String action : List.of("lambda:InvokeAsync", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration",
                "lambda:AddPermission", "lambda:DeleteFunction", "lambda:PutFunctionEventInvokeConfig")) {
            assertThat(role.allows(action, own)).as(action + " on the function itself").isFalse();
        }
    }

    @Test
    void continuationPolicy_existsUnlessOneInvocationPerSlot_andTheBoundReachesTheFunction() {
        assertThat(map(template.get("Parameters")).get("MaxInvocationsPerSlot")).isEqualTo(Map.of("Type", "Number",
                "Default", 4, "MinValue", 1, "MaxValue", 20, "Description", map(map(template.get("Parameters"))
                        .get("MaxInvocationsPerSlot")).get("Description")));
        assertThat(evaluator(TABLES, Map.of()).evaluateBoolean(Map.of("Condition", "ContinuationsOn"))).as("on by default").isTrue();
        assertThat(evaluator(TABLES, Map.of("MaxInvocationsPerSlot", "1")).evaluateBoolean(Map.of("Condition", "ContinuationsOn")))
                .as("one invocation per slot: nothing to continue, no permission").isFalse();
        Map<String, Object> function = map(map(map(template.get("Resources")).get("BackupFunction")).get("Properties"));
        assertThat(evaluator(TABLES, Map.of("MaxInvocationsPerSlot", "6")).evaluate(map(function.get("Environment")).get("Variables")))
                .isInstanceOf(Map.class).extracting(v -> map(v).get("BACKUP_MAX_INVOCATIONS")).isEqualTo("6");
    }

    private static String functionArn(String region, String account, String name) {
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
    }

    // ---- the vault export ------------------------------------------------------------------------

    @Test
    void vaultPolicy_exportsOnlyTheConfiguredTables_andReadsOnlyTheirExports() {
        Role role = role(TABLES, VAULT_ON, "VaultExportPolicy");

        for (String table : TABLES) {
            for (String action : List.of("dynamodb:ExportTableToPointInTime", "dynamodb:ListExports", "dynamodb:DescribeTimeToLive",
                    "dynamodb:DescribeContinuousBackups", "dynamodb:ListTagsOfResource")) {
                assertThat(role.allows(action, tableArn(REGION, ACCOUNT, table))).as(action + " on " + table).isTrue();
            }
            assertThat(role.allows("dynamodb:DescribeExport", exportArn(REGION, ACCOUNT, table))).isTrue();
        }
        for (String other : List.of(tableArn(REGION, ACCOUNT, "orders"), tableArn(REGION, ACCOUNT, "notes2"),
                tableArn(OTHER_REGION, ACCOUNT, "notes"), tableArn(REGION, OTHER_ACCOUNT, "notes"))) {
            assertThat(role.allows("dynamodb:ExportTableToPointInTime", other)).as("export of " + other).isFalse();
        }
        assertThat(role.allows("dynamodb:DescribeExport", exportArn(REGION, ACCOUNT, "orders"))).isFalse();
        assertThat(role.allows("dynamodb:DescribeExport", exportArn(REGION, OTHER_ACCOUNT, "notes"))).isFalse();
        assertThat(role.allows("dynamodb:ListExports", tableArn(REGION, ACCOUNT, "notes"))).as("asked by TableArn").isTrue();
        assertThat(role.allows("dynamodb:ListExports", tableArn(REGION, ACCOUNT, "orders"))).isFalse();
        assertThat(role.allows("dynamodb:ImportTable", tableArn(REGION, ACCOUNT, "notes"))).isFalse();
        assertThat(role(List.of("audit-*"), VAULT_ON, "VaultExportPolicy")
                .allows("dynamodb:ExportTableToPointInTime", tableArn(REGION, ACCOUNT, "audit-2026"))).as("a prefix entry").isTrue();
    }

    @Test
    void vaultPolicy_writesOnlyUnderTheAccountsOwnFolder_ofTheVaultAccountsBucket() {
        Role role = role(TABLES, VAULT_ON, "VaultExportPolicy");
        String ours = vaultObject(ACCOUNT + "/notes/20261201T030000Z/restore-manifest.json");

        for (String action : List.of("s3:PutObject", "s3:PutObjectAcl", "s3:AbortMultipartUpload")) {
            assertThat(role.allowsOn(action, ours, VAULT_ACCOUNT)).as(action).isTrue();
            assertThat(role.allowsOn(action, ours, OTHER_ACCOUNT)).as(action + " into a bucket another account owns").isFalse();
        }
        for (String outside : List.of(vaultObject(OTHER_ACCOUNT + "/notes/x.json"), vaultObject("notes/x.json"),
                vaultObject(ACCOUNT + "0/notes/x.json"), "arn:aws:s3:::another-bucket/" + ACCOUNT + "/notes/x.json")) {
            assertThat(role.allowsOn("s3:PutObject", outside, VAULT_ACCOUNT)).as("a write to " + outside).isFalse();
        }

        Role team = role(TABLES, Map.of("VaultBucket", VAULT_BUCKET, "VaultAccountId", VAULT_ACCOUNT, "VaultPrefix", "team-a/app",
                "VaultKmsKeyArn", ""), "VaultExportPolicy");
        assertThat(team.allowsOn("s3:PutObject", vaultObject("team-a/app/notes/x.json"), VAULT_ACCOUNT)).isTrue();
        assertThat(team.allowsOn("s3:PutObject", ours, VAULT_ACCOUNT)).as("VaultPrefix replaces the account's folder").isFalse();
    }

    @Test
    void vaultPolicies_cannotDeleteReadOrUnlockAnything_inTheVault() {
        Role role = role(TABLES, VAULT_ON, "VaultExportPolicy", "VaultKmsPolicy");
        String ours = vaultObject(ACCOUNT + "/notes/20261201T030000Z/restore-manifest.json");

        for (String action : List.of("s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectRetention", "s3:PutObjectLegalHold",
                "s3:BypassGovernanceRetention", "s3:GetObject", "s3:GetObjectVersion", "s3:PutObjectTagging")) {
            assertThat(role.allowsOn(action, ours, VAULT_ACCOUNT)).as(action).isFalse();
        }
        for (String action : List.of("s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutLifecycleConfiguration",
                "s3:PutBucketObjectLockConfiguration", "s3:PutBucketVersioning", "s3:DeleteBucket", "s3:ListBucket")) {
            assertThat(role.allowsOn(action, "arn:aws:s3:::" + VAULT_BUCKET, VAULT_ACCOUNT)).as(action).isFalse();
        }
        for (String action : List.of("kms:Decrypt", "kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:DisableKey")) {
            assertThat(role.allows(action, VAULT_KEY)).as(action).isFalse();
        }
    }

    @Test
    void vaultKmsPolicy_encryptsWithTheVaultsKeyOnly() {
        Role role = role(TABLES, VAULT_ON, "VaultKmsPolicy");

        assertThat(role.allows("kms:GenerateDataKey", VAULT_KEY)).isTrue();
        assertThat(role.allows("kms:Encrypt", VAULT_KEY)).isTrue();
        assertThat(role.allows("kms:GenerateDataKey", VAULT_KEY.replace("1234abcd", "9999abcd"))).isFalse();
        IntrinsicEvaluator withoutKey = evaluator(TABLES, Map.of("VaultBucket", VAULT_BUCKET, "VaultAccountId", VAULT_ACCOUNT,
                "VaultPrefix", "", "VaultKmsKeyArn", ""));
        assertThat(withoutKey.evaluateBoolean(Map.of("Condition", "VaultKmsOn"))).as("no key, no KMS policy").isFalse();
        assertThat(evaluator(TABLES, Map.of()).evaluateBoolean(Map.of("Condition", "VaultOn"))).as("off by default").isFalse();
    }

    private static String vaultObject(String key) {
        return "arn:aws:s3:::" + VAULT_BUCKET + "/" + key;
    }

    private static String exportArn(String region, String account, String table) {
        return tableArn(region, account, table) + "/export/01764039600000-1a2b3c4d";
    }

    // ---- the role as the evaluator sees it ------------------------------------------------------

    /** The function role's policies, resolved for the tables; the evaluator decides each request. */
    private record Role(IamEvaluator.Principal principal) {
        /** Whether the role may call the action on the resource, in the resource's region and account ({@code *}: the stack's). */
        boolean allows(String action, String resourceArn) {
            return resourceArn.equals("*") ? allows(action, resourceArn, REGION)
                    : decide(IamRequest.onArn(action, resourceArn, "BackupTemplateIamIT"));
        }

        /** For an S3 ARN, which names no account: the bucket's owner is {@code owner} ({@code aws:ResourceAccount}). */
        boolean allowsOn(String action, String s3Arn, String owner) {
            return decide(new IamRequest(action, s3Arn, REGION, owner, "BackupTemplateIamIT"));
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
            IamEvaluator.Decision decision = IamEvaluator.evaluate(principal, List.of(request),
                    OpenVaultPolicies.forRole(principal.arn())).get(0);
            boolean notThisResourceType = decision.decision().equals("Error") && decision.errors().contains("no.resource.types");
            assertThat(decision.allowed() || decision.denied() || notThisResourceType).as("the evaluator decided " + decision).isTrue();
            return decision.allowed();
        }
    }

    /** The role's own inline policies plus the named AWS::IAM::Policy resources attached to it (e.g. the drill's). */
    private static Role role(List<String> tableNames, String... attachedPolicies) {
        return role(tableNames, Map.of(), attachedPolicies);
    }

    /** As above, with these parameter values (the others take the template's defaults). */
    private static Role role(List<String> tableNames, Map<String, String> parameters, String... attachedPolicies) {
        Map<String, Object> resources = map(template.get("Resources"));
        Map<String, JsonNode> policies = new LinkedHashMap<>();
        IntrinsicEvaluator evaluator = evaluator(tableNames, parameters);
        Object inline = map(map(resources.get("BackupFunctionRole")).get("Properties")).get("Policies");
        for (Object policy : (List<?>) inline) {
            policies.put("inline:" + map(policy).get("PolicyName"), document(evaluator, map(policy).get("PolicyDocument")));
        }
        policies.putAll(attached(evaluator, attachedPolicies));
        return new Role(new IamEvaluator.Principal("BackupFunctionRole", ROLE_ARN, policies));
    }

    /** Only the named AWS::IAM::Policy resources, without the role's own policies. */
    private static Role policiesOnly(List<String> tableNames, String... policyIds) {
        return new Role(new IamEvaluator.Principal("BackupFunctionRole", ROLE_ARN, attached(evaluator(tableNames, Map.of()), policyIds)));
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

    private static IntrinsicEvaluator evaluator(List<String> tableNames, Map<String, String> parameters) {
        Map<String, Object> values = new HashMap<>(Map.of("AWS::Region", REGION, "AWS::AccountId", ACCOUNT,
                "AWS::Partition", "aws", "AWS::StackName", "notes-backup", "AWS::URLSuffix", "amazonaws.com"));
        map(template.get("Parameters")).forEach((name, declaration) -> {
            Object fallback = map(declaration).get("Default");
            if (fallback != null) {
                values.put(name, String.valueOf(fallback));
            }
        });
        values.putAll(parameters);
        values.put("TableNames", new ArrayList<>(tableNames));
        values.put("BackupLogGroup.Arn", LOG_GROUP_ARN);
        values.put(deadLetterQueueId() + ".Arn", DLQ_ARN);
        values.put("BackupFunction.Arn", functionArn(REGION, ACCOUNT, FUNCTION_NAME));
        return new IntrinsicEvaluator(values, map(template.get("Conditions")));
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
