package dev.notesbackup.backup.cfn;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.notesbackup.backup.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A CloudFormation (or SAM) template read into plain maps, only as far as the guard and the audit
 * need it: {@code Metadata.ProjectIdentity}, the declared parameters and each resource's type,
 * DeletionPolicy and UpdateReplacePolicy.
 *
 * <p>JSON templates are read with Jackson, YAML ones with SnakeYAML. Every YAML tag that is not a
 * standard one is accepted: a short-form intrinsic such as {@code !Ref X} or {@code !GetAtt A.B}
 * becomes its long form ({@code {"Ref": "X"}}, {@code {"Fn::GetAtt": "A.B"}}), so any template
 * CloudFormation accepts can be read, whichever functions it uses.
 */
public final class CloudFormationTemplate {
    /** The Metadata key both of this project's templates set to say which project a stack belongs to. */
    public static final String PROJECT_IDENTITY = "ProjectIdentity";
    /** CloudFormation's own limit for a template body is 1 MB (from S3); anything far beyond is not a template. */
    private static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

    private final Map<String, Object> document;

    private CloudFormationTemplate(Map<String, Object> document) {
        this.document = Collections.unmodifiableMap(document);
    }

    /**
     * Parses a template body as GetTemplate returns it or as it is on disk.
     *
     * @throws IllegalArgumentException when the body is neither JSON nor YAML, or not a mapping
     */
    public static CloudFormationTemplate parse(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("the template is empty");
        }
        String trimmed = body.strip();
        Object document = trimmed.startsWith("{") ? parseJson(trimmed) : parseYaml(body);
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the template is not a JSON object or YAML mapping");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), v));
        return new CloudFormationTemplate(result);
    }

    /** The whole template as maps, lists and scalars. */
    public Map<String, Object> document() {
        return document;
    }

    /** {@code Metadata.ProjectIdentity}, if the template sets it; a non-string value is rendered as text. */
    public Optional<String> projectIdentity() {
        Object value = mapping(document.get("Metadata")).get(PROJECT_IDENTITY);
        if (value == null) {
            return Optional.empty();
        }
        String text = String.valueOf(value).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** Names of the template's declared parameters, in template order. */
    public List<String> parameterNames() {
        return List.copyOf(mapping(document.get("Parameters")).keySet());
    }

    /** Whether the template declares a resource with this logical id. */
    public boolean hasResource(String logicalId) {
        return mapping(document.get("Resources")).get(logicalId) instanceof Map;
    }

    /** The resource's {@code Type}, if the resource and its type are there. */
    public Optional<String> resourceType(String logicalId) {
        return resourceAttribute(logicalId, "Type");
    }

    /**
     * A top-level attribute of a resource as text ({@code DeletionPolicy}, {@code UpdateReplacePolicy},
     * {@code Type} ...). An intrinsic function in its place (e.g. {@code !If}) is returned in its long
     * form as text, e.g. {@code {Fn::If=[...]}}, so callers can tell it is not a plain value.
     */
    public Optional<String> resourceAttribute(String logicalId, String attribute) {
        Object resource = mapping(document.get("Resources")).get(logicalId);
        if (!(resource instanceof Map<?, ?> map)) {
            return Optional.empty();
        }
        Object value = map.get(attribute);
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    // ---- YAML --------------------------------------------------------------------------------

    private static Object parseYaml(String body) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowDuplicateKeys(true);
        try {
            return new Yaml(new AnyTagConstructor(options)).load(body);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("the template is not valid YAML: " + firstLine(e.getMessage()), e);
        }
    }

    /** The safe constructor, plus: any unknown tag {@code !Name} becomes {@code {"Fn::Name": value}} ({@code Ref}, {@code Condition} stay bare). */
    private static final class AnyTagConstructor extends SafeConstructor {
        AnyTagConstructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(null, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue();
                    String name = tag.startsWith("!") ? tag.substring(1) : tag;
                    String function = name.equals("Ref") || name.equals("Condition") || name.startsWith("Fn::")
                            ? name : "Fn::" + name;
                    Object argument;
                    if (node instanceof ScalarNode scalar) {
                        argument = constructScalar(scalar);
                    } else if (node instanceof SequenceNode sequence) {
                        argument = constructSequence(sequence);
                    } else {
                        argument = constructMapping((MappingNode) node);
                    }
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put(function, argument);
                    return result;
                }
            });
        }
    }

    // ---- JSON --------------------------------------------------------------------------------

    /** JSON keeps its key order (Jackson reads objects into LinkedHashMaps), as YAML mappings do. */
    private static Object parseJson(String body) {
        try {
            return Json.mapper().readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the template is not valid JSON: " + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
