package dev.notesbackup.testsupport.lambdaruntime;

import dev.notesbackup.testsupport.CloudFormationYaml;
import dev.notesbackup.testsupport.IntrinsicEvaluator;
import dev.notesbackup.testsupport.Samconfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code AWS::Serverless::Function} of a SAM template as Lambda would configure it once the
 * stack is deployed with a samconfig env's values: its handler string, environment (intrinsics
 * resolved with the parameters, the pseudo parameters and the physical names CloudFormation would
 * give the stack's resources), logging configuration, memory, timeout, code and HTTP API routes.
 * {@code Globals.Function} is merged in as SAM merges it.
 *
 * @param logFormat           {@code LoggingConfig.LogFormat}, {@code Text} if absent (Lambda's default)
 * @param applicationLogLevel {@code LoggingConfig.ApplicationLogLevel} as the template states it, or null
 * @param logGroup            the log group Lambda writes to
 * @param httpRoutes          {@code "METHOD /path"} of every {@code HttpApi} event
 */
public record FunctionDefinition(
        String logicalId,
        String functionName,
        String handler,
        String runtime,
        int memorySize,
        int timeoutSeconds,
        Map<String, String> environment,
        String logFormat,
        String applicationLogLevel,
        String logGroup,
        Path code,
        List<String> httpRoutes) {

    public static final String ACCOUNT = "123456789012";

    public FunctionDefinition {
        environment = Map.copyOf(environment);
        httpRoutes = List.copyOf(httpRoutes);
    }

    /** The same function with some environment values replaced, as a person editing its configuration would. */
    public FunctionDefinition withEnvironment(Map<String, String> changes) {
        Map<String, String> changed = new LinkedHashMap<>(environment);
        changed.putAll(changes);
        return new FunctionDefinition(logicalId, functionName, handler, runtime, memorySize, timeoutSeconds, changed,
                logFormat, applicationLogLevel, logGroup, code, httpRoutes);
    }

    /** The same function with another {@code LoggingConfig.ApplicationLogLevel}. */
    public FunctionDefinition withApplicationLogLevel(String level) {
        return new FunctionDefinition(logicalId, functionName, handler, runtime, memorySize, timeoutSeconds, environment,
                logFormat, level, logGroup, code, httpRoutes);
    }

    public String arn(String region) {
        return "arn:aws:lambda:" + region + ":" + ACCOUNT + ":function:" + functionName;
    }

    public boolean jsonLogs() {
        return "JSON".equalsIgnoreCase(logFormat);
    }

    /**
     * The physical name CloudFormation gives a resource without an explicit name:
     * {@code <stack>-<logical id>-<suffix>}.
     */
    public static String physicalName(String stackName, String logicalId) {
        return stackName + "-" + logicalId + "-" + Integer.toHexString(Objects.hash(stackName, logicalId)).toUpperCase();
    }

    /**
     * The function {@code logicalId} of the samconfig env's template, with the env's parameter
     * overrides (and {@code extraParameters} over them, e.g. a different table list).
     */
    public static FunctionDefinition fromTemplate(Samconfig.Env env, String logicalId, Map<String, String> extraParameters) {
        Map<String, Object> template = CloudFormationYaml.load(env.templateFile());
        Map<String, String> overrides = new LinkedHashMap<>(env.parameterOverrides());
        overrides.putAll(extraParameters);
        Map<String, Object> values = values(template, env, overrides);
        IntrinsicEvaluator evaluator = new IntrinsicEvaluator(values);

        Map<String, Object> resource = map(map(template.get("Resources"), "Resources").get(logicalId), logicalId);
        if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
            throw new IllegalArgumentException(logicalId + " in " + env.templateFile() + " is not an AWS::Serverless::Function");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        Object globals = map(template.getOrDefault("Globals", Map.of()), "Globals").get("Function");
        if (globals != null) {
            properties.putAll(map(globals, "Globals.Function"));
        }
        Map<String, Object> own = map(resource.getOrDefault("Properties", Map.of()), logicalId + ".Properties");
        Map<String, String> environment = new LinkedHashMap<>();
        for (Map<String, Object> source : List.of(properties, own)) {
            Object variables = map(source.getOrDefault("Environment", Map.of()), "Environment").get("Variables");
            if (variables != null) {
                map(variables, "Environment.Variables").forEach((name, value) -> environment.put(name, evaluator.evaluateString(value)));
            }
        }
        properties.putAll(own);

        Map<String, Object> logging = map(properties.getOrDefault("LoggingConfig", Map.of()), "LoggingConfig");
        String functionName = properties.containsKey("FunctionName")
                ? evaluator.evaluateString(properties.get("FunctionName")) : physicalName(env.stackName(), logicalId);
        String logGroup = logging.containsKey("LogGroup")
                ? evaluator.evaluateString(logging.get("LogGroup")) : "/aws/lambda/" + functionName;

        List<String> routes = new ArrayList<>();
        map(properties.getOrDefault("Events", Map.of()), "Events").values().forEach(event -> {
            Map<String, Object> e = map(event, "event");
            if ("HttpApi".equals(e.get("Type"))) {
                Map<String, Object> p = map(e.get("Properties"), "HttpApi event properties");
                routes.add(evaluator.evaluateString(p.get("Method")).toUpperCase() + " " + evaluator.evaluateString(p.get("Path")));
            }
        });

        return new FunctionDefinition(
                logicalId,
                functionName,
                evaluator.evaluateString(required(properties, "Handler", logicalId)),
                evaluator.evaluateString(required(properties, "Runtime", logicalId)),
                Integer.parseInt(evaluator.evaluateString(properties.getOrDefault("MemorySize", "128"))),
                Integer.parseInt(evaluator.evaluateString(properties.getOrDefault("Timeout", "3"))),
                environment,
                logging.containsKey("LogFormat") ? evaluator.evaluateString(logging.get("LogFormat")) : "Text",
                logging.containsKey("ApplicationLogLevel") ? evaluator.evaluateString(logging.get("ApplicationLogLevel")) : null,
                logGroup,
                env.templateFile().getParent().resolve(evaluator.evaluateString(required(properties, "CodeUri", logicalId))).normalize(),
                routes);
    }

    /**
     * Parameters (template defaults, then the overrides; a CommaDelimitedList as a list), pseudo
     * parameters, and each resource's Ref value: the name it states (LogGroupName, TableName ...
     * evaluated) or the name CloudFormation would generate.
     */
    public static Map<String, Object> values(Map<String, Object> template, Samconfig.Env env, Map<String, String> overrides) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("AWS::StackName", env.stackName());
        values.put("AWS::Region", env.region());
        values.put("AWS::AccountId", ACCOUNT);
        values.put("AWS::Partition", "aws");
        values.put("AWS::URLSuffix", "amazonaws.com");
        values.put("AWS::NoValue", "");
        Map<String, Object> parameters = map(template.getOrDefault("Parameters", Map.of()), "Parameters");
        for (String override : overrides.keySet()) {
            if (!parameters.containsKey(override)) {
                throw new IllegalArgumentException("samconfig overrides " + override + ", which " + env.templateFile() + " does not declare");
            }
        }
        parameters.forEach((name, declaration) -> {
            Map<String, Object> parameter = map(declaration, name);
            String value = overrides.containsKey(name) ? overrides.get(name)
                    : parameter.containsKey("Default") ? String.valueOf(parameter.get("Default")) : null;
            if (value == null) {
                throw new IllegalArgumentException("parameter " + name + " of " + env.templateFile() + " has no default and no value");
            }
            values.put(name, "CommaDelimitedList".equals(parameter.get("Type")) ? List.of(value.split(",", -1)) : value);
        });
        IntrinsicEvaluator pseudo = new IntrinsicEvaluator(values);
        map(template.get("Resources"), "Resources").forEach((logicalId, declaration) -> {
            Map<String, Object> properties = map(map(declaration, logicalId).getOrDefault("Properties", Map.of()), logicalId);
            Object stated = properties.containsKey("LogGroupName") ? properties.get("LogGroupName") : properties.get("TableName");
            values.put(logicalId, stated != null ? pseudo.evaluateString(stated) : physicalName(env.stackName(), logicalId));
        });
        return values;
    }

    private static Object required(Map<String, Object> properties, String key, String logicalId) {
        Object value = properties.get(key);
        if (value == null) {
            throw new IllegalArgumentException(logicalId + " has no " + key);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String what) {
        if (!(node instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(what + " is not a mapping: " + node);
        }
        return (Map<String, Object>) node;
    }
}
