package dev.notesbackup.backup.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.testsupport.CloudFormationYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every stack's template (backup, notes, vault) passes cfn-lint (SAM aware), so the README's test command checks them too. */
class CfnLintTest {

    @Test
    void everyTemplate_passesCfnLint() throws Exception {
        Path root = CloudFormationYaml.projectRoot();
        List<String> command = new ArrayList<>(List.of(cfnLint(), "--"));
        for (Path template : List.of(root.resolve("template.yaml"), root.resolve("notes-service/template.yaml"),
                root.resolve("vault/template.yaml"))) {
            if (Files.isRegularFile(template)) {
                command.add(root.relativize(template).toString());
            }
        }
        assertThat(command).as("templates to lint").contains("template.yaml");

        Process lint = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(120, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();

        assertThat(lint.exitValue()).as("cfn-lint %s%n%s", command, output).isZero();
    }

    private static String cfnLint() {
        try {
            Process probe = new ProcessBuilder("cfn-lint", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                return "cfn-lint";
            }
        } catch (IOException e) {
            // not on PATH: fall through to the clear message below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("cfn-lint is not installed: install it with `pip install cfn-lint` (Python 3)");
    }
}
