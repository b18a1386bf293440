package dev.notesbackup.notes.template;

import static dev.notesbackup.notes.template.NotesTemplateRules.list;
import static dev.notesbackup.notes.template.NotesTemplateRules.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.notesbackup.testsupport.LambdaJar;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import dev.notesbackup.notes.store.TableDefinitions;
import dev.notesbackup.testsupport.CloudFormationYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;

/** notes-service/template.yaml keeps the notes stack's promises (DESIGN.md: "IAM", "The notes service"). */
class NotesTemplateContractTest {
    private static final Path TEMPLATE = Path.of("template.yaml");

    private static Map<String, Object> template() throws Exception {
        return CloudFormationYaml.load(TEMPLATE);
    }

    @Test
    void template_keepsEveryRule() throws Exception {
        assertThat(NotesTemplateRules.violations(template())).isEmpty();
    }

    @Test
    void tables_haveTheKeysTheCodeUses() throws Exception {
        Map<String, Object> resources = map(template().get("Resources"));

        assertThat(keyDesign(map(map(resources.get("NotesTable")).get("Properties"))))
                .isEqualTo(keyDesign(TableDefinitions.notesTable("x")));
        assertThat(keyDesign(map(map(resources.get("RepliesTable")).get("Properties"))))
                .isEqualTo(keyDesign(TableDefinitions.repliesTable("x")));
    }

    @Test
    void role_grantsExactlyTheCallsTheRepositoryMakes() throws Exception {
        Map<String, Object> role = map(map(map(template().get("Resources")).get("NotesApiRole")).get("Properties"));
        Map<String, List<Object>> grants = new LinkedHashMap<>();
        for (Object policy : list(role.get("Policies"))) {
            for (Object statement : list(map(map(policy).get("PolicyDocument")).get("Statement"))) {
                Map<String, Object> s = map(statement);
                List<Object> actions = NotesTemplateRules.asList(s.get("Action"));
                if (actions.stream().anyMatch(a -> String.valueOf(a).startsWith("dynamodb:"))) {
                    grants.put(String.valueOf(s.get("Resource")), actions);
                }
            }
        }

        assertThat(grants).containsOnly(
                Map.entry("{Fn::GetAtt=[NotesTable, Arn]}", List.of("dynamodb:GetItem", "dynamodb:PutItem")),
                Map.entry("{Fn::Sub=${NotesTable.Arn}/index/" + TableDefinitions.NEWEST_INDEX + "}", List.of("dynamodb:Query")),
                Map.entry("{Fn::GetAtt=[RepliesTable, Arn]}", List.of("dynamodb:PutItem", "dynamodb:Query")));
    }

    @Test
    void function_pointsAtTheShadedJarAndTheHandler() throws Exception {
        Map<String, Object> function = map(map(map(template().get("Resources")).get("NotesApiFunction")).get("Properties"));

        assertThat(function.get("CodeUri")).isEqualTo(LambdaJar.NOTES.inModule());
        assertThat(function.get("Runtime")).isEqualTo("java21");
        String handler = String.valueOf(function.get("Handler"));
        Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
        assertThat(RequestHandler.class).isAssignableFrom(type);
        assertThat(type.getConstructor()).isNotNull();
        assertThat(handlerProblems(handler)).as(handler).isEmpty();
    }

    @Test
    void readme_deploysWithSamconfigsNotesEnv_notWithAStackNameOfItsOwn() throws Exception {
        String readme = java.nio.file.Files.readString(Path.of("README.md"));
        List<String> deployLines = readme.lines().filter(line -> line.contains("sam deploy")).toList();

        assertThat(deployLines).isNotEmpty().allSatisfy(line -> assertThat(line)
                .as("a stack name other than samconfig.toml's quarantine-notes would escape the backup stack's prefix")
                .doesNotContain("--stack-name").doesNotContain("--template-file"));
        assertThat(readme).contains("sam deploy --config-env notes");
    }

    @Test
    void handlerCheck_catchesAWrongMethodName_aWrongSignature_andAnotherEventType() {
        String type = "dev.notesbackup.notes.lambda.NotesApiHandler";

        assertThat(handlerProblems(type + "::handle")).singleElement().asString()
                .contains("has no public method handle");
        assertThat(handlerProblems(WrongSignature.class.getName() + "::handleRequest")).singleElement().asString()
                .contains("takes (String, String)");
        assertThat(handlerProblems(OtherEvent.class.getName() + "::handleRequest")).singleElement().asString()
                .contains("takes a Map, not the HTTP API's APIGatewayV2HTTPEvent");
        assertThat(handlerProblems(type)).singleElement().asString().contains("Class::method");
    }

    public static final class WrongSignature {
        public String handleRequest(String event, String context) {
            return event + context;
        }
    }

    public static final class OtherEvent {
        public String handleRequest(Map<String, Object> event, Context context) {
            return String.valueOf(event);
        }
    }

    /**
     * What would stop the Lambda Java runtime from calling {@code Class::method}: the class's public
     * non-bridge method of that name must take (event, Context), the event being the HTTP API's
     * payload 2.0 (APIGatewayV2HTTPEvent), since every route of the function is an HttpApi event.
     * A wrong method name loads fine and fails every invocation, so it is checked here.
     */
    static List<String> handlerProblems(String handler) {
        int separator = handler.indexOf("::");
        if (separator < 0) {
            return List.of("Handler " + handler + " is not Class::method");
        }
        String methodName = handler.substring(separator + 2);
        Class<?> type;
        try {
            type = Class.forName(handler.substring(0, separator));
        } catch (ClassNotFoundException e) {
            return List.of("Handler " + handler + ": no class " + e.getMessage());
        }
        List<Method> candidates = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(methodName) && !m.isBridge() && !Modifier.isStatic(m.getModifiers()))
                .toList();
        if (candidates.isEmpty()) {
            return List.of("Handler " + handler + ": " + type.getSimpleName() + " has no public method " + methodName);
        }
        List<String> problems = new ArrayList<>();
        for (Method method : candidates) {
            Class<?>[] parameters = method.getParameterTypes();
            if (parameters.length != 2 || parameters[1] != Context.class) {
                problems.add("Handler " + handler + " takes (" + Arrays.stream(parameters).map(Class::getSimpleName)
                        .collect(java.util.stream.Collectors.joining(", ")) + "), not (event, Context)");
            } else if (parameters[0] != APIGatewayV2HTTPEvent.class) {
                problems.add("Handler " + handler + " takes a " + parameters[0].getSimpleName()
                        + ", not the HTTP API's APIGatewayV2HTTPEvent");
            }
        }
        return problems.size() < candidates.size() ? List.of() : problems;
    }

    @Test
    void api_routesExactlyTheFourEndpoints() throws Exception {
        Map<String, Object> function = map(map(map(template().get("Resources")).get("NotesApiFunction")).get("Properties"));
        List<String> routes = new ArrayList<>();
        map(function.get("Events")).values().forEach(event -> {
            Map<String, Object> properties = map(map(event).get("Properties"));
            assertThat(map(event).get("Type")).isEqualTo("HttpApi");
            assertThat(properties.get("ApiId")).isEqualTo(Map.of("Ref", "NotesHttpApi"));
            routes.add(properties.get("Method") + " " + properties.get("Path"));
        });

        assertThat(routes).containsExactlyInAnyOrder("POST /notes", "GET /notes", "GET /notes/{id}", "POST /notes/{id}/replies");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no Retain on a table", "no UpdateReplace Retain", "deletion protection off", "PITR off",
            "provisioned billing", "dynamodb:* action", "DeleteTable action", "resource *", "another table",
            "managed policy", "CORS from a literal", "wildcard default origin", "short log retention",
            "text log format", "log group not retained", "fixed log group name", "fixed table name",
            "SAM policies on the function", "application log level WARN", "application log level unpinned",
            "system log level unpinned", "JVM options in the environment"})
    void rules_catchEachBreach(String breach) throws Exception {
        Map<String, Object> template = template();
        breaches().get(breach).accept(template);

        assertThat(NotesTemplateRules.violations(template)).as(breach).isNotEmpty();
    }

    private static Map<String, Consumer<Map<String, Object>>> breaches() {
        Map<String, Consumer<Map<String, Object>>> breaches = new LinkedHashMap<>();
        breaches.put("no Retain on a table", t -> resource(t, "NotesTable").remove("DeletionPolicy"));
        breaches.put("no UpdateReplace Retain", t -> resource(t, "RepliesTable").put("UpdateReplacePolicy", "Delete"));
        breaches.put("deletion protection off", t -> properties(t, "NotesTable").put("DeletionProtectionEnabled", false));
        breaches.put("PITR off", t -> properties(t, "RepliesTable").remove("PointInTimeRecoverySpecification"));
        breaches.put("provisioned billing", t -> properties(t, "NotesTable").put("BillingMode", "PROVISIONED"));
        breaches.put("dynamodb:* action", t -> firstStatement(t).put("Action", List.of("dynamodb:*")));
        breaches.put("DeleteTable action", t -> firstStatement(t).put("Action", List.of("dynamodb:GetItem", "dynamodb:DeleteTable")));
        breaches.put("resource *", t -> firstStatement(t).put("Resource", "*"));
        breaches.put("another table", t -> firstStatement(t).put("Resource",
                Map.of("Fn::Sub", "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/other")));
        breaches.put("managed policy", t -> properties(t, "NotesApiRole").put("ManagedPolicyArns",
                List.of("arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess")));
        breaches.put("CORS from a literal", t -> map(properties(t, "NotesHttpApi").get("CorsConfiguration"))
                .put("AllowOrigins", List.of("*")));
        breaches.put("wildcard default origin", t -> map(map(t.get("Parameters")).get("AllowedOrigins")).put("Default", "*"));
        breaches.put("short log retention", t -> properties(t, "NotesApiLogGroup").put("RetentionInDays", 7));
        breaches.put("text log format", t -> map(properties(t, "NotesApiFunction").get("LoggingConfig")).put("LogFormat", "Text"));
        breaches.put("log group not retained", t -> resource(t, "NotesApiLogGroup").remove("DeletionPolicy"));
        breaches.put("fixed log group name", t -> properties(t, "NotesApiLogGroup").put("LogGroupName", "/notes"));
        breaches.put("fixed table name", t -> properties(t, "NotesTable").put("TableName", "notes"));
        breaches.put("SAM policies on the function", t -> properties(t, "NotesApiFunction").put("Policies",
                List.of("AmazonDynamoDBFullAccess")));
        breaches.put("application log level WARN", t -> logging(t).put("ApplicationLogLevel", "WARN"));
        breaches.put("application log level unpinned", t -> logging(t).remove("ApplicationLogLevel"));
        breaches.put("system log level unpinned", t -> logging(t).remove("SystemLogLevel"));
        breaches.put("JVM options in the environment", t -> map(map(properties(t, "NotesApiFunction").get("Environment"))
                .get("Variables")).put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1"));
        return breaches;
    }

    private static Map<String, Object> logging(Map<String, Object> template) {
        return map(properties(template, "NotesApiFunction").get("LoggingConfig"));
    }

    private static Map<String, Object> resource(Map<String, Object> template, String name) {
        return map(map(template.get("Resources")).get(name));
    }

    private static Map<String, Object> properties(Map<String, Object> template, String name) {
        return map(resource(template, name).get("Properties"));
    }

    private static Map<String, Object> firstStatement(Map<String, Object> template) {
        Object policy = list(properties(template, "NotesApiRole").get("Policies")).get(0);
        return map(list(map(map(policy).get("PolicyDocument")).get("Statement")).get(0));
    }

    /** Attribute definitions, key schema and indexes, as comparable strings. */
    private static List<String> keyDesign(Map<String, Object> properties) {
        List<String> design = new ArrayList<>();
        for (Object definition : list(properties.get("AttributeDefinitions"))) {
            design.add("attr " + map(definition).get("AttributeName") + ":" + map(definition).get("AttributeType"));
        }
        for (Object key : list(properties.get("KeySchema"))) {
            design.add("key " + map(key).get("AttributeName") + ":" + map(key).get("KeyType"));
        }
        for (Object index : list(properties.get("GlobalSecondaryIndexes"))) {
            StringBuilder text = new StringBuilder("gsi " + map(index).get("IndexName"));
            for (Object key : list(map(index).get("KeySchema"))) {
                text.append(' ').append(map(key).get("AttributeName")).append(':').append(map(key).get("KeyType"));
            }
            text.append(' ').append(map(map(index).get("Projection")).get("ProjectionType"));
            design.add(text.toString());
        }
        design.sort(null);
        return design;
    }

    private static List<String> keyDesign(CreateTableRequest request) {
        List<String> design = new ArrayList<>();
        request.attributeDefinitions().forEach(d -> design.add("attr " + d.attributeName() + ":" + d.attributeTypeAsString()));
        request.keySchema().forEach(k -> design.add("key " + k.attributeName() + ":" + k.keyTypeAsString()));
        for (GlobalSecondaryIndex index : request.globalSecondaryIndexes()) {
            StringBuilder text = new StringBuilder("gsi " + index.indexName());
            index.keySchema().forEach(k -> text.append(' ').append(k.attributeName()).append(':').append(k.keyTypeAsString()));
            text.append(' ').append(index.projection().projectionTypeAsString());
            design.add(text.toString());
        }
        design.sort(null);
        return design;
    }
}
