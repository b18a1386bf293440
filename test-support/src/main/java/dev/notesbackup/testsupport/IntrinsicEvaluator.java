package dev.notesbackup.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the intrinsic functions of a template parsed by {@link CloudFormationYaml} for given
 * parameter values, as CloudFormation would: {@code Ref}, {@code Fn::Join}, {@code Fn::Split},
 * {@code Fn::Sub}, {@code Fn::Select}, {@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And},
 * {@code Fn::Or}, {@code Fn::GetAtt} for attributes given as values named
 * {@code "Resource.Attribute"}, and {@code Fn::If} and {@code Condition} over the template's
 * Conditions when they are given, where {@code Ref AWS::NoValue} removes the list item or mapping
 * entry it stands for. Like CloudFormation, the delimiters of Join and Split and the
 * template string of Sub must be literal strings. Anything it cannot evaluate is an error, never
 * silently passed through.
 */
public final class IntrinsicEvaluator {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    /** Parameter, pseudo-parameter and "Resource.Attribute" values: a String or a List of Strings. */
    private final Map<String, Object> values;
    /** The template's Conditions section, for Fn::If. */
    private final Map<String, Object> conditions;
    /** What {@code Ref AWS::NoValue} evaluates to until the enclosing list or mapping drops it. */
    private static final Object NO_VALUE = new Object();

    public IntrinsicEvaluator(Map<String, Object> values) {
        this(values, Map.of());
    }

    public IntrinsicEvaluator(Map<String, Object> values, Map<String, Object> conditions) {
        this.values = Map.copyOf(values);
        this.conditions = Map.copyOf(conditions);
    }

    /** The same values, and the template's {@code Conditions} (name to condition) for {@code Fn::If}. */
    public IntrinsicEvaluator withConditions(Map<String, Object> templateConditions) {
        return new IntrinsicEvaluator(values, templateConditions);
    }

    public Object evaluate(Object node) {
        if (node instanceof List<?> list) {
            List<Object> result = new ArrayList<>();
            list.stream().map(this::evaluate).filter(item -> item != NO_VALUE).forEach(result::add);
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
            if (value != NO_VALUE) {
                result.put(String.valueOf(k), value);
            }
        });
        return result;
    }

    public String evaluateString(Object node) {
        Object value = evaluate(node);
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("Expected a string, got " + value + " from " + node);
        }
        return text;
    }

    public List<String> evaluateStrings(Object node) {
        Object value = evaluate(node);
        if (value instanceof String text) {
            return List.of(text);
        }
        List<String> result = new ArrayList<>();
        for (Object item : (List<?>) value) {
            if (!(item instanceof String text)) {
                throw new IllegalArgumentException("Expected a list of strings, got " + value + " from " + node);
            }
            result.add(text);
        }
        return result;
    }

    public boolean evaluateBoolean(Object node) {
        Object value = evaluate(node);
        if (!"true".equals(value) && !"false".equals(value)) {
            throw new IllegalArgumentException("Expected a condition, got " + value + " from " + node);
        }
        return Boolean.parseBoolean((String) value);
    }

    private Object function(String name, Object argument) {
        return switch (name) {
            case "Ref" -> "AWS::NoValue".equals(argument) ? NO_VALUE : lookUp(literal(argument, "Ref"));
            case "Fn::GetAtt" -> {
                List<?> parts = arguments(argument, 2, name);
                yield lookUp(parts.get(0) + "." + parts.get(1));
            }
            case "Fn::Join" -> {
                List<?> parts = arguments(argument, 2, name);
                yield String.join(literal(parts.get(0), "the Fn::Join delimiter"), evaluateStrings(parts.get(1)));
            }
            case "Fn::Split" -> {
                List<?> parts = arguments(argument, 2, name);
                String delimiter = literal(parts.get(0), "the Fn::Split delimiter");
                yield List.of(evaluateString(parts.get(1)).split(Pattern.quote(delimiter), -1));
            }
            case "Fn::Select" -> {
                List<?> parts = arguments(argument, 2, name);
                yield evaluateStrings(parts.get(1)).get(Integer.parseInt(evaluateString(parts.get(0))));
            }
            case "Fn::Sub" -> sub(argument);
            case "Fn::Equals" -> {
                List<?> parts = arguments(argument, 2, name);
                yield String.valueOf(evaluate(parts.get(0)).equals(evaluate(parts.get(1))));
            }
            case "Fn::Not" -> String.valueOf(!evaluateBoolean(arguments(argument, 1, name).get(0)));
            case "Fn::And" -> String.valueOf(((List<?>) argument).stream().allMatch(this::evaluateBoolean));
            case "Fn::Or" -> String.valueOf(((List<?>) argument).stream().anyMatch(this::evaluateBoolean));
            case "Condition" -> String.valueOf(condition(literal(argument, "Condition")));
            case "Fn::If" -> {
                List<?> parts = arguments(argument, 3, name);
                String condition = literal(parts.get(0), "the Fn::If condition");
                if (!conditions.containsKey(condition)) {
                    throw new IllegalArgumentException("Fn::If names condition " + condition
                            + ", which is not in the Conditions given (pass the template's Conditions)");
                }
                yield evaluate(condition(condition) ? parts.get(1) : parts.get(2));
            }
            default -> throw new IllegalArgumentException("Cannot evaluate " + name + " " + argument);
        };
    }

    private boolean condition(String name) {
        Object definition = conditions.get(name);
        if (definition == null) {
            throw new IllegalArgumentException("No condition " + name + " given (pass the template's Conditions)");
        }
        return evaluateBoolean(definition);
    }

    private String sub(Object argument) {
        String template;
        Map<String, Object> variables = new LinkedHashMap<>();
        if (argument instanceof String text) {
            template = text;
        } else {
            List<?> parts = arguments(argument, 2, "Fn::Sub");
            template = literal(parts.get(0), "the Fn::Sub template");
            ((Map<?, ?>) parts.get(1)).forEach((k, v) -> variables.put(String.valueOf(k), evaluateString(v)));
        }
        Matcher matcher = SUB_VARIABLE.matcher(template);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            String replacement = variable.startsWith("!") ? "${" + variable.substring(1) + "}"
                    : variables.containsKey(variable) ? (String) variables.get(variable)
                    : stringValue(variable);
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private String stringValue(String name) {
        Object value = lookUp(name);
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("${" + name + "} in Fn::Sub is a list: " + value);
        }
        return text;
    }

    private Object lookUp(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("No value given for " + name);
        }
        return value;
    }

    private static String literal(Object node, String what) {
        if (!(node instanceof String text)) {
            throw new IllegalArgumentException(what + " must be a literal string (CloudFormation rejects functions there), got " + node);
        }
        return text;
    }

    private static List<?> arguments(Object argument, int count, String function) {
        if (!(argument instanceof List<?> list) || list.size() != count) {
            throw new IllegalArgumentException(function + " takes " + count + " arguments, got " + argument);
        }
        return list;
    }
}
