package dev.notesbackup.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a command to its end for a test: output and errors to temporary files (so that a chatty
 * child never blocks on a full pipe), killed if it outlives its time, both read back as UTF-8.
 */
public final class ChildProcess {
    /** What the command did; {@code stderr} is empty when it was merged into {@code stdout}. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private ChildProcess() {
    }

    /**
     * @param setUp adjusts the builder before the start (working directory, environment, merging errors)
     * @throws IllegalStateException when the command does not finish within {@code timeout}
     */
    public static Result run(List<String> command, Duration timeout, Consumer<ProcessBuilder> setUp) {
        try {
            Path out = Files.createTempFile("child-", ".out");
            Path err = Files.createTempFile("child-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                setUp.accept(builder);
                Process process = builder.start();
                process.getOutputStream().close();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command.get(0) + " did not finish in " + timeout.toSeconds() + " s: " + command);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
