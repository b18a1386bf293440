package dev.notesbackup.notes.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tools as a child process, the way an operator runs them: {@code java -cp <classpath>
 * dev.notesbackup.notes.cli.NotesTools <args>} with this JVM's java and, by default, this JVM's own
 * classpath (which holds the tools wherever a caller can name this class), so no jar path is named here.
 */
public final class NotesToolsProcess {
    private static final Pattern LISTENING = Pattern.compile(Pattern.quote(ServeCommand.LISTENING) + "(http://\\S+) ");
    private static final Pattern PAGE = Pattern.compile(Pattern.quote(ServeCommand.PAGE) + "(http://\\S+) ");

    private NotesToolsProcess() {
    }

    /** The command line for {@code args}. */
    public static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NotesTools.class.getName()));
        command.addAll(args);
        return command;
    }

    /**
     * A builder for {@code args} whose child runs under the C locale (ASCII as the platform charset)
     * with no locale or JVM option inherited and no file.encoding given: a charset bug shows.
     */
    public static ProcessBuilder underCLocale(List<String> args) {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.equals("LANG") || name.equals("LANGUAGE") || name.startsWith("LC_")
                || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS"));
        env.put("LC_ALL", "C");
        return builder;
    }

    /** A running {@code serve}: the API's address and the page's (null with {@code --no-web}); closing it stops it as Ctrl-C does. */
    public record Serving(Process process, URI baseUri, URI pageUri) implements AutoCloseable {
        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException("serve did not stop within 20 s of SIGTERM");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping serve", e);
            }
        }
    }

    /**
     * Starts {@code builder} (a {@code serve} command) with standard output to {@code stdout} (the
     * write-ahead log, as {@code serve > wal.log}) and errors to {@code stderr}, and waits until it listens.
     */
    public static Serving serve(ProcessBuilder builder, Path stdout, Path stderr, Duration timeout) throws IOException {
        Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String printed = Files.readString(stderr, StandardCharsets.ISO_8859_1);
                Matcher listening = LISTENING.matcher(printed);
                if (listening.find()) { // the page's line comes first
                    Matcher page = PAGE.matcher(printed);
                    return new Serving(process, URI.create(listening.group(1)), page.find() ? URI.create(page.group(1)) : null);
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("serve exited " + process.exitValue() + ": "
                            + Files.readString(stderr, StandardCharsets.UTF_8));
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        throw new IllegalStateException("serve did not listen within " + timeout.toSeconds() + " s: "
                + Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
