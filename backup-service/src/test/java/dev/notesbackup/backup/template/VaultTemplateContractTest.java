package dev.notesbackup.backup.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.backup.metrics.EmbeddedMetrics;
import dev.notesbackup.backup.vault.VaultLayout;
import dev.notesbackup.backup.vault.watchdog.VaultTable;
import dev.notesbackup.backup.vault.watchdog.VaultWatchdogHandler;
import dev.notesbackup.backup.vault.watchdog.WatchdogConfig;
import dev.notesbackup.testsupport.CloudFormationYaml;
import dev.notesbackup.testsupport.IntrinsicEvaluator;
import dev.notesbackup.testsupport.LambdaJar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The vault stack's template (vault/template.yaml) against what the vault promises: a bucket whose
 * exports the app account cannot delete, re-lock or reconfigure, written only under the writer's
 * own account id, and a watchdog with only the rights its check needs. Intrinsic functions are
 * evaluated for sample parameter values, so the policies are read as CloudFormation resolves them.
 * What those policies allow is decided by the independent IAM evaluator in deploy-verification
 * (VaultBucketPolicyIamIT). moto enforces none of this (its CloudFormation does not even apply
 * Object Lock or versioning from a template), which is why it is proven here and there.
 * Set -Dvault.template=PATH to check another copy of the template.
 */
class VaultTemplateContractTest {
    static final String VAULT_ACCOUNT = "999999999999";
    static final String BUCKET = "notes-backup-vault-vaultbucket-1a2b3c";
    static final String BUCKET_ARN = "arn:aws:s3:::" + BUCKET;
    static final String KEY_ARN = "arn:aws:kms:us-east-1:" + VAULT_ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final List<String> BACKUP_ROLES = List.of("arn:aws:iam::111111111111:role/notes-backup-BackupFunctionRole-A1",
            "arn:aws:iam::222222222222:role/notes-backup-BackupFunctionRole-B2");
    static final List<String> RESTORERS = List.of("arn:aws:iam::111111111111:role/vault-restore");
    /** The writes an export makes (DynamoDB's documented S3 permissions for ExportTableToPointInTime). */
    static final Set<String> EXPORT_WRITES = Set.of("s3:PutObject", "s3:PutObjectAcl", "s3:AbortMultipartUpload");
    /** What the app account must never do to the vault. */
    static final List<String> DESTRUCTIVE = List.of("s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectRetention",
            "s3:PutObjectLegalHold", "s3:BypassGovernanceRetention", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy",
            "s3:PutBucketVersioning", "s3:PutBucketObjectLockConfiguration", "s3:PutLifecycleConfiguration",
            "s3:PutEncryptionConfiguration", "s3:PutBucketPublicAccessBlock", "s3:PutBucketOwnershipControls",
            "s3:PutBucketAcl", "s3:DeleteBucket");
    static final String OWN_PREFIX = BUCKET_ARN + "/${aws:PrincipalAccount}/*";

    static final String TOPIC_ARN = "arn:aws:sns:us-east-1:" + VAULT_ACCOUNT + ":notes-backup-vault-WatchdogTopic-X";
    static final Map<String, Object> template =
            CloudFormationYaml.load(CloudFormationYaml.templateFile("vault.template", "vault/template.yaml"));

    /** The template as CloudFormation resolves it for these parameters (the rest at their defaults). */
    static Map<String, Object> resolved(Map<String, Object> parameters) {
        Map<String, Object> values = new HashMap<>(Map.of("AWS::Region", "us-east-1", "AWS::AccountId", VAULT_ACCOUNT,
                "AWS::Partition", "aws", "AWS::StackName", "notes-backup-vault", "VaultBucket", BUCKET,
                "VaultBucket.Arn", BUCKET_ARN, "VaultKey.Arn", KEY_ARN,
                "WatchdogTopic", TOPIC_ARN,
                "WatchdogLogGroup.Arn", "arn:aws:logs:us-east-1:" + VAULT_ACCOUNT + ":log-group:/aws/lambda/w:*",
                "WatchdogRole.Arn", "arn:aws:iam::" + VAULT_ACCOUNT + ":role/w"));
        values.putAll(Map.of("WatchdogFunction", "notes-backup-vault-WatchdogFunction-X",
                "WatchdogFunction.Arn", "arn:aws:lambda:us-east-1:" + VAULT_ACCOUNT + ":function:notes-backup-vault-WatchdogFunction-X",
                "WatchdogScheduleRule.Arn", "arn:aws:events:us-east-1:" + VAULT_ACCOUNT + ":rule/w", "WatchdogLogGroup", "w", "WatchdogRole", "w",
                "VaultKey", KEY_ARN.substring(KEY_ARN.indexOf('/') + 1)));
        map(template.get("Parameters")).forEach((name, declaration) -> {
            Object fallback = map(declaration).get("Default");
            if (fallback != null) {
                values.put(name, "CommaDelimitedList".equals(map(declaration).get("Type"))
                        ? List.of(String.valueOf(fallback).split(",", -1)) : String.valueOf(fallback));
            }
        });
        values.put("BackupRoleArns", BACKUP_ROLES);
        values.putAll(parameters);
        return map(new IntrinsicEvaluator(values).withConditions(map(template.get("Conditions"))).evaluate(template));
    }

    static final Map<String, Object> DEFAULTS = resolved(Map.of());

    // ---- the bucket -----------------------------------------------------------------------------

    @Test
    void bucket_isRetained_versioned_andObjectLocked_withTheParametersRetention() {
        Map<String, Object> bucket = resource(template, "VaultBucket");
        assertThat(bucket).containsEntry("Type", "AWS::S3::Bucket")
                .containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
        Map<String, Object> props = properties(bucket);
        assertThat(props).containsEntry("ObjectLockEnabled", true);
        assertThat(path(props, "VersioningConfiguration", "Status")).isEqualTo("Enabled");
        assertThat(path(props, "ObjectLockConfiguration", "ObjectLockEnabled")).isEqualTo("Enabled");
        assertThat(path(props, "ObjectLockConfiguration", "Rule", "DefaultRetention"))
                .isEqualTo(Map.of("Mode", Map.of("Ref", "LockMode"), "Days", Map.of("Ref", "LockDays")));
        assertThat(parameter("LockMode")).containsEntry("AllowedValues", List.of("GOVERNANCE", "COMPLIANCE"));
        assertThat((String) parameter("LockMode").get("Description"))
                .contains("nobody", "root user included", "cannot be deleted while locked versions remain");
        assertThat(parameter("LockDays")).containsEntry("Type", "Number").containsEntry("MinValue", 1);
    }

    @Test
    void bucket_blocksAllPublicAccess_andOwnsEveryObject() {
        Map<String, Object> props = properties(resource(template, "VaultBucket"));

        assertThat(map(props.get("PublicAccessBlockConfiguration"))).isEqualTo(Map.of("BlockPublicAcls", true,
                "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
        assertThat(path(props, "OwnershipControls", "Rules")).isEqualTo(List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced")));
    }

    @Test
    void encryption_isSseS3ByDefault_andTheVaultsOwnRetainedKmsKeyWhenAsked() {
        assertThat(parameter("Encryption")).containsEntry("Default", "SSE-S3");
        assertThat(path(properties(resource(DEFAULTS, "VaultBucket")), "BucketEncryption", "ServerSideEncryptionConfiguration"))
                .isEqualTo(List.of(Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256"))));

        Map<String, Object> kms = resolved(Map.of("Encryption", "SSE-KMS"));
        assertThat(path(properties(resource(kms, "VaultBucket")), "BucketEncryption", "ServerSideEncryptionConfiguration"))
                .isEqualTo(List.of(Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "aws:kms", "KMSMasterKeyID", KEY_ARN),
                        "BucketKeyEnabled", "true")));
        assertThat(resource(template, "VaultKey")).containsEntry("Condition", "UseKms")
                .containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
    }

    @Test
    void keyPolicy_vaultAccountAdministers_appRolesOnlyUseItThroughS3() {
        List<Map<String, Object>> statements = statements(path(properties(resource(
                resolved(Map.of("Encryption", "SSE-KMS", "RestorePrincipalArns", RESTORERS)), "VaultKey")), "KeyPolicy"));

        assertThat(statements).filteredOn(s -> strings(s.get("Action")).contains("kms:*")).singleElement()
                .satisfies(s -> assertThat(path(s, "Principal", "AWS")).isEqualTo("arn:aws:iam::" + VAULT_ACCOUNT + ":root"));
        for (Map<String, Object> statement : statements) {
            List<String> principals = awsPrincipals(statement);
            if (principals.stream().anyMatch(p -> !p.startsWith("arn:aws:iam::" + VAULT_ACCOUNT + ":"))) {
                assertThat(statement.get("Effect")).isEqualTo("Allow");
                assertThat(strings(statement.get("Action"))).as("app principals' key rights")
                        .isSubsetOf("kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt");
                assertThat(path(statement, "Condition", "StringEquals", "kms:ViaService")).isEqualTo("s3.us-east-1.amazonaws.com");
            }
        }
        assertThat(statements).filteredOn(s -> awsPrincipals(s).equals(RESTORERS)).singleElement()
                .satisfies(s -> assertThat(strings(s.get("Action"))).containsExactly("kms:Decrypt"));
    }

    @Test
    void lifecycle_removesVersionsOnlyAfterTheirLock_andAbortsIncompleteUploads() {
        List<Object> rules = list(path(properties(resource(template, "VaultBucket")), "LifecycleConfiguration", "Rules"));
        assertThat(rules).allSatisfy(rule -> assertThat(map(rule)).containsEntry("Status", "Enabled"));

        Map<String, Object> expiry = rules.stream().map(VaultTemplateContractTest::map).filter(r -> r.containsKey("ExpirationInDays"))
                .findFirst().orElseThrow();
        assertThat(expiry.get("ExpirationInDays")).as("current versions expire when their lock of LockDays ends, not sooner")
                .isEqualTo(Map.of("Ref", "LockDays"));
        assertThat(path(expiry, "NoncurrentVersionExpiration", "NoncurrentDays")).isEqualTo(1);
        assertThat(((Number) path(expiry, "AbortIncompleteMultipartUpload", "DaysAfterInitiation")).intValue()).isBetween(1, 30);
        assertThat(rules).anySatisfy(rule -> assertThat(map(rule)).containsEntry("ExpiredObjectDeleteMarker", true));
        assertThat(rules).allSatisfy(rule -> assertThat(map(rule)).doesNotContainKeys("ExpirationDate", "Transitions",
                "NoncurrentVersionTransitions"));
    }

    // ---- the bucket policy ----------------------------------------------------------------------

    @Test
    void policy_deniesEveryRequestWithoutTls() {
        assertThat(bucketPolicy(DEFAULTS)).anySatisfy(s -> {
            assertThat(s).containsEntry("Effect", "Deny").containsEntry("Principal", "*").containsEntry("Action", "s3:*");
            assertThat(strings(s.get("Resource"))).containsExactlyInAnyOrder(BUCKET_ARN, BUCKET_ARN + "/*");
            assertThat(s.get("Condition")).isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        });
    }

    @Test
    void policy_allowsOnlyTheListedBackupRoles_toWriteAnExport_onlyUnderTheirOwnAccountId() {
        List<Map<String, Object>> allows = bucketPolicy(DEFAULTS).stream().filter(s -> "Allow".equals(s.get("Effect"))).toList();

        assertThat(allows).singleElement().satisfies(s -> {
            assertThat(awsPrincipals(s)).isEqualTo(BACKUP_ROLES);
            assertThat(strings(s.get("Action"))).containsExactlyInAnyOrderElementsOf(EXPORT_WRITES);
            assertThat(strings(s.get("Resource"))).containsExactly(OWN_PREFIX);
            assertThat(s).doesNotContainKeys("NotPrincipal", "NotAction", "NotResource", "Condition");
        });
        assertThat(parameter("BackupRoleArns")).containsEntry("Type", "CommaDelimitedList").doesNotContainKey("Default");
    }

    @Test
    void policy_deniesTheAppPrincipalsEveryDestructiveOrControllingAction_andWritesOutsideTheirPrefix() {
        for (Map<String, Object> resolved : List.of(DEFAULTS, resolved(Map.of("RestorePrincipalArns", RESTORERS)))) {
            List<Map<String, Object>> denies = bucketPolicy(resolved).stream()
                    .filter(s -> "Deny".equals(s.get("Effect")) && s.get("Principal") instanceof Map).toList();
            List<String> appPrincipals = new ArrayList<>(BACKUP_ROLES);
            if (resolved != DEFAULTS) {
                appPrincipals.addAll(RESTORERS);
            }
            for (String action : DESTRUCTIVE) {
                assertThat(denies).as(action).anySatisfy(s -> {
                    assertThat(awsPrincipals(s)).containsAll(appPrincipals);
                    assertThat(strings(s.get("Action"))).anyMatch(pattern -> matches(pattern, action));
                    assertThat(strings(s.get("Resource"))).containsExactlyInAnyOrder(BUCKET_ARN, BUCKET_ARN + "/*");
                    assertThat(s).doesNotContainKey("Condition");
                });
            }
            assertThat(denies).anySatisfy(s -> {
                assertThat(awsPrincipals(s)).isEqualTo(BACKUP_ROLES);
                assertThat(strings(s.get("Action"))).containsExactlyInAnyOrderElementsOf(EXPORT_WRITES);
                assertThat(strings(s.get("NotResource"))).containsExactly(OWN_PREFIX);
            });
        }
    }

    @Test
    void restorePrincipals_areOptional_andMayOnlyRead() {
        assertThat(parameter("RestorePrincipalArns")).containsEntry("Default", "");
        assertThat(bucketPolicy(DEFAULTS)).noneMatch(s -> awsPrincipals(s).containsAll(RESTORERS));

        List<Map<String, Object>> allows = bucketPolicy(resolved(Map.of("RestorePrincipalArns", RESTORERS))).stream()
                .filter(s -> "Allow".equals(s.get("Effect"))).toList();
        assertThat(allows).hasSize(2).filteredOn(s -> awsPrincipals(s).equals(RESTORERS)).singleElement()
                .satisfies(s -> {
                    assertThat(strings(s.get("Action"))).containsExactlyInAnyOrder("s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket");
                    assertThat(strings(s.get("Resource"))).containsExactlyInAnyOrder(BUCKET_ARN, BUCKET_ARN + "/*");
                });
    }

    @Test
    void policy_grantsNothingToEveryone() {
        assertThat(bucketPolicy(resolved(Map.of("RestorePrincipalArns", RESTORERS))))
                .filteredOn(s -> "Allow".equals(s.get("Effect")))
                .allSatisfy(s -> assertThat(awsPrincipals(s)).isNotEmpty().noneMatch(p -> p.contains("*")));
    }

    // ---- the watchdog ---------------------------------------------------------------------------

    @Test
    void watchdog_runsJava21FromTheBackupJar_withPinnedJsonLogs() {
        Map<String, Object> function = properties(resource(template, "WatchdogFunction"));

        assertThat(function).containsEntry("Runtime", "java21")
                .containsEntry("Handler", VaultWatchdogHandler.class.getName() + "::handleRequest")
                .as("relative to vault/, the jar LambdaJar.BACKUP names").containsEntry("CodeUri", "../" + LambdaJar.BACKUP.inProject())
                .containsEntry("Role", Map.of("Fn::GetAtt", List.of("WatchdogRole", "Arn")));
        assertThat(map(function.get("LoggingConfig"))).containsEntry("LogFormat", "JSON")
                .containsEntry("ApplicationLogLevel", "INFO").containsEntry("SystemLogLevel", "INFO")
                .containsEntry("LogGroup", Map.of("Ref", "WatchdogLogGroup"));
        assertThat(properties(resource(template, "WatchdogScheduleRule")))
                .containsEntry("ScheduleExpression", Map.of("Ref", "WatchdogSchedule"));
        assertThat(parameter("WatchdogSchedule")).containsEntry("Default", "rate(1 hour)");
    }

    @Test
    void watchdogEnvironment_isReadByWatchdogConfig_asTheParametersSay() {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, Object> resolved = resolved(Map.of("MaxExportAgeHours", "48",
                "ExpectedTables", List.of("111111111111/notes", "222222222222/replies")));
        map(path(properties(resource(resolved, "WatchdogFunction")), "Environment", "Variables"))
                .forEach((k, v) -> env.put(k, (String) v));

        WatchdogConfig config = WatchdogConfig.fromEnvironment(env);

        assertThat(env.keySet()).containsExactlyInAnyOrder(WatchdogConfig.BUCKET, WatchdogConfig.TOPIC_ARN,
                WatchdogConfig.MAX_EXPORT_AGE_HOURS, WatchdogConfig.EXPECTED_TABLES);
        assertThat(config.bucket()).isEqualTo(BUCKET);
        assertThat(config.maxExportAge()).isEqualTo(Duration.ofHours(48));
        assertThat(config.expectedTables()).containsExactlyInAnyOrder(VaultTable.parse("111111111111/notes"),
                VaultTable.parse("222222222222/replies"));
        assertThat(map(path(properties(resource(DEFAULTS, "WatchdogFunction")), "Environment", "Variables")))
                .as("no ExpectedTables: the variable is left unset, which WatchdogConfig reads as none")
                .doesNotContainKey(WatchdogConfig.EXPECTED_TABLES);
        assertThat(WatchdogConfig.fromEnvironment(Map.of(WatchdogConfig.BUCKET, BUCKET, WatchdogConfig.TOPIC_ARN,
                (String) map(path(properties(resource(DEFAULTS, "WatchdogFunction")), "Environment", "Variables"))
                        .get(WatchdogConfig.TOPIC_ARN))).maxExportAge())
                .isEqualTo(Duration.ofHours(Long.parseLong(String.valueOf(parameter("MaxExportAgeHours").get("Default")))));
    }

    @Test
    void watchdogRole_listsTheBucket_readsOnlyCompletionFiles_andPublishesToItsTopic() {
        Map<String, Object> kms = resolved(Map.of("Encryption", "SSE-KMS"));
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : list(properties(resource(kms, "WatchdogRole")).get("Policies"))) {
            statements.addAll(statements(map(policy).get("PolicyDocument")));
        }
        Map<String, Object> kmsPolicy = resource(template, "WatchdogKmsPolicy");
        assertThat(kmsPolicy).containsEntry("Condition", "UseKms");
        assertThat(properties(kmsPolicy)).containsEntry("Roles", List.of(Map.of("Ref", "WatchdogRole")));
        statements.addAll(statements(properties(resource(kms, "WatchdogKmsPolicy")).get("PolicyDocument")));
        Map<String, List<String>> resourcesByAction = new LinkedHashMap<>();
        statements.forEach(s -> {
            assertThat(s).containsEntry("Effect", "Allow").doesNotContainKeys("NotAction", "NotResource");
            strings(s.get("Action")).forEach(a -> resourcesByAction.computeIfAbsent(a, x -> new ArrayList<>()).addAll(strings(s.get("Resource"))));
        });

        assertThat(resourcesByAction).containsOnlyKeys("s3:ListBucket", "s3:GetObject", "sns:Publish", "logs:CreateLogStream",
                "logs:PutLogEvents", "kms:Decrypt");
        assertThat(resourcesByAction.get("s3:ListBucket")).containsExactly(BUCKET_ARN);
        assertThat(resourcesByAction.get("s3:GetObject")).containsExactlyInAnyOrder(BUCKET_ARN + "/*/" + VaultLayout.COMPLETION_FILE,
                BUCKET_ARN + "/*/" + VaultLayout.AWS_MANIFEST_SUMMARY);
        assertThat(resourcesByAction.get("sns:Publish")).containsExactly(TOPIC_ARN);
        assertThat(resourcesByAction.get("kms:Decrypt")).containsExactly(KEY_ARN);
        assertThat(properties(resource(DEFAULTS, "WatchdogRole")).toString()).doesNotContain("kms:");
        assertThat(map(template.get("Resources"))).allSatisfy((id, r) -> {
            if ("AWS::IAM::Policy".equals(map(r).get("Type"))) {
                assertThat(id).isEqualTo("WatchdogKmsPolicy");
            }
        });
    }

    @Test
    void alarms_onTheWatchdogsErrors_andOnStaleOrMissingReports() {
        Map<String, Object> errors = alarm("AWS/Lambda", "Errors");
        assertThat(errors.get("Dimensions")).isEqualTo(List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", "WatchdogFunction"))));
        assertThat(errors).containsEntry("Threshold", 1).containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold");

        Map<String, Object> stale = alarm(EmbeddedMetrics.NAMESPACE, EmbeddedMetrics.VAULT_STALE_TABLES);
        assertThat(stale).doesNotContainKey("Dimensions").containsEntry("Statistic", "Maximum")
                .containsEntry("Threshold", 1).containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
                .as("a watchdog that stopped reporting must alarm").containsEntry("TreatMissingData", "breaching");
        for (Map<String, Object> alarm : List.of(errors, stale)) {
            assertThat(alarm.get("AlarmActions")).isEqualTo(List.of(Map.of("Ref", "WatchdogTopic")));
        }
        Map<String, Object> subscription = resource(template, "WatchdogEmailSubscription");
        assertThat(subscription).containsEntry("Condition", "HasAlarmEmail");
        assertThat(properties(subscription)).containsEntry("Endpoint", Map.of("Ref", "AlarmEmail")).containsEntry("Protocol", "email");
        assertThat(parameter("AlarmEmail")).containsEntry("Default", "");
    }

    @Test
    void template_isSam_withTheVaultsProjectIdentity_andTagsIt() {
        assertThat(template).containsEntry("Transform", "AWS::Serverless-2016-10-31");
        assertThat(map(template.get("Metadata"))).containsEntry("ProjectIdentity", "notes-backup/vault-stack");
        for (String id : List.of("VaultBucket", "WatchdogRole", "WatchdogTopic")) {
            assertThat(list(properties(resource(template, id)).get("Tags"))).as(id)
                    .containsExactly(Map.of("Key", "project", "Value", "notes-backup/vault-stack"));
        }
        assertThat(properties(resource(template, "WatchdogFunction")).get("Tags")).isEqualTo(Map.of("project", "notes-backup/vault-stack"));
    }

    // ---- access -------------------------------------------------------------------------------

    /** An IAM action pattern ({@code s3:PutBucket*}) matches the action, case-insensitively as IAM does. */
    static boolean matches(String pattern, String action) {
        return Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"), Pattern.CASE_INSENSITIVE).matcher(action).matches();
    }

    static List<Map<String, Object>> bucketPolicy(Map<String, Object> resolved) {
        return statements(path(properties(resource(resolved, "VaultBucketPolicy")), "PolicyDocument"));
    }

    /** The statement's AWS principals; none for {@code Principal: "*"}. */
    static List<String> awsPrincipals(Map<String, Object> statement) {
        return statement.get("Principal") instanceof Map<?, ?> principal ? strings(principal.get("AWS")) : List.of();
    }

    static List<Map<String, Object>> statements(Object document) {
        List<Map<String, Object>> statements = new ArrayList<>();
        list(map(document).get("Statement")).forEach(s -> statements.add(map(s)));
        return statements;
    }

    static Map<String, Object> alarm(String namespace, String metric) {
        List<Map<String, Object>> alarms = map(template.get("Resources")).values().stream().map(VaultTemplateContractTest::map)
                .filter(r -> "AWS::CloudWatch::Alarm".equals(r.get("Type"))).map(VaultTemplateContractTest::properties)
                .filter(p -> namespace.equals(p.get("Namespace")) && metric.equals(p.get("MetricName"))).toList();
        assertThat(alarms).as("alarm on " + namespace + " " + metric).hasSize(1);
        return alarms.get(0);
    }

    static Map<String, Object> parameter(String name) {
        return map(map(template.get("Parameters")).get(name));
    }

    static Map<String, Object> resource(Map<String, Object> t, String id) {
        assertThat(map(t.get("Resources"))).containsKey(id);
        return map(map(t.get("Resources")).get(id));
    }

    static Map<String, Object> properties(Map<String, Object> resource) {
        return map(resource.get("Properties"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    static Object path(Object node, Object... steps) {
        Object current = node;
        for (Object step : steps) {
            current = step instanceof Integer i ? list(current).get(i) : map(current).get(step);
        }
        return current;
    }

    static List<String> strings(Object value) {
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof List<?> items && items.stream().allMatch(String.class::isInstance)) {
            return items.stream().map(String.class::cast).toList();
        }
        return List.of();
    }
}
