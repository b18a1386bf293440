package dev.notesbackup.verify.sam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Programmatic template changes that keep the template valid. */
final class TemplateReferences {
    private TemplateReferences() {
    }

    /**
     * Every reference to {@code logicalId} ({@code Ref}, {@code Fn::GetAtt [id, Arn]},
     * {@code ${id}} and {@code ${id.Arn}} in {@code Fn::Sub}, {@code DependsOn}) replaced by the
     * literal physical name and ARN: what a developer does who takes a resource out of a stack
     * and points the rest at the existing one. Any other reference is an error, not left dangling.
     */
    static Map<String, Object> replace(Map<String, Object> root, String logicalId, String name, String arn) {
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) walk(root, logicalId, name, arn);
        String text;
        try {
            text = new ObjectMapper().writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (text.contains("\"" + logicalId + "\"") || text.contains("${" + logicalId)) {
            throw new IllegalStateException("a reference to " + logicalId + " is left: " + text);
        }
        return result;
    }

    private static Object walk(Object node, String id, String name, String arn) {
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                if (!id.equals(item)) { // DependsOn: [id, ...]
                    out.add(walk(item, id, name, arn));
                }
            }
            return out;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return node;
        }
        if (map.size() == 1) {
            Object ref = map.get("Ref");
            if (id.equals(ref)) {
                return name;
            }
            if (map.get("Fn::GetAtt") instanceof List<?> getAtt && id.equals(getAtt.get(0))) {
                if (!"Arn".equals(getAtt.get(1))) {
                    throw new IllegalArgumentException("cannot replace GetAtt " + getAtt);
                }
                return arn;
            }
            if (map.get("Fn::Sub") instanceof String sub && sub.contains("${" + id)) {
                return Map.of("Fn::Sub", sub.replace("${" + id + ".Arn}", arn).replace("${" + id + "}", name));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if ("DependsOn".equals(key) && id.equals(value)) {
                return;
            }
            out.put(String.valueOf(key), walk(value, id, name, arn));
        });
        return out;
    }

    /**
     * Renames the table's hash key attribute ({@code X} becomes {@code X_v2}) wherever the
     * table's properties name it: its AttributeDefinitions, KeySchema and index key schemas. A
     * changed KeySchema is an update that requires replacement (CloudFormation's DynamoDB
     * documentation: KeySchema, "Update requires: Replacement").
     */
    @SuppressWarnings("unchecked")
    static void renameHashKey(Map<String, Object> tableProperties) {
        List<Map<String, Object>> keySchema = (List<Map<String, Object>>) tableProperties.get("KeySchema");
        String hash = keySchema.stream().filter(k -> "HASH".equals(k.get("KeyType")))
                .map(k -> (String) k.get("AttributeName")).findFirst().orElseThrow();
        rename(tableProperties, hash, hash + "_v2");
    }

    @SuppressWarnings("unchecked")
    private static void rename(Object node, String from, String to) {
        if (node instanceof List<?> list) {
            list.forEach(item -> rename(item, from, to));
        } else if (node instanceof Map<?, ?> map) {
            Map<String, Object> m = (Map<String, Object>) map;
            if (from.equals(m.get("AttributeName"))) {
                m.put("AttributeName", to);
            }
            m.values().forEach(value -> rename(value, from, to));
        }
    }
}
