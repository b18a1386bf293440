package dev.notesbackup.testsupport.lambdaruntime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small local implementation of the Lambda Runtime API (version 2018-06-01), the HTTP interface a
 * runtime such as AWS's runtime interface client polls for work, on 127.0.0.1:
 * <ul>
 *   <li>{@code GET /2018-06-01/runtime/invocation/next}: blocks until an invocation is queued, then
 *       answers with the event as body and the {@code Lambda-Runtime-Aws-Request-Id},
 *       {@code Lambda-Runtime-Deadline-Ms}, {@code Lambda-Runtime-Invoked-Function-Arn} and
 *       {@code Lambda-Runtime-Trace-Id} headers;</li>
 *   <li>{@code POST /2018-06-01/runtime/invocation/{id}/response} and {@code .../{id}/error}: the
 *       invocation's result (202);</li>
 *   <li>{@code POST /2018-06-01/runtime/init/error}: the function could not initialise (202).</li>
 * </ul>
 * Every request the runtime makes is recorded, so tests can say exactly what the runtime did.
 * One invocation at a time, like one Lambda execution environment.
 */
public final class RuntimeApiServer implements AutoCloseable {
    public static final String PREFIX = "/2018-06-01/runtime";
    private static final Pattern INVOCATION_RESULT = Pattern.compile(PREFIX + "/invocation/([^/]+)/(response|error)");

    /**
     * One request the runtime made: method, path, the error type header of error posts, body, and
     * when it arrived ({@link System#nanoTime} of this JVM), to time the runtime's phases.
     */
    public record Call(String method, String path, String errorType, String body, long receivedNanos) {
    }

    /** The outcome of one invocation, as the runtime posted it. */
    public record Outcome(String requestId, boolean success, String body, String errorType) {
    }

    /** What the runtime posted to {@code /init/error}. */
    public record InitError(String errorType, String body) {
    }

    private record Pending(String requestId, byte[] payload, long deadlineMs, String functionArn,
                           CompletableFuture<Outcome> outcome) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final CompletableFuture<InitError> initError = new CompletableFuture<>();
    private boolean closed;

    private RuntimeApiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on a free port of 127.0.0.1. */
    public static RuntimeApiServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            // next blocks a thread until work arrives; results must still be answered meanwhile
            ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "lambda-runtime-api");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            RuntimeApiServer api = new RuntimeApiServer(server, executor);
            server.createContext(PREFIX + "/", api::handle);
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local Lambda Runtime API", e);
        }
    }

    /** What Lambda puts in {@code AWS_LAMBDA_RUNTIME_API}: host and port. */
    public String hostAndPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Queues one invocation and returns at once; the runtime picks it up with its next poll.
     *
     * @param timeout the function's timeout: the deadline header is now plus this
     */
    public CompletableFuture<Outcome> submit(String payload, Duration timeout, String functionArn) {
        Pending pending = new Pending(UUID.randomUUID().toString(), payload.getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis() + timeout.toMillis(), functionArn, new CompletableFuture<>());
        queue.add(pending);
        return pending.outcome();
    }

    /** Completes once the runtime posts to {@code /init/error}. */
    public CompletableFuture<InitError> initError() {
        return initError;
    }

    public Optional<InitError> initErrorIfPosted() {
        return Optional.ofNullable(initError.getNow(null));
    }

    /** Every request the runtime made, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Paths the runtime requested, in order ({@code GET .../next} included). */
    public List<String> paths() {
        return calls.stream().map(call -> call.method() + " " + call.path()).toList();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long received = System.nanoTime();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String errorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
            calls.add(new Call(method, path, errorType, new String(body, StandardCharsets.UTF_8), received));
            if (method.equals("GET") && path.equals(PREFIX + "/invocation/next")) {
                next(exchange);
                return;
            }
            if (method.equals("POST") && path.equals(PREFIX + "/init/error")) {
                initError.complete(new InitError(errorType, new String(body, StandardCharsets.UTF_8)));
                respond(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            Matcher result = INVOCATION_RESULT.matcher(path);
            if (method.equals("POST") && result.matches()) {
                Pending pending = inFlight.remove(result.group(1));
                if (pending == null) {
                    respond(exchange, 400, "{\"errorMessage\":\"unknown request id\",\"errorType\":\"InvalidRequestID\"}");
                    return;
                }
                boolean success = result.group(2).equals("response");
                pending.outcome().complete(new Outcome(pending.requestId(), success,
                        new String(body, StandardCharsets.UTF_8), success ? null : errorType));
                respond(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            respond(exchange, 404, "{\"errorMessage\":\"not a Runtime API path\",\"errorType\":\"NotFound\"}");
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Pending pending;
        try {
            pending = queue.take();
        } catch (InterruptedException e) {
            // the server is closing: the runtime's poll fails and the runtime exits
            Thread.currentThread().interrupt();
            respond(exchange, 500, "{\"errorMessage\":\"shutting down\"}");
            return;
        }
        inFlight.put(pending.requestId(), pending);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(pending.deadlineMs()));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", pending.functionArn());
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
                "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + pending.requestId().replace("-", "").substring(0, 24)
                        + ";Parent=0000000000000001;Sampled=0");
        exchange.sendResponseHeaders(200, pending.payload().length);
        exchange.getResponseBody().write(pending.payload());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
