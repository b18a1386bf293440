package dev.notesbackup.testsupport;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation / SAM template written in YAML into plain maps and lists. Every short-form
 * intrinsic tag becomes its long form, e.g. {@code !Ref X} is {@code {"Ref": "X"}},
 * {@code !GetAtt A.B} is {@code {"Fn::GetAtt": ["A", "B"]}} and {@code !Sub [s, {..}]} is
 * {@code {"Fn::Sub": [s, {..}]}}, so tests can inspect templates without caring which form was used.
 * Unknown tags and duplicate keys are errors, as they are for CloudFormation.
 */
public final class CloudFormationYaml {
    /** Short tag (without '!') to the long-form key. */
    static final Map<String, String> FUNCTIONS = Map.ofEntries(
            Map.entry("Ref", "Ref"),
            Map.entry("Condition", "Condition"),
            Map.entry("Sub", "Fn::Sub"),
            Map.entry("GetAtt", "Fn::GetAtt"),
            Map.entry("Join", "Fn::Join"),
            Map.entry("Split", "Fn::Split"),
            Map.entry("Select", "Fn::Select"),
            Map.entry("If", "Fn::If"),
            Map.entry("Equals", "Fn::Equals"),
            Map.entry("Not", "Fn::Not"),
            Map.entry("And", "Fn::And"),
            Map.entry("Or", "Fn::Or"),
            Map.entry("FindInMap", "Fn::FindInMap"),
            Map.entry("Base64", "Fn::Base64"),
            Map.entry("Cidr", "Fn::Cidr"),
            Map.entry("GetAZs", "Fn::GetAZs"),
            Map.entry("ImportValue", "Fn::ImportValue"));

    private CloudFormationYaml() {
    }

    public static Map<String, Object> load(Path template) {
        try (Reader reader = Files.newBufferedReader(template)) {
            return parse(reader, template.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + template, e);
        }
    }

    public static Map<String, Object> parse(String yaml) {
        return parse(new StringReader(yaml), "<string>");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(Reader reader, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object document = new Yaml(new IntrinsicConstructor(options)).load(reader);
        if (!(document instanceof Map)) {
            throw new IllegalArgumentException(source + " is not a YAML mapping, so not a template");
        }
        return (Map<String, Object>) document;
    }

    /**
     * The template at {@code relativePath} under the project root, or the file the system property
     * {@code property} names when it is set (to check another copy of the template).
     */
    public static Path templateFile(String property, String relativePath) {
        String override = System.getProperty(property);
        return override == null || override.isBlank() ? projectRoot().resolve(relativePath) : Path.of(override);
    }

    /**
     * The root of the Maven multi-module project: the nearest directory, from {@code user.dir}
     * upwards, that holds a {@code pom.xml} with {@code <packaging>pom</packaging>} next to a
     * {@code template.yaml}. Works whether tests run from the root or from a module.
     */
    public static Path projectRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isRegularFile(pom) && isParentPom(pom)) {
                return dir;
            }
        }
        throw new IllegalStateException("No parent pom.xml (packaging pom) with a template.yaml next to it above " + start);
    }

    private static boolean isParentPom(Path pom) {
        try {
            return Files.readString(pom).replaceAll("\\s", "").contains("<packaging>pom</packaging>");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pom, e);
        }
    }

    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            FUNCTIONS.forEach((shortTag, function) -> yamlConstructors.put(new Tag("!" + shortTag), new Intrinsic(function)));
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String function;

            Intrinsic(String function) {
                this.function = function;
            }

            @Override
            public Object construct(Node node) {
                Object argument;
                if (node instanceof ScalarNode scalar) {
                    String text = IntrinsicConstructor.this.constructScalar(scalar);
                    argument = function.equals("Fn::GetAtt") ? getAttArguments(text) : text;
                } else if (node instanceof SequenceNode sequence) {
                    argument = IntrinsicConstructor.this.constructSequence(sequence);
                } else {
                    argument = IntrinsicConstructor.this.constructMapping((MappingNode) node);
                }
                Map<String, Object> result = new LinkedHashMap<>();
                result.put(function, argument);
                return result;
            }

            /** {@code !GetAtt Resource.Attribute}; the attribute may itself contain dots (Endpoint.Address). */
            private List<String> getAttArguments(String text) {
                int dot = text.indexOf('.');
                if (dot <= 0 || dot == text.length() - 1) {
                    throw new IllegalArgumentException("!GetAtt needs Resource.Attribute, got '" + text + "'");
                }
                return List.of(text.substring(0, dot), text.substring(dot + 1));
            }
        }
    }
}
