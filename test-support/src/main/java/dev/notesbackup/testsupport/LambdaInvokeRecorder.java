package dev.notesbackup.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's Invoke API on loopback, for asynchronous invocations only: {@code POST
 * /2015-03-31/functions/{name}/invocations} with {@code X-Amz-Invocation-Type: Event} is answered
 * 202 and its payload kept, so a test or the bench decides when (and how often) the invocation is
 * delivered to a handler, as Lambda's own queue would. Point an SDK client at {@link #endpoint()}
 * (e.g. {@code AWS_ENDPOINT_URL_LAMBDA}).
 *
 * <p>What AWS refuses is refused the same way: any other invocation type, a payload over the
 * asynchronous limit of 1 MB (413 RequestTooLargeException), a body that is not JSON. A test can
 * also make the next calls fail with 429 TooManyRequestsException.
 */
public final class LambdaInvokeRecorder implements AutoCloseable {
    /** Lambda's limit for an asynchronous invocation's payload. */
    public static final int MAX_EVENT_PAYLOAD_BYTES = 1024 * 1024;
    private static final Pattern PATH = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");

    /**
     * One accepted invocation.
     *
     * @param functionName the function as the caller named it (name, ARN or partial ARN)
     * @param qualifier    the {@code Qualifier} query parameter, or null
     * @param payload      the event, as sent
     */
    public record Invocation(String functionName, String qualifier, String payload) {
    }

    private final HttpServer server;
    private final URI endpoint;
    private final LinkedBlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final List<Invocation> all = new ArrayList<>();
    private final AtomicInteger throttleNext = new AtomicInteger();

    private LambdaInvokeRecorder() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public static LambdaInvokeRecorder start() {
        try {
            return new LambdaInvokeRecorder();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Lambda Invoke recorder on loopback", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The next {@code count} invocations get 429 TooManyRequestsException, as under Lambda's throttling. */
    public LambdaInvokeRecorder throttleNext(int count) {
        throttleNext.set(count);
        return this;
    }

    /** Every invocation accepted so far, in order (delivered or not). */
    public synchronized List<Invocation> invocations() {
        return List.copyOf(all);
    }

    /** The oldest accepted invocation not yet taken, waiting up to {@code timeout}; null if none came. */
    public Invocation take(Duration timeout) throws InterruptedException {
        return pending.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The oldest accepted invocation not yet taken, or null. */
    public Invocation poll() {
        return pending.poll();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Matcher path = PATH.matcher(exchange.getRequestURI().getRawPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
                error(exchange, 404, "ResourceNotFoundException", "No such operation: "
                        + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
            if (!"Event".equals(type)) {
                error(exchange, 400, "InvalidParameterValueException", "this recorder accepts only asynchronous"
                        + " invocations (X-Amz-Invocation-Type: Event), got " + type);
                return;
            }
            if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                error(exchange, 429, "TooManyRequestsException", "Rate Exceeded.");
                return;
            }
            if (body.length > MAX_EVENT_PAYLOAD_BYTES) {
                error(exchange, 413, "RequestTooLargeException", "Request must be smaller than "
                        + MAX_EVENT_PAYLOAD_BYTES + " bytes for the Invoke operation");
                return;
            }
            String payload = new String(body, StandardCharsets.UTF_8);
            if (!looksLikeJson(payload)) {
                error(exchange, 400, "InvalidRequestContentException", "Could not parse request body into json");
                return;
            }
            Invocation invocation = new Invocation(URLDecoder.decode(path.group(1), StandardCharsets.UTF_8),
                    qualifier(exchange.getRequestURI().getRawQuery()), payload);
            synchronized (this) {
                all.add(invocation);
            }
            pending.add(invocation);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(202, -1);
        }
    }

    private static boolean looksLikeJson(String payload) {
        String trimmed = payload.strip();
        return trimmed.startsWith("{") && trimmed.endsWith("}") || trimmed.startsWith("[") && trimmed.endsWith("]")
                || trimmed.startsWith("\"") && trimmed.endsWith("\"");
    }

    private static String qualifier(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("Qualifier=")) {
                return URLDecoder.decode(pair.substring("Qualifier=".length()), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        byte[] body = ("{\"Type\":\"User\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Amzn-ErrorType", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
