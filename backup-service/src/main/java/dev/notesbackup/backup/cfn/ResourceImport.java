package dev.notesbackup.backup.cfn;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.notesbackup.backup.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import software.amazon.awssdk.services.cloudformation.model.ResourceToImport;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The CloudFormation resource import that brings an existing table (a restored one) under a
 * stack's logical id: the template for the IMPORT change set and its resources to import. Pure.
 *
 * <p>AWS's rules for an import: every resource imported needs a DeletionPolicy (Retain here, which
 * a table must keep anyway), its template must name the resource by its primary identifier (the
 * table's {@code TableName}), and the change set may change nothing else: the template is the
 * stack's template with that one resource added or given the table's name, everything else as it
 * is. The table must match what the template declares, or the stack would hold a resource that
 * drifts from its template from the start: its key schema and attribute definitions are compared.
 */
public final class ResourceImport {
    public static final String TABLE_TYPE = "AWS::DynamoDB::Table";

    /**
     * @param templateBody      the template for the IMPORT change set, JSON
     * @param resourcesToImport the one resource, as CreateChangeSet takes it
     */
    public record Plan(String stackName, String logicalId, String tableName, String templateBody,
                       List<ResourceToImport> resourcesToImport) {
        /** The resources to import as the AWS CLI's {@code --resources-to-import file://...} reads them. */
        public String resourcesToImportJson() {
            List<Map<String, Object>> list = new ArrayList<>();
            for (ResourceToImport r : resourcesToImport) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("ResourceType", r.resourceType());
                entry.put("LogicalResourceId", r.logicalResourceId());
                entry.put("ResourceIdentifier", r.resourceIdentifier());
                list.add(entry);
            }
            return json(list);
        }
    }

    private ResourceImport() {
    }

    /**
     * @param stackTemplate the stack's current template, which the import keeps as it is
     * @param definition    the template whose resource {@code logicalId} the import takes (often the same)
     * @throws IllegalArgumentException when the logical id is not there, is not a table, or the table does not match it
     */
    public static Plan plan(String stackName, CloudFormationTemplate stackTemplate, CloudFormationTemplate definition,
                            String logicalId, TableDescription table) {
        Map<String, Object> resource = resource(definition, logicalId);
        Object type = resource.get("Type");
        if (!TABLE_TYPE.equals(type)) {
            throw new IllegalArgumentException("logical id " + logicalId + " is a " + type + ", not an " + TABLE_TYPE
                    + ": only a table can be adopted");
        }
        Map<String, Object> properties = mapping(resource.get("Properties"), logicalId + ".Properties");
        compare(logicalId, "key schema", keySchema(logicalId, properties), keySchema(table.keySchema()), table.tableName());
        compare(logicalId, "attribute definitions", attributeDefinitions(logicalId, properties),
                attributeDefinitions(table.attributeDefinitions()), table.tableName());

        Map<String, Object> imported = new LinkedHashMap<>(resource);
        Map<String, Object> importedProperties = new LinkedHashMap<>(properties);
        importedProperties.put("TableName", table.tableName());
        imported.put("Properties", importedProperties);
        imported.put("DeletionPolicy", "Retain");
        Map<String, Object> document = new LinkedHashMap<>(stackTemplate.document());
        Object version = document.get("AWSTemplateFormatVersion");
        if (version != null && !(version instanceof String)) {
            document.put("AWSTemplateFormatVersion", "2010-09-09"); // YAML read an unquoted 2010-09-09 as a date
        }
        Map<String, Object> resources = new LinkedHashMap<>(mapping(document.get("Resources"), "Resources"));
        resources.put(logicalId, imported);
        document.put("Resources", resources);
        ResourceToImport toImport = ResourceToImport.builder().resourceType(TABLE_TYPE).logicalResourceId(logicalId)
                .resourceIdentifier(Map.of("TableName", table.tableName())).build();
        return new Plan(stackName, logicalId, table.tableName(), json(longFormGetAtt(document)), List.of(toImport));
    }

    private static Map<String, Object> resource(CloudFormationTemplate template, String logicalId) {
        Map<String, Object> resources = mapping(template.document().get("Resources"), "Resources");
        Object resource = resources.get(logicalId);
        if (!(resource instanceof Map)) {
            List<String> tables = resources.entrySet().stream()
                    .filter(e -> e.getValue() instanceof Map<?, ?> m && TABLE_TYPE.equals(m.get("Type")))
                    .map(Map.Entry::getKey).toList();
            throw new IllegalArgumentException("the template has no resource with logical id " + logicalId
                    + "; its tables are " + (tables.isEmpty() ? "none" : String.join(", ", tables)));
        }
        return mapping(resource, logicalId);
    }

    private static void compare(String logicalId, String what, Collection<String> declared, Collection<String> actual, String table) {
        if (!new TreeSet<>(declared).equals(new TreeSet<>(actual))) {
            throw new IllegalArgumentException("table " + table + " does not match " + logicalId + ": its " + what + " is "
                    + new TreeSet<>(actual) + ", the template declares " + new TreeSet<>(declared)
                    + "; imported, it would drift from its template from the start. Adopt a table restored from "
                    + logicalId + "'s own backups.");
        }
    }

    private static List<String> keySchema(String logicalId, Map<String, Object> properties) {
        return list(properties.get("KeySchema"), logicalId + ".Properties.KeySchema").stream()
                .map(e -> literal(e, "AttributeName", logicalId) + " " + literal(e, "KeyType", logicalId)).toList();
    }

    private static List<String> keySchema(List<KeySchemaElement> elements) {
        return elements.stream().map(k -> k.attributeName() + " " + k.keyTypeAsString()).toList();
    }

    private static List<String> attributeDefinitions(String logicalId, Map<String, Object> properties) {
        return list(properties.get("AttributeDefinitions"), logicalId + ".Properties.AttributeDefinitions").stream()
                .map(e -> literal(e, "AttributeName", logicalId) + " " + literal(e, "AttributeType", logicalId)).toList();
    }

    private static List<String> attributeDefinitions(List<AttributeDefinition> definitions) {
        return definitions.stream().map(a -> a.attributeName() + " " + a.attributeTypeAsString()).toList();
    }

    /** A plain string of the template; an intrinsic function there cannot be compared with the table without deploying. */
    private static String literal(Object element, String key, String logicalId) {
        Object value = mapping(element, logicalId).get(key);
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(logicalId + " gives its " + key + " as " + value
                    + ", not a plain value: it cannot be compared with the table, so the table is not adopted");
        }
        return text;
    }

    /**
     * YAML's {@code !GetAtt A.B} reads as {@code {"Fn::GetAtt": "A.B"}}; in a JSON template
     * CloudFormation documents the list form {@code ["A", "B"]}, so the JSON written uses it.
     */
    @SuppressWarnings("unchecked")
    static Object longFormGetAtt(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((key, value) -> {
                if ("Fn::GetAtt".equals(key) && value instanceof String text && text.contains(".")) {
                    int dot = text.indexOf('.');
                    result.put(key, List.of(text.substring(0, dot), text.substring(dot + 1)));
                } else {
                    result.put(key, longFormGetAtt(value));
                }
            });
            return result;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(ResourceImport::longFormGetAtt).toList();
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object value, String where) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("the template's " + where + " is not a mapping");
        }
        return (Map<String, Object>) value;
    }

    private static List<?> list(Object value, String where) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("the template's " + where + " is not a list: " + Objects.toString(value));
        }
        return list;
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the import template as JSON", e);
        }
    }
}
