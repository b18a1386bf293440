package dev.notesbackup.verify.sam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.testsupport.IntrinsicEvaluator;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.verify.DeployedStacks;
import dev.notesbackup.testsupport.Samconfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * Both stacks deployed on moto's CloudFormation exactly as {@code sam deploy --config-env <env>}
 * deploys them ({@link DeployedStacks}): packaged, transformed by the real SAM translator, a CREATE
 * change set with samconfig.toml's parameters, tags and capabilities, executed.
 */
@ExtendWith(MotoExtension.class)
class StacksOnMotoIT {
    /**
     * The resource types of the transformed templates that moto 5.2.1's CloudFormation does not
     * model: it lists each such resource as a blank entry, creates nothing and reports
     * CREATE_COMPLETE. What they do is proven elsewhere (contract tests, the IAM evaluation) or
     * only on a real account. A change of this set (a new type in a template, or moto learning
     * one) fails the test, so it is noticed.
     */
    static final Set<String> NOT_MODELLED_BY_MOTO = Set.of(
            "AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Stage", // the notes HTTP API (from AWS::Serverless::HttpApi)
            "AWS::CloudWatch::Alarm",                             // every alarm of the backup stack
            "AWS::Lambda::EventInvokeConfig",                     // retries and the on-failure destination
            "AWS::SNS::Subscription",                             // the alarm e-mail (AlarmEmail set)
            "AWS::SQS::QueuePolicy");                             // who may send to the dead-letter queue

    /**
     * Every option of the backup stack on, with the values samconfig.toml's comment and the README
     * give, so that its conditional resources are deployed too.
     */
    static final Map<String, String> BACKUP_OPTIONS_ON = Map.of(
            "AlarmEmail", "ops@example.com", "RestoreDrill", "true", "Audit", "true");

    private static final Samconfig CONFIG = Samconfig.ofRepository();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bothStacks_reachCreateComplete_withSamconfigsValues(MotoServer moto) {
        SoftAssertions soft = new SoftAssertions();
        try (CloudFormationClient cfn = DeployedStacks.cloudFormation(moto.endpoint());
             LambdaClient lambda = LocalAws.client(LambdaClient.builder(), moto.endpoint(), LocalAws.noRetries())) {
            for (String name : List.of("backup", "notes")) {
                Samconfig.Env env = CONFIG.env(name);
                DeployedStacks.Deployed deployed = DeployedStacks.deploy(moto.endpoint(), name);
                Stack stack = cfn.describeStacks(r -> r.stackName(env.stackName())).stacks().get(0);
                soft.assertThat(stack.stackStatus()).as(name + ": status").isEqualTo(StackStatus.CREATE_COMPLETE);
                soft.assertThat(stack.stackName()).as(name + ": stack_name").isEqualTo(env.stackName());
                soft.assertThat(tags(stack)).as(name + ": tags").isEqualTo(env.tags());

                // each function as CloudFormation configured it: the transformed template's properties, with
                // samconfig's parameter values (and the template's defaults) and the created resources' names
                Map<String, Object> template = parse(deployed.templateBody());
                IntrinsicEvaluator evaluator = new IntrinsicEvaluator(values(template, deployed), conditions(template));
                for (String function : SamTemplate.logicalIdsOfType(template, "AWS::Lambda::Function")) {
                    Map<String, Object> props = SamTemplate.properties(template, function);
                    FunctionConfiguration actual = lambda.getFunction(r -> r.functionName(deployed.physicalIds().get(function)))
                            .configuration();
                    soft.assertThat(actual.handler()).as(function + " Handler").isEqualTo(props.get("Handler"));
                    soft.assertThat(actual.runtimeAsString()).as(function + " Runtime").isEqualTo(props.get("Runtime"));
                    soft.assertThat(actual.memorySize()).as(function + " MemorySize").isEqualTo(props.get("MemorySize"));
                    soft.assertThat(actual.timeout()).as(function + " Timeout").isEqualTo(props.get("Timeout"));
                    soft.assertThat(actual.environment().variables()).as(function + " Environment")
                            .isEqualTo(evaluator.evaluate(((Map<?, ?>) props.get("Environment")).get("Variables")));
                    System.out.printf("[stacks] %s: %s environment %s%n", env.stackName(), function, actual.environment().variables());
                }
            }
        }
        soft.assertAll();
    }

    @Test
    void everyResourceMotoModels_isCreated_andTheTypesItSkipsAreTheKnownSet(MotoServer moto) {
        Map<String, DeployedStacks.Deployed> stacks = new LinkedHashMap<>();
        stacks.put("backup", DeployedStacks.deploy(moto.endpoint(), CONFIG.env("backup"), BACKUP_OPTIONS_ON));
        stacks.put("notes", DeployedStacks.deploy(moto.endpoint(), "notes"));

        Map<String, String> expectedTypes = new TreeMap<>(); // "stack/logicalId" -> type, conditions applied
        stacks.values().forEach(d -> resourcesDeployed(d).forEach((id, type) -> expectedTypes.put(d.stackName() + "/" + id, type)));
        Map<String, Boolean> modelled = MotoModels.modelled(expectedTypes.values());

        SoftAssertions soft = new SoftAssertions();
        Map<String, Integer> skipped = new TreeMap<>();
        int created = 0;
        try (CloudFormationClient cfn = DeployedStacks.cloudFormation(moto.endpoint())) {
            for (DeployedStacks.Deployed deployed : stacks.values()) {
                Map<String, String> expected = resourcesDeployed(deployed);
                Map<String, StackResourceSummary> listed = new TreeMap<>();
                cfn.listStackResourcesPaginator(r -> r.stackName(deployed.stackName())).stackResourceSummaries().stream()
                        .filter(s -> !s.logicalResourceId().isBlank())
                        .forEach(s -> listed.put(s.logicalResourceId(), s));
                soft.assertThat(listed.keySet()).as(deployed.stackName() + ": nothing outside the template")
                        .isSubsetOf(expected.keySet());
                for (Map.Entry<String, String> resource : expected.entrySet()) {
                    String id = resource.getKey();
                    String type = resource.getValue();
                    if (!modelled.get(type)) {
                        soft.assertThat(listed).as(deployed.stackName() + ": moto has no model for " + type).doesNotContainKey(id);
                        skipped.merge(type, 1, Integer::sum);
                        continue;
                    }
                    soft.assertThat(listed).as(deployed.stackName() + ": " + id + " (" + type + ")").containsKey(id);
                    if (listed.containsKey(id)) {
                        created++;
                        soft.assertThat(listed.get(id).resourceType()).as(id + " type").isEqualTo(type);
                        soft.assertThat(listed.get(id).resourceStatusAsString()).as(id + " status").isEqualTo("CREATE_COMPLETE");
                    }
                }
            }
        }
        existInTheirServices(moto.endpoint(), stacks.values(), soft);
        System.out.printf("[stacks] resources in the transformed templates (conditions applied): %d; created by moto: %d;"
                + " skipped by type: %s%n", expectedTypes.size(), created, skipped);
        soft.assertThat(skipped.keySet()).as("the resource types moto does not model").isEqualTo(new TreeSet<>(NOT_MODELLED_BY_MOTO));
        soft.assertThat(created + skipped.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(expectedTypes.size());
        soft.assertAll();
    }

    /**
     * The created resources, looked up in their own services (not only in ListStackResources):
     * every function, role, inline policy, table and log group.
     */
    private static void existInTheirServices(URI endpoint, Iterable<DeployedStacks.Deployed> stacks, SoftAssertions soft) {
        try (LambdaClient lambda = LocalAws.client(LambdaClient.builder(), endpoint, LocalAws.noRetries());
             IamClient iam = LocalAws.client(IamClient.builder(), endpoint, LocalAws.noRetries());
             DynamoDbClient dynamo = LocalAws.dynamoDb(endpoint);
             CloudWatchLogsClient logs = LocalAws.client(CloudWatchLogsClient.builder(), endpoint, LocalAws.noRetries())) {
            for (DeployedStacks.Deployed deployed : stacks) {
                Map<String, Object> template = parse(deployed.templateBody());
                deployed.resourceTypes().forEach((id, type) -> {
                    String physical = deployed.physicalIds().get(id);
                    Map<String, Object> props = SamTemplate.properties(template, id);
                    switch (type) {
                        case "AWS::Lambda::Function" -> soft.assertThat(lambda.getFunction(r -> r.functionName(physical))
                                .configuration().functionName()).as(id).isEqualTo(physical);
                        case "AWS::IAM::Role" -> {
                            soft.assertThat(iam.getRole(r -> r.roleName(physical)).role().roleName()).as(id).isEqualTo(physical);
                            soft.assertThat(iam.listRolePolicies(r -> r.roleName(physical)).policyNames()).as(id + " inline policies")
                                    .containsAll(((List<?>) props.getOrDefault("Policies", List.of())).stream()
                                            .map(p -> (String) ((Map<?, ?>) p).get("PolicyName")).toList());
                        }
                        case "AWS::IAM::Policy" -> {
                            String role = deployed.physicalIds().get((String) ((Map<?, ?>) ((List<?>) props.get("Roles")).get(0)).get("Ref"));
                            soft.assertThat(iam.listRolePolicies(r -> r.roleName(role)).policyNames()).as(id + " on its role")
                                    .contains((String) props.get("PolicyName"));
                        }
                        case "AWS::DynamoDB::Table" -> soft.assertThat(dynamo.describeTable(r -> r.tableName(physical))
                                .table().deletionProtectionEnabled()).as(id + " deletion protection").isTrue();
                        case "AWS::Logs::LogGroup" -> soft.assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix(physical))
                                .logGroups()).as(id).anyMatch(g -> g.logGroupName().equals(physical));
                        case "AWS::Lambda::Permission" -> {
                            // moto gives a permission no physical id: look for its statement in the function's policy
                            Map<?, ?> target = (Map<?, ?>) props.get("FunctionName");
                            String function = target.containsKey("Ref") ? (String) target.get("Ref")
                                    : (String) ((List<?>) target.get("Fn::GetAtt")).get(0);
                            String policy = lambda.getPolicy(r -> r.functionName(deployed.physicalIds().get(function))).policy();
                            soft.assertThat(policy).as(id + " in the resource policy of " + function)
                                    .contains((String) props.get("Principal")).contains((String) props.get("Action"));
                        }
                        default -> soft.assertThat(physical).as(id + " (" + type + ") physical id").isNotBlank();
                    }
                });
            }
        }
    }

    /** Logical id to type of the transformed template's resources whose Condition holds for the deployed parameters. */
    private static Map<String, String> resourcesDeployed(DeployedStacks.Deployed deployed) {
        Map<String, Object> template = parse(deployed.templateBody());
        IntrinsicEvaluator evaluator = new IntrinsicEvaluator(values(template, Map.of(), deployed.parameters()), conditions(template));
        Map<String, Object> conditions = conditions(template);
        Map<String, String> result = new TreeMap<>();
        SamTemplate.resources(template).forEach((id, resource) -> {
            Map<?, ?> r = (Map<?, ?>) resource;
            Object condition = r.get("Condition");
            if (condition == null || evaluator.evaluateBoolean(conditions.get(condition))) {
                result.put(id, (String) r.get("Type"));
            }
        });
        return result;
    }

    /** The template's Conditions, for Fn::If and conditions that name others. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> conditions(Map<String, Object> template) {
        return (Map<String, Object>) template.getOrDefault("Conditions", Map.of());
    }

    private static Map<String, Object> values(Map<String, Object> template, DeployedStacks.Deployed deployed) {
        return values(template, deployed.physicalIds(), deployed.parameters());
    }

    /**
     * What Ref resolves to: each parameter's value (samconfig's, else the template's default; a
     * CommaDelimitedList as a list), the pseudo parameters, and each resource's physical id.
     */
    private static Map<String, Object> values(Map<String, Object> template, Map<String, String> physicalIds,
                                              Map<String, String> parameters) {
        Map<String, Object> values = new LinkedHashMap<>(physicalIds);
        ((Map<?, ?>) template.getOrDefault("Parameters", Map.of())).forEach((key, declaration) -> {
            Map<?, ?> d = (Map<?, ?>) declaration;
            Object value = parameters.containsKey(key) ? parameters.get(key) : d.get("Default");
            if (value != null) {
                String text = String.valueOf(value);
                values.put((String) key, "CommaDelimitedList".equals(d.get("Type")) ? List.of(text.split(",", -1)) : text);
            }
        });
        values.put("AWS::Region", LocalAws.REGION.id());
        return values;
    }

    private static Map<String, String> tags(Stack stack) {
        Map<String, String> tags = new TreeMap<>();
        stack.tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
