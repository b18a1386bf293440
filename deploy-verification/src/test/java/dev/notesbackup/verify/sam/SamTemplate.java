package dev.notesbackup.verify.sam;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.notesbackup.testsupport.CloudFormationYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A shipped SAM template (as its config env names it), read into maps (short-form tags in long
 * form), changed programmatically and written out again as a JSON SAM template for
 * {@link dev.notesbackup.testsupport.SamPackage}: so each modified template is the shipped one plus
 * exactly the stated change, never a hand-copied YAML that drifts.
 */
final class SamTemplate {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path source;
    private final Map<String, Object> root;

    private SamTemplate(Path source, Map<String, Object> root) {
        this.source = source;
        this.root = root;
    }

    /** The template as shipped. */
    static SamTemplate shipped(Path templateFile) {
        return new SamTemplate(templateFile, deepCopy(CloudFormationYaml.load(templateFile)));
    }

    /** A copy of this template with {@code change} applied to the copy's root map. */
    SamTemplate with(UnaryOperator<Map<String, Object>> change) {
        return new SamTemplate(source, change.apply(deepCopy(root)));
    }

    Map<String, Object> root() {
        return root;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resources(Map<String, Object> root) {
        return (Map<String, Object>) root.get("Resources");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> root, String logicalId) {
        Map<String, Object> resource = (Map<String, Object>) resources(root).get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException("no resource " + logicalId + " in the template");
        }
        return (Map<String, Object>) resource.get("Properties");
    }

    /** The logical ids of the resources of {@code type}. */
    @SuppressWarnings("unchecked")
    static List<String> logicalIdsOfType(Map<String, Object> root, String type) {
        return resources(root).entrySet().stream()
                .filter(e -> type.equals(((Map<String, Object>) e.getValue()).get("Type")))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The one resource of {@code type}. */
    static String onlyLogicalIdOfType(Map<String, Object> root, String type) {
        List<String> ids = logicalIdsOfType(root, type);
        if (ids.size() != 1) {
            throw new IllegalArgumentException("expected one " + type + ", found " + ids);
        }
        return ids.get(0);
    }

    /**
     * Writes the template as JSON into {@code directory}. Each function's relative {@code CodeUri}
     * is made absolute against the shipped template's directory, so the copy packages the same jar.
     */
    @SuppressWarnings("unchecked")
    Path write(Path directory, String name) {
        Map<String, Object> out = deepCopy(root);
        for (String id : logicalIdsOfType(out, "AWS::Serverless::Function")) {
            Map<String, Object> props = properties(out, id);
            if (props.get("CodeUri") instanceof String codeUri && !codeUri.startsWith("s3://")) {
                props.put("CodeUri", source.toAbsolutePath().getParent().resolve(codeUri).normalize().toString());
            }
        }
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(name + ".json");
            JSON.writeValue(file.toFile(), out);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        try {
            return JSON.readValue(JSON.writeValueAsBytes(map), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
