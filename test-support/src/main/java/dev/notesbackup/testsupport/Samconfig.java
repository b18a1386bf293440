package dev.notesbackup.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The repository's {@code samconfig.toml}, read with a TOML library the way the SAM CLI reads it:
 * one config env per stack ({@code [<env>.deploy.parameters]}), so tests deploy exactly what
 * {@code sam deploy --config-env <env>} would.
 */
public final class Samconfig {
    private final JsonNode root;
    private final Path file;

    private Samconfig(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    public static Samconfig read(Path file) {
        try {
            return new Samconfig(file, new TomlMapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The repository's own samconfig.toml, found from the working directory (a module or the root). */
    public static Samconfig ofRepository() {
        return read(CloudFormationYaml.projectRoot().resolve("samconfig.toml"));
    }

    /** The whole document (its version, and one table per config env). */
    public JsonNode root() {
        return root;
    }

    /** The config envs that have deploy parameters, in file order. */
    public List<String> envNames() {
        List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(name -> {
            if (root.path(name).path("deploy").path("parameters").isObject()) {
                names.add(name);
            }
        });
        return names;
    }

    /** {@code [<name>.deploy.parameters]} as written, for the settings {@link Env} does not model. */
    public JsonNode rawParameters(String name) {
        env(name);
        return root.path(name).path("deploy").path("parameters");
    }

    /** {@code [<name>.deploy.parameters]}. */
    public Env env(String name) {
        JsonNode params = root.path(name).path("deploy").path("parameters");
        if (!params.isObject()) {
            throw new IllegalArgumentException(file + " has no [" + name + ".deploy.parameters]");
        }
        return new Env(name,
                required(params, name, "stack_name"),
                CloudFormationYaml.projectRoot().resolve(required(params, name, "template_file")),
                params.path("region").asText("us-east-1"),
                List.of(params.path("capabilities").asText("").split("\\s+")),
                keyValues(params.path("parameter_overrides").asText("")),
                keyValues(params.path("tags").asText("")));
    }

    private String required(JsonNode params, String env, String key) {
        JsonNode value = params.get(key);
        if (value == null || value.asText().isBlank()) {
            throw new IllegalArgumentException(file + ": [" + env + ".deploy.parameters] has no " + key);
        }
        return value.asText();
    }

    /**
     * {@code Key=Value Key2="value with spaces"}, as the SAM CLI reads parameter_overrides and tags:
     * pairs separated by whitespace, a value optionally in double quotes.
     */
    static Map<String, String> keyValues(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= text.length()) {
                break;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                throw new IllegalArgumentException("not Key=Value at '" + text.substring(i) + "' in: " + text);
            }
            String key = text.substring(i, eq);
            int start = eq + 1;
            String value;
            if (start < text.length() && text.charAt(start) == '"') {
                int close = text.indexOf('"', start + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed quote after " + key + "= in: " + text);
                }
                value = text.substring(start + 1, close);
                i = close + 1;
            } else {
                int end = start;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                value = text.substring(start, end);
                i = end;
            }
            result.put(key, value);
        }
        return result;
    }

    /** One config env: what {@code sam deploy --config-env <name>} deploys. */
    public record Env(String name, String stackName, Path templateFile, String region, List<String> capabilities,
                      Map<String, String> parameterOverrides, Map<String, String> tags) {
    }
}
