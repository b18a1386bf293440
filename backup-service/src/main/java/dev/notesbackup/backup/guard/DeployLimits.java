package dev.notesbackup.backup.guard;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.notesbackup.backup.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS size limits a deploy of this project can run into, checked on the template and parameter
 * values of a change set before it is executed, so that the operator gets a clear message instead of
 * a failed (and rolled back) stack update:
 * <ul>
 *   <li>IAM: the inline policies of one role together hold at most {@value #ROLE_INLINE_POLICIES_CHARS}
 *       characters, whitespace not counted. A role's {@code Policies} and every {@code AWS::IAM::Policy}
 *       or {@code AWS::IAM::RolePolicy} attached to it count.</li>
 *   <li>Lambda: a function's environment variables together hold at most {@value #FUNCTION_ENVIRONMENT_BYTES}
 *       bytes, measured as Lambda measures them, on their JSON form.</li>
 *   <li>CloudFormation: a parameter value holds at most {@value #PARAMETER_VALUE_BYTES} bytes.</li>
 * </ul>
 * The template's intrinsic functions are evaluated for the change set's parameter values, as
 * CloudFormation would. Values only known once deployed (a resource's physical id or ARN) are
 * estimated from the stack name and logical id the way CloudFormation names resources, so a size
 * near a limit is an estimate within some tens of characters.
 */
public final class DeployLimits {
    public static final int ROLE_INLINE_POLICIES_CHARS = 10_240;
    public static final int FUNCTION_ENVIRONMENT_BYTES = 4_096;
    public static final int PARAMETER_VALUE_BYTES = 4_096;

    private static final String REMEDY = "configure fewer entries: a name prefix such as notes-* selects every table"
            + " whose name starts with notes- in one entry (README.md, \"Add a table to the backups\")";
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final String NO_VALUE = "AWS::NoValue";
    private static final String RANDOM_SUFFIX = "ABCDEFGHIJKLM"; // CloudFormation appends 12-13 such characters

    /** Where the stack lives, for pseudo parameters and the estimated ARNs. */
    public record Stack(String name, String partition, String region, String account) {
        /** From a stack or change set ARN, e.g. arn:aws:cloudformation:us-east-1:123456789012:stack/name/id. */
        public static Stack of(String stackName, String arn) {
            String[] parts = arn == null ? new String[0] : arn.split(":", 6);
            return parts.length == 6
                    ? new Stack(stackName, parts[1], parts[3], parts[4])
                    : new Stack(stackName, "aws", "us-east-1", "123456789012");
        }
    }

    /** What was found: reasons to refuse (a limit exceeded), and notes (what could not be estimated). */
    public record Findings(List<String> reasons, List<String> notes) {
    }

    private final Map<String, Object> template;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, Boolean> conditions = new LinkedHashMap<>();
    private final Stack stack;

    private DeployLimits(Map<String, Object> template, Map<String, String> parameters, Stack stack) {
        this.template = template;
        this.stack = stack;
        values.put("AWS::StackName", stack.name());
        values.put("AWS::Region", stack.region());
        values.put("AWS::AccountId", stack.account());
        values.put("AWS::Partition", stack.partition());
        values.put("AWS::URLSuffix", stack.partition().equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com");
        values.put("AWS::StackId", "arn:" + stack.partition() + ":cloudformation:" + stack.region() + ":" + stack.account()
                + ":stack/" + stack.name() + "/00000000-0000-0000-0000-000000000000");
        mapping(template.get("Parameters")).forEach((name, declaration) -> {
            Map<String, Object> d = mapping(declaration);
            Object value = parameters.containsKey(name) ? parameters.get(name) : d.get("Default");
            if (value != null) {
                String text = String.valueOf(value);
                values.put(name, String.valueOf(d.get("Type")).startsWith("CommaDelimitedList") || String.valueOf(d.get("Type")).startsWith("List<")
                        ? List.of(text.split(",", -1)) : text);
            }
        });
    }

    /**
     * Checks the template (as parsed by {@code CloudFormationTemplate}) deployed with these parameter
     * values (those left out take the template's defaults).
     */
    public static Findings check(Map<String, Object> template, Map<String, String> parameters, Stack stack) {
        return new DeployLimits(template, parameters, stack).check(parameters);
    }

    private Findings check(Map<String, String> parameters) {
        List<String> reasons = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String longestList = longestListParameter();
        String remedy = " " + (longestList == null ? "" : longestList + ": ") + REMEDY;
        parameters.forEach((name, value) -> parameterTooLong(name, value).ifPresent(reasons::add));
        Map<String, Object> resources = mapping(template.get("Resources"));
        resources.forEach((id, raw) -> {
            Map<String, Object> resource = mapping(raw);
            String type = String.valueOf(resource.get("Type"));
            try {
                if (!isCreated(resource)) {
                    return;
                }
                if (type.equals("AWS::IAM::Role")) {
                    int chars = rolePolicyChars(id, resource, resources);
                    if (chars > ROLE_INLINE_POLICIES_CHARS) {
                        reasons.add("role " + id + "'s inline policies would be " + format(chars) + " characters (whitespace"
                                + " not counted), over IAM's limit of " + format(ROLE_INLINE_POLICIES_CHARS)
                                + " characters for the inline policies of one role, so the deploy would fail;" + remedy);
                    }
                } else if (type.equals("AWS::Lambda::Function") || type.equals("AWS::Serverless::Function")) {
                    int bytes = environmentBytes(resource, type.equals("AWS::Serverless::Function"));
                    if (bytes > FUNCTION_ENVIRONMENT_BYTES) {
                        reasons.add("function " + id + "'s environment variables would be " + format(bytes) + " bytes, over"
                                + " Lambda's limit of 4 KB (" + format(FUNCTION_ENVIRONMENT_BYTES) + " bytes) for all of them"
                                + " together, so the deploy would fail;" + remedy);
                    }
                }
            } catch (IllegalArgumentException e) {
                notes.add("could not estimate the size of " + type + " " + id + " against the AWS limits: " + e.getMessage());
            }
        });
        return new Findings(reasons, notes);
    }

    /** Why a parameter value is too long for CloudFormation, if it is. */
    public static java.util.Optional<String> parameterTooLong(String name, String value) {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes <= PARAMETER_VALUE_BYTES) {
            return java.util.Optional.empty();
        }
        int entries = value.split(",", -1).length;
        return java.util.Optional.of("parameter " + name + " is " + format(bytes) + " bytes long, over CloudFormation's limit of "
                + format(PARAMETER_VALUE_BYTES) + " bytes for a parameter value" + (entries > 1 ? " (" + entries + " entries)" : "")
                + "; " + REMEDY);
    }

    /** The list parameter with the most entries, e.g. "TableNames has 70 entries", or null. */
    private String longestListParameter() {
        String name = null;
        int most = 1;
        for (var entry : mapping(template.get("Parameters")).entrySet()) {
            if (values.get(entry.getKey()) instanceof List<?> list && list.size() > most) {
                name = entry.getKey();
                most = list.size();
            }
        }
        return name == null ? null : name + " has " + most + " entries";
    }

    private boolean isCreated(Map<String, Object> resource) {
        Object condition = resource.get("Condition");
        return condition == null || condition(String.valueOf(condition));
    }

    private int rolePolicyChars(String roleId, Map<String, Object> role, Map<String, Object> resources) {
        int chars = 0;
        Object policies = evaluate(mapping(role.get("Properties")).get("Policies"));
        if (policies instanceof List<?> list) {
            for (Object policy : list) {
                chars += jsonChars(mapping(policy).get("PolicyDocument"));
            }
        }
        for (var entry : resources.entrySet()) {
            Map<String, Object> resource = mapping(entry.getValue());
            String type = String.valueOf(resource.get("Type"));
            Map<String, Object> properties = mapping(resource.get("Properties"));
            boolean attached = switch (type) {
                case "AWS::IAM::Policy" -> properties.get("Roles") instanceof List<?> roles
                        && roles.contains(Map.of("Ref", roleId));
                case "AWS::IAM::RolePolicy" -> Objects.equals(properties.get("RoleName"), Map.of("Ref", roleId));
                default -> false;
            };
            if (attached && isCreated(resource)) {
                chars += jsonChars(evaluate(properties.get("PolicyDocument")));
            }
        }
        return chars;
    }

    private int environmentBytes(Map<String, Object> function, boolean serverless) {
        Map<String, Object> variables = new LinkedHashMap<>();
        if (serverless) {
            variables.putAll(mapping(mapping(mapping(mapping(template.get("Globals")).get("Function")).get("Environment"))
                    .get("Variables")));
        }
        variables.putAll(mapping(mapping(mapping(function.get("Properties")).get("Environment")).get("Variables")));
        Object evaluated = evaluate(variables);
        return jsonText(evaluated).getBytes(StandardCharsets.UTF_8).length;
    }

    // ---- evaluating intrinsic functions ------------------------------------------------------

    private boolean condition(String name) {
        Boolean known = conditions.get(name);
        if (known != null) {
            return known;
        }
        Object definition = mapping(template.get("Conditions")).get(name);
        if (definition == null) {
            throw new IllegalArgumentException("no condition " + name);
        }
        boolean value = bool(definition);
        conditions.put(name, value);
        return value;
    }

    private boolean bool(Object node) {
        Object value = evaluate(node);
        if (!"true".equals(value) && !"false".equals(value)) {
            throw new IllegalArgumentException("expected a condition, got " + value);
        }
        return Boolean.parseBoolean((String) value);
    }

    private Object evaluate(Object node) {
        if (node instanceof List<?> list) {
            List<Object> result = new ArrayList<>();
            for (Object item : list) {
                Object value = evaluate(item);
                if (!NO_VALUE.equals(value)) {
                    result.add(value);
                }
            }
            return result;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return node instanceof Number || node instanceof Boolean ? node.toString() : node;
        }
        if (map.size() == 1) {
            String key = String.valueOf(map.keySet().iterator().next());
            if (key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition")) {
                return function(key, map.get(key));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            Object value = evaluate(v);
            if (!NO_VALUE.equals(value)) {
                result.put(String.valueOf(k), value);
            }
        });
        return result;
    }

    private Object function(String name, Object argument) {
        return switch (name) {
            case "Ref" -> ref(String.valueOf(argument));
            case "Condition" -> String.valueOf(condition(String.valueOf(argument)));
            case "Fn::GetAtt" -> {
                List<?> parts = argument instanceof String text ? List.of(text.split("\\.", 2)) : list(argument, 2, name);
                yield getAtt(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)));
            }
            case "Fn::Join" -> {
                List<?> parts = list(argument, 2, name);
                yield String.join(String.valueOf(evaluate(parts.get(0))), strings(evaluate(parts.get(1))));
            }
            case "Fn::Split" -> {
                List<?> parts = list(argument, 2, name);
                yield List.of(string(evaluate(parts.get(1))).split(Pattern.quote(string(evaluate(parts.get(0)))), -1));
            }
            case "Fn::Select" -> {
                List<?> parts = list(argument, 2, name);
                yield strings(evaluate(parts.get(1))).get(Integer.parseInt(string(evaluate(parts.get(0)))));
            }
            case "Fn::Sub" -> sub(argument);
            case "Fn::If" -> {
                List<?> parts = list(argument, 3, name);
                yield evaluate(condition(String.valueOf(parts.get(0))) ? parts.get(1) : parts.get(2));
            }
            case "Fn::Equals" -> {
                List<?> parts = list(argument, 2, name);
                yield String.valueOf(Objects.equals(evaluate(parts.get(0)), evaluate(parts.get(1))));
            }
            case "Fn::Not" -> String.valueOf(!bool(list(argument, 1, name).get(0)));
            case "Fn::And" -> String.valueOf(((List<?>) argument).stream().allMatch(this::bool));
            case "Fn::Or" -> String.valueOf(((List<?>) argument).stream().anyMatch(this::bool));
            default -> throw new IllegalArgumentException("cannot evaluate " + name);
        };
    }

    private Object ref(String name) {
        if (name.equals(NO_VALUE)) {
            return NO_VALUE;
        }
        if (values.containsKey(name)) {
            return values.get(name);
        }
        if (mapping(template.get("Resources")).containsKey(name)) {
            return physicalId(name); // a name or id CloudFormation assigns at deploy time
        }
        throw new IllegalArgumentException("no value for Ref " + name);
    }

    private String physicalId(String logicalId) {
        return stack.name() + "-" + logicalId + "-" + RANDOM_SUFFIX;
    }

    /** An ARN as long as the one CloudFormation will make; other attributes by the resource's id. */
    private String getAtt(String logicalId, String attribute) {
        Map<String, Object> resource = mapping(mapping(template.get("Resources")).get(logicalId));
        if (resource.isEmpty()) {
            throw new IllegalArgumentException("Fn::GetAtt of an unknown resource " + logicalId);
        }
        if (!attribute.equals("Arn")) {
            return physicalId(logicalId);
        }
        Object logGroupName = mapping(resource.get("Properties")).get("LogGroupName");
        if (resource.get("Type").equals("AWS::Logs::LogGroup") && logGroupName != null) {
            return "arn:" + stack.partition() + ":logs:" + stack.region() + ":" + stack.account() + ":log-group:"
                    + string(evaluate(logGroupName)) + ":*";
        }
        String[] type = String.valueOf(resource.get("Type")).split("::");
        String service = type.length > 1 ? type[1].toLowerCase() : "unknown";
        return "arn:" + stack.partition() + ":" + service + ":" + stack.region() + ":" + stack.account() + ":"
                + physicalId(logicalId);
    }

    private String sub(Object argument) {
        String text;
        Map<String, Object> variables = new LinkedHashMap<>();
        if (argument instanceof String s) {
            text = s;
        } else {
            List<?> parts = list(argument, 2, "Fn::Sub");
            text = String.valueOf(parts.get(0));
            mapping(parts.get(1)).forEach((k, v) -> variables.put(k, evaluate(v)));
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            String replacement;
            if (variable.startsWith("!")) {
                replacement = "${" + variable.substring(1) + "}";
            } else if (variables.containsKey(variable)) {
                replacement = string(variables.get(variable));
            } else if (variable.contains(".")) {
                String[] parts = variable.split("\\.", 2);
                replacement = getAtt(parts[0], parts[1]);
            } else {
                replacement = string(ref(variable));
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static String string(Object value) {
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("expected a string, got " + value);
        }
        return text;
    }

    private static List<String> strings(Object value) {
        if (value instanceof String text) {
            return List.of(text);
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("expected a list of strings, got " + value);
        }
        List<String> result = new ArrayList<>();
        list.forEach(item -> result.add(string(item)));
        return result;
    }

    private static List<?> list(Object argument, int count, String function) {
        if (!(argument instanceof List<?> list) || list.size() != count) {
            throw new IllegalArgumentException(function + " takes " + count + " arguments, got " + argument);
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        ((Map<Object, Object>) map).forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    // ---- sizes -------------------------------------------------------------------------------

    /** Characters of the JSON form without whitespace, as IAM counts a policy. */
    static int jsonChars(Object value) {
        return jsonText(value).replaceAll("\\s", "").length();
    }

    /** Compact JSON of maps, lists and strings (every scalar as a string, as the template holds it). */
    static String jsonText(Object value) {
        return Json.line(json -> writeValue(json, value));
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> member : map.entrySet()) {
                json.writeFieldName(String.valueOf(member.getKey()));
                writeValue(json, member.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                writeValue(json, element);
            }
            json.writeEndArray();
        } else {
            json.writeString(String.valueOf(value));
        }
    }

    private static String format(int number) {
        return String.format(java.util.Locale.ROOT, "%,d", number);
    }
}
