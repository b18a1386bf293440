package dev.notesbackup.verify;

import dev.notesbackup.testsupport.SamPackage;
import dev.notesbackup.testsupport.Samconfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.StackWait;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.cloudformation.waiters.CloudFormationWaiter;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Deploys one {@code samconfig.toml} config env on a local CloudFormation (moto) the way
 * {@code sam deploy --config-env <env>} does, and returns what later checks need.
 *
 * <p>What it does, in sam deploy's order: the env's template is packaged (its jars uploaded to the
 * artifacts bucket, {@code CodeUri} rewritten) and, because moto's CloudFormation does not run
 * transforms, transformed by the real SAM translator ({@link SamPackage}); the resulting template
 * is uploaded to the same bucket and referenced by {@code TemplateURL} (path-style
 * {@code https://s3.<region>.amazonaws.com/<bucket>/<md5>.template}, which moto resolves from its
 * own S3, with no network access); a change set of type {@code CREATE} is made with the env's
 * {@code parameter_overrides} (plus any extra ones), {@code tags} and {@code capabilities}, and a
 * description like SAM CLI's; then it is executed, each step awaited with the SDK's
 * CloudFormation waiters.
 *
 * <pre>{@code
 * DeployedStacks.Deployed notes = DeployedStacks.deploy(moto.endpoint(), "notes");
 * String role = notes.physicalIds().get("NotesApiRole");          // the IAM role's name
 * JsonNode template = new ObjectMapper().readTree(notes.templateBody());
 * }</pre>
 *
 * <p>Each call deploys a new stack: reset moto (or use another env) between calls of one env.
 */
public final class DeployedStacks {
    /** The artifacts bucket (sam deploy's {@code resolve_s3} makes a managed bucket like it). */
    public static final String ARTIFACTS_BUCKET = "aws-sam-cli-managed-default-samclisourcebucket-local";
    private static final DateTimeFormatter CHANGE_SET_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);

    private DeployedStacks() {
    }

    /**
     * A deployed stack.
     *
     * @param env           the samconfig env it was deployed from
     * @param stackName     samconfig's {@code stack_name}
     * @param stackId       the stack's ARN
     * @param parameters    the parameter values the change set was made with (samconfig's overrides plus the extra ones)
     * @param tags          the stack tags the change set was made with (samconfig's {@code tags})
     * @param outputs       the stack's outputs, key to value, as DescribeStacks reports them (moto 5.2.1 reports
     *                      none after executing a change set: it computes outputs only in CreateStack/UpdateStack)
     * @param physicalIds   logical id to physical id of every resource moto created (ListStackResources; e.g. an
     *                      IAM role's name, a table's name; empty for a Lambda permission, which moto gives none)
     * @param resourceTypes logical id to resource type of every resource moto created
     * @param templateBody  the template CloudFormation was given: packaged and transformed (JSON)
     */
    public record Deployed(Samconfig.Env env, String stackName, String stackId, Map<String, String> parameters,
                           Map<String, String> tags, Map<String, String> outputs, Map<String, String> physicalIds,
                           Map<String, String> resourceTypes, String templateBody) {
    }

    /** {@code sam deploy --config-env <envName>} with the repository's samconfig.toml. */
    public static Deployed deploy(URI endpoint, String envName) {
        return deploy(endpoint, Samconfig.ofRepository().env(envName), Map.of());
    }

    /**
     * {@code sam deploy --config-env <env> --parameter-overrides ...}: the env's
     * {@code parameter_overrides}, with {@code extraParameterOverrides} added or replacing them.
     */
    public static Deployed deploy(URI endpoint, Samconfig.Env env, Map<String, String> extraParameterOverrides) {
        Map<String, String> parameters = new LinkedHashMap<>(env.parameterOverrides());
        parameters.putAll(extraParameterOverrides);
        try (S3Client s3 = s3(endpoint); CloudFormationClient cfn = cloudFormation(endpoint)) {
            ensureBucket(s3);
            String body = SamPackage.transform(env.templateFile(), endpoint, ARTIFACTS_BUCKET, env.stackName(), parameters);
            String changeSetId = createChangeSet(cfn, s3, env, ChangeSetType.CREATE, body, parameters);
            cfn.executeChangeSet(r -> r.changeSetName(changeSetId));
            Stack stack = StackWait.untilCreateComplete(cfn, env.stackName());
            Map<String, String> outputs = new LinkedHashMap<>();
            stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
            Map<String, String> physicalIds = new LinkedHashMap<>();
            Map<String, String> types = new LinkedHashMap<>();
            for (StackResourceSummary resource : cfn.listStackResourcesPaginator(r -> r.stackName(env.stackName()))
                    .stackResourceSummaries()) {
                if (resource.logicalResourceId() == null || resource.logicalResourceId().isBlank()) {
                    continue; // moto lists each resource it did not create (unmodelled type, false condition) as a blank entry
                }
                physicalIds.put(resource.logicalResourceId(), resource.physicalResourceId());
                types.put(resource.logicalResourceId(), resource.resourceType());
            }
            return new Deployed(env, env.stackName(), stack.stackId(), Collections.unmodifiableMap(parameters),
                    Collections.unmodifiableMap(new LinkedHashMap<>(env.tags())), Collections.unmodifiableMap(outputs),
                    Collections.unmodifiableMap(physicalIds), Collections.unmodifiableMap(types), body);
        }
    }

    /**
     * Creates a change set as {@code sam deploy} does (with {@code --no-execute-changeset} it
     * stops here) and waits until CloudFormation has created it: the template uploaded to the
     * artifacts bucket and passed by {@code TemplateURL}, samconfig's tags and capabilities, for
     * an UPDATE every template parameter not in {@code parameters} with {@code UsePreviousValue}.
     * A change set that ends FAILED (e.g. "no changes") is returned as it is, not thrown.
     *
     * @param templateBody a packaged, transformed template ({@link Deployed#templateBody()} or one derived from it)
     * @return the change set's ARN
     */
    public static String createChangeSet(CloudFormationClient cfn, S3Client s3, Samconfig.Env env, ChangeSetType type,
                                         String templateBody, Map<String, String> parameters) {
        ensureBucket(s3);
        String key = md5(templateBody) + ".template";
        s3.putObject(r -> r.bucket(ARTIFACTS_BUCKET).key(key), RequestBody.fromString(templateBody, StandardCharsets.UTF_8));
        String templateUrl = "https://s3." + env.region() + ".amazonaws.com/" + ARTIFACTS_BUCKET + "/" + key;
        Instant now = Instant.now();
        CreateChangeSetResponse created = cfn.createChangeSet(r -> r
                .stackName(env.stackName())
                .changeSetName("samcli-deploy" + CHANGE_SET_STAMP.format(now))
                .changeSetType(type)
                .templateURL(templateUrl)
                .parameters(parameters(templateBody, parameters, type))
                .capabilities(env.capabilities().stream().filter(c -> !c.isBlank()).map(Capability::fromValue).toList())
                .tags(env.tags().entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList())
                .description("Created by SAM CLI at " + now.atOffset(ZoneOffset.UTC).toLocalDateTime().withNano(0) + " UTC"));
        try (CloudFormationWaiter waiter = StackWait.waiter(cfn)) {
            waiter.waitUntilChangeSetCreateComplete(r -> r.changeSetName(created.id()));
        } catch (SdkClientException failed) {
            // FAILED (e.g. no changes) is an answer, for the caller to read with DescribeChangeSet; still pending is not
            ChangeSetStatus status = cfn.describeChangeSet(r -> r.changeSetName(created.id())).status();
            if (status == ChangeSetStatus.CREATE_PENDING || status == ChangeSetStatus.CREATE_IN_PROGRESS) {
                throw new IllegalStateException("change set " + created.id() + " is still " + status, failed);
            }
        }
        return created.id();
    }

    /** A CloudFormation client for the local endpoint (no SDK retries: every failure shows as it happened). */
    public static CloudFormationClient cloudFormation(URI endpoint) {
        return LocalAws.client(CloudFormationClient.builder(), endpoint, LocalAws.noRetries());
    }

    /** A path-style S3 client for the local endpoint. */
    public static S3Client s3(URI endpoint) {
        return LocalAws.client(S3Client.builder().forcePathStyle(true), endpoint, LocalAws.noRetries());
    }

    private static List<Parameter> parameters(String templateBody, Map<String, String> given, ChangeSetType type) {
        List<Parameter> result = new ArrayList<>();
        given.forEach((key, value) -> result.add(Parameter.builder().parameterKey(key).parameterValue(value).build()));
        if (type == ChangeSetType.UPDATE) {
            for (String declared : parameterNames(templateBody)) {
                if (!given.containsKey(declared)) {
                    result.add(Parameter.builder().parameterKey(declared).usePreviousValue(true).build());
                }
            }
        }
        return result;
    }

    private static List<String> parameterNames(String templateBody) {
        try {
            List<String> names = new ArrayList<>();
            new ObjectMapper().readTree(templateBody).path("Parameters").fieldNames().forEachRemaining(names::add);
            return names;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the template is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void ensureBucket(S3Client s3) {
        try {
            s3.headBucket(r -> r.bucket(ARTIFACTS_BUCKET));
        } catch (NoSuchBucketException e) {
            s3.createBucket(r -> r.bucket(ARTIFACTS_BUCKET));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.createBucket(r -> r.bucket(ARTIFACTS_BUCKET));
        }
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
