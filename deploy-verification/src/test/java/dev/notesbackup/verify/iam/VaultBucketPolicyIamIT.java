package dev.notesbackup.verify.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.backup.vault.VaultLayout;
import dev.notesbackup.testsupport.CloudFormationYaml;
import dev.notesbackup.testsupport.IntrinsicEvaluator;
import dev.notesbackup.testsupport.Samconfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * What the vault's bucket policy and key policy (vault/template.yaml, resolved as CloudFormation
 * resolves them with samconfig.toml's vault parameters) allow, decided by the independent IAM
 * evaluator ({@link IamEvaluator}, iam-simulate) for requests from other accounts, as AWS decides
 * them: the caller's identity policy and the resource's policy must both allow a cross-account
 * request, and an explicit deny in either wins. Every app principal here has an identity policy
 * allowing s3:* and kms:* on everything, so whatever is denied is denied by the vault's policies.
 *
 * <p>iam-simulate evaluates the policy variable {@code ${aws:PrincipalAccount}} in Resource and
 * NotResource from the request context (which AWS fills from the caller, and {@link IamRequest}
 * fills the same way): a write under the caller's own account id is allowed and one under another
 * account's is denied, which could not both hold if the variable were left unresolved. S3 Object
 * Lock is not IAM and no evaluator decides it: a DeleteObject that the policies allowed would still
 * be refused for a locked version (see the vault-admin case); moto does not enforce the lock either.
 */
class VaultBucketPolicyIamIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REGION = "us-east-1";
    static final String VAULT = "999999999999";
    static final String BUCKET = "notes-backup-vault-vaultbucket-1a2b3c";
    static final String BUCKET_ARN = "arn:aws:s3:::" + BUCKET;
    static final String KEY_ARN = "arn:aws:kms:us-east-1:" + VAULT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final Samconfig.Env ENV = Samconfig.ofRepository().env("vault");
    /** samconfig's backup role (the app account 111111111111) and a second app account's. */
    static final String BACKUP_ROLE = ENV.parameterOverrides().get("BackupRoleArns");
    static final String APP = BACKUP_ROLE.split(":")[4];
    static final String SECOND_ROLE = "arn:aws:iam::222222222222:role/notes-backup-BackupFunctionRole-B2";
    static final String RESTORER = "arn:aws:iam::" + APP + ":role/vault-restore";
    static final String OTHER_APP_ROLE = "arn:aws:iam::" + APP + ":role/some-admin";
    static final Instant SLOT = Instant.parse("2026-12-01T03:00:00Z");
    static final String EXPORT_ARN = "arn:aws:dynamodb:us-east-1:" + APP + ":table/notes/export/01764558000000-a1b2c3d4";

    static final JsonNode ALL_S3_AND_KMS = json(Map.of("Version", "2012-10-17", "Statement", List.of(
            Map.of("Effect", "Allow", "Action", List.of("s3:*", "kms:*"), "Resource", "*"))));

    /** The vault template's resources as CloudFormation resolves them for samconfig's values plus these. */
    static Map<String, Object> resolved(Map<String, Object> parameters) {
        Map<String, Object> template = CloudFormationYaml.load(CloudFormationYaml.templateFile("vault.template", "vault/template.yaml"));
        Map<String, Object> values = new HashMap<>(Map.of("AWS::Region", REGION, "AWS::AccountId", VAULT, "AWS::Partition", "aws",
                "VaultBucket", BUCKET, "VaultBucket.Arn", BUCKET_ARN, "VaultKey.Arn", KEY_ARN,
                "WatchdogTopic", "arn:aws:sns:us-east-1:" + VAULT + ":notes-backup-vault-WatchdogTopic-X",
                "WatchdogLogGroup.Arn", "arn:aws:logs:us-east-1:" + VAULT + ":log-group:/aws/lambda/notes-backup-vault-vault-watchdog:*"));
        ((Map<?, ?>) template.get("Parameters")).forEach((name, declaration) -> {
            Map<?, ?> d = (Map<?, ?>) declaration;
            Object value = ENV.parameterOverrides().containsKey(name) ? ENV.parameterOverrides().get(name) : d.get("Default");
            if (value != null) {
                String text = String.valueOf(value);
                values.put((String) name, "CommaDelimitedList".equals(d.get("Type")) ? List.of(text.split(",", -1)) : text);
            }
        });
        values.putAll(parameters);
        IntrinsicEvaluator evaluator = new IntrinsicEvaluator(values).withConditions(map(template.get("Conditions")));
        Map<String, Object> resources = new LinkedHashMap<>();
        for (String id : List.of("VaultBucketPolicy", "VaultKey", "WatchdogRole")) {
            resources.put(id, evaluator.evaluate(map(map(template.get("Resources")).get(id)).get("Properties")));
        }
        return resources;
    }

    static final Map<String, Object> CROSS_ACCOUNT = resolved(Map.of(
            "BackupRoleArns", List.of(BACKUP_ROLE, SECOND_ROLE), "RestorePrincipalArns", List.of(RESTORER), "Encryption", "SSE-KMS"));

    static JsonNode bucketPolicy(Map<String, Object> resolved) {
        return json(map(resolved.get("VaultBucketPolicy")).get("PolicyDocument"));
    }

    static IamRequest onObject(String action, String key) {
        return new IamRequest(action, BUCKET_ARN + "/" + key, REGION, VAULT, action + " " + key).withContext("aws:SecureTransport", "true");
    }

    static IamRequest onBucket(String action) {
        return new IamRequest(action, BUCKET_ARN, REGION, VAULT, action + " on the bucket").withContext("aws:SecureTransport", "true");
    }

    /** A data file of an export into the slot folder of {@code prefix} (DynamoDB's layout under our slot folder). */
    static String exportFile(String prefix) {
        return VaultLayout.dataFolder(VaultLayout.slotFolder(prefix, "notes", SLOT), EXPORT_ARN) + "a1b2c3.json.gz";
    }

    static void expect(SoftAssertions soft, String principalArn, JsonNode resourcePolicy, Map<IamRequest, Boolean> allowed) {
        IamEvaluator.Principal principal = new IamEvaluator.Principal(principalArn.substring(principalArn.lastIndexOf('/') + 1),
                principalArn, Map.of("all-s3-and-kms", ALL_S3_AND_KMS));
        List<IamRequest> requests = new ArrayList<>(allowed.keySet());
        for (IamEvaluator.Decision decision : IamEvaluator.evaluate(principal, resourcePolicy, requests)) {
            boolean expected = allowed.get(decision.request());
            System.out.println("[vault-iam] " + decision);
            soft.assertThat(expected ? decision.allowed() : decision.denied()).as((expected ? "allowed: " : "denied: ") + decision).isTrue();
        }
    }

    @Test
    void backupRole_writesAnExportUnderItsOwnAccountId_andNothingElse() {
        JsonNode policy = bucketPolicy(CROSS_ACCOUNT);
        String own = exportFile(APP);
        Map<IamRequest, Boolean> cases = new LinkedHashMap<>();
        cases.put(onObject("s3:PutObject", own), true);
        cases.put(onObject("s3:PutObjectAcl", own), true);
        cases.put(onObject("s3:AbortMultipartUpload", own), true);
        cases.put(onObject("s3:PutObject", VaultLayout.manifestKey(APP, "notes", SLOT)), true);
        cases.put(onObject("s3:PutObject", VaultLayout.completionKey(APP, "notes", SLOT)), true);
        cases.put(onObject("s3:PutObject", exportFile("222222222222")), false);
        cases.put(onObject("s3:PutObject", "notes.json"), false);
        cases.put(onObject("s3:PutObject", APP), false);
        cases.put(onObject("s3:PutObject", own).withContext("aws:SecureTransport", "false"), false);
        cases.put(onObject("s3:DeleteObject", own), false);
        cases.put(onObject("s3:DeleteObjectVersion", own), false);
        cases.put(onObject("s3:PutObjectRetention", own), false);
        cases.put(onObject("s3:PutObjectLegalHold", own), false);
        // a DeleteObject with x-amz-bypass-governance-retention: true is authorized as both actions
        cases.put(onObject("s3:DeleteObject", own).withContext("s3:x-amz-bypass-governance-retention", "true"), false);
        cases.put(onObject("s3:BypassGovernanceRetention", own), false);
        cases.put(onObject("s3:GetObject", own), false);
        for (String action : List.of("s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutLifecycleConfiguration",
                "s3:PutBucketObjectLockConfiguration", "s3:PutBucketVersioning", "s3:PutEncryptionConfiguration",
                "s3:PutBucketPublicAccessBlock", "s3:PutBucketOwnershipControls", "s3:DeleteBucket", "s3:ListBucket")) {
            cases.put(onBucket(action), false);
        }
        SoftAssertions soft = new SoftAssertions();
        expect(soft, BACKUP_ROLE, policy, cases);
        soft.assertAll();
    }

    @Test
    void secondAppAccountsRole_writesUnderItsOwnAccountId_notUnderTheFirsts() {
        SoftAssertions soft = new SoftAssertions();
        expect(soft, SECOND_ROLE, bucketPolicy(CROSS_ACCOUNT), Map.of(
                onObject("s3:PutObject", exportFile("222222222222")), true,
                onObject("s3:PutObject", exportFile(APP)), false));
        soft.assertAll();
    }

    @Test
    void anotherRoleOfTheAppAccount_evenWithS3Star_mayNotWrite() {
        SoftAssertions soft = new SoftAssertions();
        expect(soft, OTHER_APP_ROLE, bucketPolicy(CROSS_ACCOUNT), Map.of(
                onObject("s3:PutObject", exportFile(APP)), false,
                onObject("s3:GetObject", exportFile(APP)), false,
                onObject("s3:DeleteObject", exportFile(APP)), false,
                onBucket("s3:PutBucketPolicy"), false));
        soft.assertAll();
    }

    @Test
    void restorePrincipal_readsEveryAccountsExports_forImportTable_andWritesNothing() {
        SoftAssertions soft = new SoftAssertions();
        Map<IamRequest, Boolean> cases = new LinkedHashMap<>();
        cases.put(onObject("s3:GetObject", exportFile(APP)), true);
        cases.put(onObject("s3:GetObject", exportFile("222222222222")), true);
        cases.put(onObject("s3:GetObjectVersion", VaultLayout.manifestKey(APP, "notes", SLOT)), true);
        cases.put(onBucket("s3:ListBucket"), true);
        cases.put(onObject("s3:GetObject", exportFile(APP)).withContext("aws:SecureTransport", "false"), false);
        cases.put(onObject("s3:PutObject", exportFile(APP)), false);
        cases.put(onObject("s3:DeleteObjectVersion", exportFile(APP)), false);
        cases.put(onObject("s3:PutObjectRetention", exportFile(APP)), false);
        cases.put(onBucket("s3:PutBucketPolicy"), false);
        expect(soft, RESTORER, bucketPolicy(CROSS_ACCOUNT), cases);
        soft.assertAll();
    }

    @Test
    void keyPolicy_backupRoleEncryptsThroughS3Only_andNoAppPrincipalAdministersTheKey() {
        JsonNode keyPolicy = json(map(CROSS_ACCOUNT.get("VaultKey")).get("KeyPolicy"));
        IamRequest viaS3 = new IamRequest("kms:GenerateDataKey", KEY_ARN, REGION, VAULT, "S3 encrypting an export")
                .withContext("kms:ViaService", "s3.us-east-1.amazonaws.com");
        Map<IamRequest, Boolean> backup = new LinkedHashMap<>();
        backup.put(viaS3, true);
        backup.put(new IamRequest("kms:Decrypt", KEY_ARN, REGION, VAULT, "S3 assembling a multipart upload")
                .withContext("kms:ViaService", "s3.us-east-1.amazonaws.com"), true);
        backup.put(new IamRequest("kms:Decrypt", KEY_ARN, REGION, VAULT, "Decrypt called directly"), false);
        backup.put(new IamRequest("kms:GenerateDataKey", KEY_ARN, REGION, VAULT, "GenerateDataKey called directly"), false);
        for (String admin : List.of("kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:CreateGrant")) {
            backup.put(new IamRequest(admin, KEY_ARN, REGION, VAULT, admin), false);
        }
        SoftAssertions soft = new SoftAssertions();
        expect(soft, BACKUP_ROLE, keyPolicy, backup);
        expect(soft, RESTORER, keyPolicy, Map.of(
                new IamRequest("kms:Decrypt", KEY_ARN, REGION, VAULT, "ImportTable reading through S3")
                        .withContext("kms:ViaService", "s3.us-east-1.amazonaws.com"), true,
                viaS3, false,
                new IamRequest("kms:PutKeyPolicy", KEY_ARN, REGION, VAULT, "kms:PutKeyPolicy"), false));
        expect(soft, OTHER_APP_ROLE, keyPolicy, Map.of(viaS3, false,
                new IamRequest("kms:PutKeyPolicy", KEY_ARN, REGION, VAULT, "kms:PutKeyPolicy"), false));
        soft.assertAll();
    }

    /**
     * One account: the backup role is a role of the vault account itself, and its identity policy
     * alone would allow everything in its own account. The bucket policy's explicit denies still bind
     * it. An administrator of that account who is not named is not bound (the README's caveat): for
     * it only Object Lock (and COMPLIANCE mode) stands between a DeleteObject and a locked version.
     */
    @Test
    void singleAccount_theNamedBackupRoleIsStillBound_anUnnamedAdminIsNot() {
        String sameAccountRole = "arn:aws:iam::" + VAULT + ":role/notes-backup-BackupFunctionRole-S1";
        JsonNode policy = bucketPolicy(resolved(Map.of("BackupRoleArns", List.of(sameAccountRole))));
        SoftAssertions soft = new SoftAssertions();
        Map<IamRequest, Boolean> role = new LinkedHashMap<>();
        role.put(onObject("s3:PutObject", exportFile(VAULT)), true);
        role.put(onObject("s3:PutObject", exportFile(APP)), false);
        role.put(onObject("s3:DeleteObjectVersion", exportFile(VAULT)), false);
        role.put(onObject("s3:BypassGovernanceRetention", exportFile(VAULT)), false);
        role.put(onObject("s3:PutObjectRetention", exportFile(VAULT)), false);
        role.put(onBucket("s3:PutBucketPolicy"), false);
        role.put(onBucket("s3:PutLifecycleConfiguration"), false);
        role.put(onBucket("s3:GetBucketPolicy"), true);
        expect(soft, sameAccountRole, policy, role);
        expect(soft, "arn:aws:iam::" + VAULT + ":role/vault-admin", policy, Map.of(
                onObject("s3:DeleteObjectVersion", exportFile(VAULT)), true,
                onBucket("s3:PutBucketPolicy"), true,
                onObject("s3:DeleteObjectVersion", exportFile(VAULT)).withContext("aws:SecureTransport", "false"), false));
        soft.assertAll();
    }

    /** The watchdog's own role in the vault account: list, read completion files, publish; nothing more. */
    @Test
    void watchdogRole_listsAndReadsCompletionFilesOnly() {
        Map<String, JsonNode> policies = new LinkedHashMap<>();
        for (Object p : (List<?>) map(CROSS_ACCOUNT.get("WatchdogRole")).get("Policies")) {
            policies.put((String) map(p).get("PolicyName"), json(map(p).get("PolicyDocument")));
        }
        IamEvaluator.Principal watchdog = new IamEvaluator.Principal("watchdog", "arn:aws:iam::" + VAULT + ":role/w", policies);
        String summary = VaultLayout.awsManifestSummaryKey(VaultLayout.slotFolder(APP, "notes", SLOT), EXPORT_ARN);
        Map<IamRequest, Boolean> cases = new LinkedHashMap<>();
        cases.put(onBucket("s3:ListBucket"), true);
        cases.put(onObject("s3:GetObject", VaultLayout.completionKey(APP, "notes", SLOT)), true);
        cases.put(onObject("s3:GetObject", summary), true);
        cases.put(onObject("s3:GetObject", exportFile(APP)), false);
        cases.put(onObject("s3:GetObject", VaultLayout.manifestKey(APP, "notes", SLOT)), false);
        cases.put(onObject("s3:PutObject", VaultLayout.completionKey(APP, "notes", SLOT)), false);
        cases.put(onObject("s3:DeleteObject", VaultLayout.completionKey(APP, "notes", SLOT)), false);
        SoftAssertions soft = new SoftAssertions();
        for (IamEvaluator.Decision d : IamEvaluator.evaluate(watchdog, bucketPolicy(CROSS_ACCOUNT), new ArrayList<>(cases.keySet()))) {
            System.out.println("[vault-iam] " + d);
            soft.assertThat(cases.get(d.request()) ? d.allowed() : d.denied()).as(d.toString()).isTrue();
        }
        for (IamEvaluator.Decision d : IamEvaluator.evaluate(watchdog, List.of(
                IamRequest.onArn("sns:Publish", "arn:aws:sns:us-east-1:" + VAULT + ":notes-backup-vault-WatchdogTopic-X", "Publish"),
                IamRequest.onArn("sns:Publish", "arn:aws:sns:us-east-1:" + VAULT + ":other-topic", "Publish elsewhere")))) {
            soft.assertThat(d.request().resource().endsWith("WatchdogTopic-X") ? d.allowed() : d.denied()).as(d.toString()).isTrue();
        }
        soft.assertAll();
    }

    static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
