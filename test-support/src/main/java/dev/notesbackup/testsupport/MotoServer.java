package dev.notesbackup.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local AWS stand-in: a {@code moto.server} child process on a free loopback port.
 *
 * <p>The process is launched through a small Python wrapper whose watchdog thread exits the
 * process as soon as its stdin closes or its parent changes, so no moto survives its JVM, not even
 * a {@code kill -9}. {@link #close()} and a shutdown hook (Ctrl-C) stop it in the ordinary way.
 *
 * <p>The Python executable is the system property {@code moto.python} (default {@code python3}).
 */
public final class MotoServer implements AutoCloseable {
    /** System property naming the Python executable that has {@code moto[server]}. */
    public static final String PYTHON_PROPERTY = "moto.python";
    static final String NOT_FOUND = "moto server not found: install Python 3 and `pip install 'moto[server]'`"
            + " (or set -Dmoto.python=/path/to/python3)";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final int LOG_LINES_IN_ERRORS = 25;

    /**
     * Exits (os._exit, no cleanup needed) when the JVM's end of stdin closes or the parent pid
     * changes (the JVM died and the process was re-parented), then runs moto on argv[1].
     */
    private static final String WRAPPER = String.join("\n",
            "import os, sys, threading, time",
            "parent = os.getppid()",
            "def stdin_closed():",
            "    try:",
            "        while os.read(0, 4096):",
            "            pass",
            "    except OSError:",
            "        pass",
            "    os._exit(0)",
            "def parent_gone():",
            "    while os.getppid() == parent:",
            "        time.sleep(0.5)",
            "    os._exit(0)",
            "threading.Thread(target=stdin_closed, daemon=True).start()",
            "threading.Thread(target=parent_gone, daemon=True).start()",
            "import moto.server",
            "moto.server.main(['-H', '127.0.0.1', '-p', sys.argv[1]])",
            "");

    private final Process process;
    private final int port;
    private final URI endpoint;
    private final Path logFile;
    private final HttpClient http;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private MotoServer(Process process, int port, Path logFile, HttpClient http) {
        this.process = process;
        this.port = port;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.logFile = logFile;
        this.http = http;
        this.shutdownHook = new Thread(this::stopProcess, "moto-server-shutdown-" + port);
    }

    /** Starts moto on a free loopback port and waits until it answers HTTP. */
    public static MotoServer start() {
        String python = System.getProperty(PYTHON_PROPERTY, "python3");
        checkPython(python);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken before moto binds it
            int port = freePort();
            Path log = logFile(port);
            Process process;
            try {
                process = new ProcessBuilder(python, "-c", WRAPPER, Integer.toString(port))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException(NOT_FOUND + ": " + e.getMessage(), e);
            }
            MotoServer server = new MotoServer(process, port, log, http);
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            try {
                server.awaitUp();
                return server;
            } catch (IllegalStateException e) {
                server.close();
                last = e;
                if (!tail(log).contains("Address already in use")) {
                    throw e;
                }
            }
        }
        throw last;
    }

    /** The base URI of the server, e.g. {@code http://127.0.0.1:49152}. */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return port;
    }

    /** The process id of the moto (Python) process. */
    public long pid() {
        return process.pid();
    }

    /** Where moto's output goes. */
    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Wipes every resource in every service ({@code POST /moto-api/reset}). */
    public void reset() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto reset failed: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    /** Stops the server (idempotent): terminate, wait, then kill. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
        stopProcess();
    }

    @Override
    public String toString() {
        return "MotoServer[" + endpoint + ", pid " + process.pid() + ", log " + logFile + "]";
    }

    private void stopProcess() {
        try {
            process.getOutputStream().close(); // the wrapper's watchdog exits on EOF
        } catch (IOException ignored) {
            // already closed
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitUp() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto server exited (code " + process.exitValue()
                        + ") before answering on " + endpoint + "; last lines of " + logFile + ":\n" + tail(logFile));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto", e);
            }
            sleep(100);
        }
        throw new IllegalStateException("moto server did not answer on " + endpoint + " within "
                + STARTUP_TIMEOUT.toSeconds() + " s; last lines of " + logFile + ":\n" + tail(logFile));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("moto server at " + endpoint + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void checkPython(String python) {
        Process check;
        try {
            check = new ProcessBuilder(python, "-c", "import moto.server, flask")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(NOT_FOUND + " [cannot run '" + python + "': " + e.getMessage() + "]", e);
        }
        try {
            check.getOutputStream().close();
            byte[] output = check.getInputStream().readAllBytes();
            if (!check.waitFor(60, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                throw new IllegalStateException(NOT_FOUND + " ['" + python + "' did not finish importing moto in 60 s]");
            }
            if (check.exitValue() != 0) {
                String text = new String(output, StandardCharsets.UTF_8).strip();
                List<String> lines = text.lines().toList();
                String lastLine = lines.isEmpty() ? "exit code " + check.exitValue() : lines.get(lines.size() - 1);
                throw new IllegalStateException(NOT_FOUND + " ['" + python + "': " + lastLine + "]");
            }
        } catch (IOException e) {
            throw new IllegalStateException(NOT_FOUND + " [" + e.getMessage() + "]", e);
        } catch (InterruptedException e) {
            check.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking for moto", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static Path logFile(int port) {
        try {
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                return target.resolve("moto-" + port + ".log").toAbsolutePath();
            }
            Path temp = Files.createTempFile("moto-" + port + "-", ".log");
            temp.toFile().deleteOnExit();
            return temp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create moto log file", e);
        }
    }

    static String tail(Path file) {
        try {
            List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_ERRORS), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto", e);
        }
    }
}
