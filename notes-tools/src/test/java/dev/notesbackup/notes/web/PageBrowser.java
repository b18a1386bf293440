package dev.notesbackup.notes.web;

import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.support.ResponseJson;
import dev.notesbackup.testsupport.ChildProcess;
import dev.notesbackup.testsupport.CloudFormationYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real browser on the notes page: {@code notes-tools/browser/page-test.mjs}, which drives the system's
 * headless Chromium with {@code playwright-core} (installed by the build's {@code npm ci} from the lock
 * file; Playwright's own browser download is never used), run as a child node process for one case.
 * A case that fails in the browser fails here, with the script's reason.
 */
final class PageBrowser {
    /** The Chromium executable (default Debian's, {@value #DEFAULT_CHROMIUM}). */
    static final String CHROMIUM_PROPERTY = "browser.chromium";
    static final String DEFAULT_CHROMIUM = "/usr/bin/chromium";
    /** The node executable (default {@code node}). */
    static final String NODE_PROPERTY = "browser.node";
    private static final Duration CASE_TIMEOUT = Duration.ofSeconds(90);

    /** What the page showed in one case, and what the browser logged meanwhile. */
    record Run(Map<String, Object> observed, List<Map<String, Object>> console, List<String> pageErrors,
               List<String> screenshots) {
        /** The browser's console messages of one type ({@code error}, {@code warning}, ...). */
        List<String> console(String type) {
            return console.stream().filter(m -> type.equals(m.get("type"))).map(m -> (String) m.get("text")).toList();
        }
    }

    private final Path screenshots;

    PageBrowser(Path screenshots) {
        this.screenshots = screenshots;
    }

    static Path directory() {
        return CloudFormationYaml.projectRoot().resolve("notes-tools/browser");
    }

    /** Runs {@code name} with the case's data; the page's URL and where screenshots go are added here. */
    @SuppressWarnings("unchecked")
    Run run(String name, String pageUrl, Map<String, Object> data) {
        Path chromium = Path.of(System.getProperty(CHROMIUM_PROPERTY, DEFAULT_CHROMIUM));
        if (!Files.isExecutable(chromium)) {
            throw new IllegalStateException("no Chromium at " + chromium + ": install Debian's package (apt-get install -y chromium;"
                    + " .ci/run does) or set -D" + CHROMIUM_PROPERTY);
        }
        if (!Files.isDirectory(directory().resolve("node_modules/playwright-core"))) {
            throw new IllegalStateException("playwright-core is not installed: run `npm ci` in " + directory()
                    + " (the build does it before the integration tests)");
        }
        Map<String, Object> input = new LinkedHashMap<>(data);
        input.put("case", name);
        input.put("page", pageUrl);
        input.put("chromium", chromium.toString());
        input.put("screenshots", screenshots.resolve(name).toAbsolutePath().toString());
        try {
            Path file = Files.createTempFile("page-test-", ".json");
            try {
                Files.writeString(file, Json.write(input), StandardCharsets.UTF_8);
                ChildProcess.Result result = ChildProcess.run(
                        List.of(System.getProperty(NODE_PROPERTY, "node"), "page-test.mjs", file.toString()), CASE_TIMEOUT,
                        builder -> builder.directory(directory().toFile()));
                if (result.exitCode() != 0) {
                    throw new AssertionError("the browser case '" + name + "' failed (exit " + result.exitCode() + "): "
                            + result.stderr() + result.stdout());
                }
                Map<String, Object> output = ResponseJson.object(result.stdout());
                return new Run((Map<String, Object>) output.get("observed"), (List<Map<String, Object>>) output.get("console"),
                        (List<String>) output.get("pageErrors"), (List<String>) output.get("screenshots"));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
