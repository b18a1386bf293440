package dev.notesbackup.notes.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.notesbackup.notes.domain.Limits;
import dev.notesbackup.notes.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Serves the notes API on localhost the way API Gateway's HTTP API does: each HTTP request becomes
 * an {@link APIGatewayV2HTTPEvent} (payload format 2.0), the real handler answers it, and its
 * response event becomes the HTTP response. Bodies above {@value #MAX_BODY_BYTES} bytes are refused
 * here with 413 (API Gateway's own limit is 10 MB; the handler refuses anything above 16 KiB).
 * Its own refusals (413, a handler that throws) carry the API's documented error body.
 * <p>
 * Slow clients: {@value #WORKERS} workers, and a request that is not read and answered within
 * {@value #MAX_REQUEST_SECONDS} s has its connection closed (the JDK server's
 * {@code sun.net.httpserver.maxReqTime}, set unless given), so a few connections that send headers and
 * half a body cannot block the server. Requests the JDK server itself refuses before any handler
 * runs (a negative Content-Length, a Transfer-Encoding other than chunked, a request target such as
 * {@code //notes} that has no path) are answered by it, with its own short HTML body: see README.
 */
public final class LocalNotesServer implements AutoCloseable {
    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final int WORKERS = 16;
    static final int MAX_REQUEST_SECONDS = 10;
    private static final String MAX_REQUEST_TIME_PROPERTY = "sun.net.httpserver.maxReqTime";
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ExecutorService executor;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
    private final PrintStream log;

    private LocalNotesServer(HttpServer server, ExecutorService executor,
                             RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, PrintStream log) {
        this.server = server;
        this.executor = executor;
        this.handler = handler;
        this.log = log;
    }

    /** Starts serving on {@code host:port} (port 0 picks a free one). */
    public static LocalNotesServer start(String host, int port,
                                         RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                                         PrintStream log) throws IOException {
        // read once by the JDK server, when its first instance in this JVM is made
        if (System.getProperty(MAX_REQUEST_TIME_PROPERTY) == null) {
            System.setProperty(MAX_REQUEST_TIME_PROPERTY, String.valueOf(MAX_REQUEST_SECONDS));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(WORKERS, runnable -> {
            Thread thread = new Thread(runnable, "notes-local-http");
            thread.setDaemon(true);
            return thread;
        });
        LocalNotesServer local = new LocalNotesServer(server, executor, handler, log);
        server.createContext("/", local::exchange);
        server.setExecutor(executor);
        server.start();
        return local;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI baseUri() {
        String host = server.getAddress().getHostString();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestId = UUID.randomUUID().toString();
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                exchange.getRequestBody().close();
                sendError(exchange, 413, "payload_too_large", "body must be at most " + Limits.BODY_MAX_BYTES + " bytes",
                        requestId);
                return;
            }
            APIGatewayV2HTTPEvent event = toEvent(exchange, body, requestId);
            APIGatewayV2HTTPResponse response;
            try {
                response = handler.handleRequest(event, new LocalContext(requestId, log));
            } catch (RuntimeException e) {
                log.println("local server: the handler threw " + e + " for request " + requestId);
                sendError(exchange, 500, "internal_error",
                        "the request failed on our side; quote request id " + requestId + " when reporting it", requestId);
                return;
            }
            byte[] responseBody = response.getBody() == null ? new byte[0]
                    : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                    : response.getBody().getBytes(StandardCharsets.UTF_8);
            send(exchange, response.getStatusCode(),
                    response.getHeaders() == null ? Map.of() : response.getHeaders(), responseBody);
        }
    }

    static APIGatewayV2HTTPEvent toEvent(HttpExchange exchange, byte[] body, String requestId) {
        URI uri = exchange.getRequestURI();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(",", header.getValue()));
        }
        Instant now = Instant.now();
        String method = exchange.getRequestMethod(); // as sent: methods are case-sensitive
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String text = body.length == 0 ? null : textOrNull(body, headers.get("content-type"));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withRawQueryString(uri.getRawQuery() == null ? "" : uri.getRawQuery())
                .withHeaders(headers)
                .withQueryStringParameters(queryParameters(uri.getRawQuery()))
                .withBody(body.length == 0 ? null : text != null ? text : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && text == null)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey("$default")
                        .withStage("$default")
                        .withAccountId("000000000000")
                        .withApiId("local")
                        .withDomainName(headers.getOrDefault("host", "localhost"))
                        .withDomainPrefix("local")
                        .withRequestId(requestId)
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(path)
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .build();
    }

    /** Decoded query parameters, a repeated name's values joined by commas (as API Gateway does); null if none. */
    static Map<String, String> queryParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters.isEmpty() ? null : parameters;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    /** The body as text if it is declared as text-like and is valid UTF-8; null means it goes base64, as binary does at API Gateway. */
    private static String textOrNull(byte[] body, String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        boolean textual = type.contains("json") || type.startsWith("text/") || type.contains("xml")
                || type.contains("x-www-form-urlencoded");
        if (!textual) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The whole body, or null if it is larger than {@link #MAX_BODY_BYTES}. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        return bytes.length > MAX_BODY_BYTES ? null : bytes;
    }

    /** The API's documented error body, {@code {"error","message","requestId"}}, for the server's own refusals. */
    private static void sendError(HttpExchange exchange, int status, String code, String message, String requestId)
            throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", code);
        error.put("message", message);
        error.put("requestId", requestId);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json; charset=utf-8");
        headers.put("x-request-id", requestId);
        headers.put("cache-control", "no-store");
        send(exchange, status, headers, Json.write(error).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        Headers responseHeaders = exchange.getResponseHeaders();
        headers.forEach(responseHeaders::set);
        boolean noBody = body.length == 0 || status == 204 || status == 304 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
