package dev.notesbackup.verify.sam;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.testsupport.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Asks moto itself which CloudFormation resource types it has a model for
 * ({@code moto.cloudformation.parsing.resource_class_from_type}), so that "moto skips this type"
 * is moto's word, not ours.
 */
final class MotoModels {
    private static final String SCRIPT = String.join("\n",
            "import json, sys, warnings",
            "warnings.simplefilter('ignore')",
            "from moto.cloudformation.parsing import resource_class_from_type",
            "print(json.dumps({t: resource_class_from_type(t) is not None for t in sys.argv[1:]}))");

    private MotoModels() {
    }

    /** Resource type to whether moto's CloudFormation models it. */
    static Map<String, Boolean> modelled(Collection<String> types) {
        List<String> command = new ArrayList<>(List.of(System.getProperty(MotoServer.PYTHON_PROPERTY, "python3"), "-c", SCRIPT));
        command.addAll(new TreeSet<>(types));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("cannot ask moto for its CloudFormation models: " + command + "\n" + out);
            }
            // moto prints a notice for each type it lacks; the JSON is the last line
            List<String> lines = out.lines().toList();
            return new ObjectMapper().readValue(lines.get(lines.size() - 1), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
