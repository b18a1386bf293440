package dev.notesbackup.verify.sam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.backup.vault.watchdog.VaultWatchdog;
import dev.notesbackup.backup.vault.watchdog.WatchdogConfig;
import dev.notesbackup.backup.vault.watchdog.WatchdogReport;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.testsupport.Samconfig;
import dev.notesbackup.verify.DeployedStacks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The vault stack deployed on moto's CloudFormation as {@code sam deploy --config-env vault} deploys
 * it ({@link DeployedStacks}: packaged, transformed by the real SAM translator, a CREATE change set
 * with samconfig.toml's parameters, tags and capabilities, executed), with every option on.
 *
 * <p>What moto 5.2.1 makes of the bucket, measured: its CloudFormation model of AWS::S3::Bucket
 * applies {@code BucketEncryption} (and tags) and nothing else, so the deployed bucket has no Object
 * Lock, no versioning, no public access block, no ownership controls and no lifecycle, however the
 * template sets them; and it has no model of AWS::S3::BucketPolicy at all. The test checks what moto
 * applies on the bucket itself, checks that the template CloudFormation receives (after packaging
 * and the SAM transform) still carries the ignored properties as written, and fails when moto starts
 * applying one of them (then it moves to the checked list). That Object Lock and versioning are set,
 * and what the policy allows, is proven by VaultTemplateContractTest, cfn-lint and VaultBucketPolicyIamIT.
 */
@ExtendWith(MotoExtension.class)
class VaultStackOnMotoIT {
    static final Samconfig.Env ENV = Samconfig.ofRepository().env("vault");
    static final Map<String, String> OPTIONS_ON = Map.of("Encryption", "SSE-KMS", "AlarmEmail", "ops@example.com",
            "RestorePrincipalArns", "arn:aws:iam::111111111111:role/vault-restore",
            "ExpectedTables", "111111111111/notes,111111111111/replies");
    /** The resource types of the transformed vault template that moto's CloudFormation does not model (moto's word: MotoModels). */
    static final Set<String> NOT_MODELLED_BY_MOTO = Set.of("AWS::S3::BucketPolicy", "AWS::CloudWatch::Alarm", "AWS::SNS::Subscription");
    /** The bucket's properties moto's CloudFormation ignores (measured above): each is read back and must be absent. */
    static final Map<String, BiFunction<S3Client, String, Object>> IGNORED_BY_MOTO = new TreeMap<>(Map.of(
            "ObjectLockConfiguration", (s3, bucket) -> s3.getObjectLockConfiguration(r -> r.bucket(bucket)),
            "VersioningConfiguration", (s3, bucket) -> s3.getBucketVersioning(r -> r.bucket(bucket)).status(),
            "PublicAccessBlockConfiguration", (s3, bucket) -> s3.getPublicAccessBlock(r -> r.bucket(bucket)),
            "OwnershipControls", (s3, bucket) -> s3.getBucketOwnershipControls(r -> r.bucket(bucket)),
            "LifecycleConfiguration", (s3, bucket) -> s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket))));
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void vaultStack_reachesCreateComplete_andEveryResourceMotoModelsExists(MotoServer moto) {
        DeployedStacks.Deployed deployed = DeployedStacks.deploy(moto.endpoint(), ENV, OPTIONS_ON);
        Map<String, Object> template = parse(deployed.templateBody());
        SoftAssertions soft = new SoftAssertions();
        Map<String, StackResourceSummary> listed = new TreeMap<>();
        try (CloudFormationClient cfn = DeployedStacks.cloudFormation(moto.endpoint())) {
            Stack stack = cfn.describeStacks(r -> r.stackName(ENV.stackName())).stacks().get(0);
            soft.assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
            soft.assertThat(stack.stackName()).isEqualTo("notes-backup-vault");
            Map<String, String> tags = new TreeMap<>();
            stack.tags().forEach(t -> tags.put(t.key(), t.value()));
            soft.assertThat(tags).isEqualTo(ENV.tags());
            cfn.listStackResourcesPaginator(r -> r.stackName(ENV.stackName())).stackResourceSummaries().stream()
                    .filter(s -> !s.logicalResourceId().isBlank()).forEach(s -> listed.put(s.logicalResourceId(), s));
        }
        Map<String, String> types = new TreeMap<>();
        SamTemplate.resources(template).forEach((id, r) -> types.put(id, (String) ((Map<?, ?>) r).get("Type")));
        Map<String, Boolean> modelled = MotoModels.modelled(types.values());
        Set<String> skipped = new TreeSet<>();
        types.forEach((id, type) -> {
            if (modelled.get(type)) {
                soft.assertThat(listed).as(id + " (" + type + ")").containsKey(id);
                if (listed.containsKey(id)) {
                    soft.assertThat(listed.get(id).resourceStatusAsString()).as(id).isEqualTo("CREATE_COMPLETE");
                }
            } else {
                skipped.add(type);
                soft.assertThat(listed).as("moto has no model for " + type).doesNotContainKey(id);
            }
        });
        soft.assertThat(skipped).as("the vault's resource types moto does not model").isEqualTo(NOT_MODELLED_BY_MOTO);
        soft.assertThat(types).containsKeys("VaultBucket", "VaultBucketPolicy", "VaultKey", "WatchdogFunction", "WatchdogRole",
                "WatchdogTopic", "WatchdogScheduleRule", "WatchdogErrorsAlarm", "StaleExportsAlarm", "WatchdogEmailSubscription");
        soft.assertAll();
    }

    @Test
    void deployedBucket_isEncryptedWithTheVaultsKey_andTheLockAndVersioningReachCloudFormationAsWritten(MotoServer moto) {
        DeployedStacks.Deployed deployed = DeployedStacks.deploy(moto.endpoint(), ENV, OPTIONS_ON);
        String deployedBucket = deployed.physicalIds().get("VaultBucket");
        Map<String, Object> bucket = SamTemplate.properties(parse(deployed.templateBody()), "VaultBucket");
        SoftAssertions soft = new SoftAssertions();
        try (S3Client s3 = LocalAws.client(S3Client.builder().forcePathStyle(true), moto.endpoint(), LocalAws.noRetries())) {
            s3.headBucket(r -> r.bucket(deployedBucket));
            ServerSideEncryptionByDefault encryption = s3.getBucketEncryption(r -> r.bucket(deployedBucket))
                    .serverSideEncryptionConfiguration().rules().get(0).applyServerSideEncryptionByDefault();
            soft.assertThat(encryption.sseAlgorithmAsString()).isEqualTo("aws:kms");
            soft.assertThat(encryption.kmsMasterKeyID()).endsWith(deployed.physicalIds().get("VaultKey"));

            // what CloudFormation is given, after packaging and the SAM transform: the lock and versioning as written
            soft.assertThat(bucket).containsEntry("ObjectLockEnabled", true);
            soft.assertThat(bucket.get("VersioningConfiguration")).isEqualTo(Map.of("Status", "Enabled"));
            soft.assertThat(bucket.get("ObjectLockConfiguration")).isEqualTo(Map.of("ObjectLockEnabled", "Enabled",
                    "Rule", Map.of("DefaultRetention", Map.of("Mode", Map.of("Ref", "LockMode"), "Days", Map.of("Ref", "LockDays")))));
            soft.assertThat(deployed.parameters()).containsEntry("LockMode", "GOVERNANCE").containsEntry("LockDays", "35");

            List<String> appliedAfterAll = new ArrayList<>();
            IGNORED_BY_MOTO.forEach((property, readBack) -> {
                soft.assertThat(bucket).as("the template sets " + property).containsKey(property);
                try {
                    Object value = readBack.apply(s3, deployedBucket);
                    if (value != null) {
                        appliedAfterAll.add(property + " = " + value);
                    }
                } catch (S3Exception e) {
                    System.out.printf("[vault-stack] moto's bucket has no %s (%s)%n", property, e.awsErrorDetails().errorCode());
                }
            });
            soft.assertThat(appliedAfterAll).as("moto now applies these bucket properties from a template: check their values"
                    + " here and take them out of IGNORED_BY_MOTO").isEmpty();
        }
        soft.assertAll();
    }

    /**
     * The deployed watchdog function's environment, as CloudFormation resolved it, read by the
     * watchdog's own configuration and run in this JVM against the deployed bucket and topic (moto
     * cannot run a Java function): the empty vault with two expected tables is stale and the
     * message reaches the deployed topic.
     */
    @Test
    void deployedWatchdogEnvironment_checksTheDeployedBucket_andPublishesToTheDeployedTopic(MotoServer moto) {
        DeployedStacks.Deployed deployed = DeployedStacks.deploy(moto.endpoint(), ENV, OPTIONS_ON);
        try (LambdaClient lambda = LocalAws.client(LambdaClient.builder(), moto.endpoint(), LocalAws.noRetries());
             S3Client s3 = LocalAws.client(S3Client.builder().forcePathStyle(true), moto.endpoint(), LocalAws.noRetries());
             SnsClient sns = LocalAws.client(SnsClient.builder(), moto.endpoint(), LocalAws.noRetries())) {
            FunctionConfiguration function = lambda.getFunction(r -> r.functionName(deployed.physicalIds().get("WatchdogFunction")))
                    .configuration();
            assertThat(function.handler()).isEqualTo("dev.notesbackup.backup.vault.watchdog.VaultWatchdogHandler::handleRequest");
            assertThat(function.runtimeAsString()).isEqualTo("java21");
            WatchdogConfig config = WatchdogConfig.fromEnvironment(function.environment().variables());
            assertThat(config.bucket()).isEqualTo(deployed.physicalIds().get("VaultBucket"));

            List<String> lines = new ArrayList<>();
            WatchdogReport report = new VaultWatchdog(s3, sns, Clock.systemUTC(), config, lines::add).check();

            assertThat(report.stale()).extracting(t -> t.table().toString())
                    .containsExactly("111111111111/notes", "111111111111/replies");
            assertThat(sns.listTopics().topics()).anySatisfy(t -> assertThat(t.topicArn()).isEqualTo(config.topicArn()));
            assertThat(lines).anyMatch(line -> line.contains("\"VaultStaleTables\":2"));
        }
    }

    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
