package dev.notesbackup.backup.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.notesbackup.testsupport.CloudFormationYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The repository's samconfig.toml, read with a TOML library, so tests deploy and guard with exactly
 * the values {@code sam deploy --config-env <env>} would use.
 */
public final class SamconfigFile {
    private final Path file;
    private final JsonNode root;

    private SamconfigFile(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** The samconfig.toml at the project's root. */
    public static SamconfigFile ofRepository() {
        Path file = CloudFormationYaml.projectRoot().resolve("samconfig.toml");
        try {
            return new SamconfigFile(file, new TomlMapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The whole document (version, and one table per config env). */
    public JsonNode root() {
        return root;
    }

    /** {@code [<name>.deploy.parameters]}. */
    public Env env(String name) {
        JsonNode parameters = root.path(name).path("deploy").path("parameters");
        if (!parameters.isObject()) {
            throw new IllegalArgumentException(file + " has no [" + name + ".deploy.parameters]");
        }
        return new Env(name, parameters);
    }

    /** One config env's deploy parameters. */
    public record Env(String name, JsonNode parameters) {
        public String text(String key) {
            JsonNode value = parameters.get(key);
            if (value == null || !value.isValueNode()) {
                throw new IllegalArgumentException("[" + name + ".deploy.parameters] has no " + key);
            }
            return value.asText();
        }

        public String stackName() {
            return text("stack_name");
        }

        /** The template file, resolved against the project's root as sam deploy resolves it. */
        public Path templateFile() {
            return CloudFormationYaml.projectRoot().resolve(text("template_file"));
        }

        public Map<String, String> parameterOverrides() {
            return parameters.has("parameter_overrides") ? keyValues(text("parameter_overrides")) : Map.of();
        }

        public Map<String, String> tags() {
            return parameters.has("tags") ? keyValues(text("tags")) : Map.of();
        }
    }

    /**
     * {@code Key=Value Key2="value, with spaces"} as the SAM CLI reads parameter_overrides and tags:
     * pairs separated by whitespace, a value optionally in double quotes (a backslash escapes the next
     * character inside them).
     */
    static Map<String, String> keyValues(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        int i = 0;
        while (true) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= text.length()) {
                return result;
            }
            int eq = text.indexOf('=', i);
            if (eq <= i) {
                throw new IllegalArgumentException("not Key=Value at '" + text.substring(i) + "' in: " + text);
            }
            String key = text.substring(i, eq);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
                if (i >= text.length()) {
                    throw new IllegalArgumentException("unclosed quote in the value of " + key + " in: " + text);
                }
                i++;
            } else {
                while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                    value.append(text.charAt(i++));
                }
            }
            result.put(key, value.toString());
        }
    }

    /** Every config env that has deploy parameters. */
    public List<String> envNames() {
        List<String> names = new ArrayList<>();
        root.fields().forEachRemaining(e -> {
            if (e.getValue().path("deploy").path("parameters").isObject()) {
                names.add(e.getKey());
            }
        });
        return names;
    }
}
