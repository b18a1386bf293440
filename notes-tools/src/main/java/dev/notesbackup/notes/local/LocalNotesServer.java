package dev.notesbackup.notes.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
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
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the notes API on a local port the way API Gateway's HTTP API does: each HTTP request
 * becomes an {@link APIGatewayV2HTTPEvent} (payload format 2.0), the real handler answers it, and its
 * response event becomes the HTTP response. Bodies above {@value #MAX_BODY_BYTES} bytes are refused
 * here with 413 (API Gateway's own limit is 10 MB; the handler refuses anything above 16 KiB).
 * <p>
 * Every answer the server gives itself, without the handler (a body too large, a request not
 * received in time, a request Jetty cannot parse: a bad {@code Content-Length}, a {@code Transfer-Encoding}
 * other than chunked ...), carries the API's documented error body ({@link LocalErrors}).
 * Slow clients: the body is read without holding a thread, a connection idle for
 * {@value #MAX_REQUEST_SECONDS} s is answered 408 and closed, and at most {@value #MAX_THREADS}
 * threads serve, so a few connections that send headers and half a body cannot block the others.
 */
public final class LocalNotesServer implements AutoCloseable {
    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final int MAX_THREADS = 32;
    static final int MAX_REQUEST_SECONDS = 10;
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Server server;
    private final ServerConnector connector;

    private LocalNotesServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Starts serving on {@code host:port} (port 0 picks a free one). */
    public static LocalNotesServer start(String host, int port,
                                         RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                                         PrintStream log) throws Exception {
        // The raw path reaches the API, which routes it ('//notes', '/notes%2F' are 404 not_found, '/notes/%2E%2E'
        // 400 invalid_id), as API Gateway passes such paths on; Jetty would refuse them itself.
        ServerConnector connector = LocalJetty.connector("notes-local-http", MAX_THREADS, 4, host, port, http ->
                http.setUriCompliance(UriCompliance.DEFAULT.with("api-gateway", UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
                        UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
                        UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT, UriCompliance.Violation.AMBIGUOUS_PATH_PARAMETER)));
        Server server = connector.getServer();
        server.setErrorHandler(new LocalErrors());
        server.setHandler(new Adapter(handler, log, server.getThreadPool()));
        server.start();
        return new LocalNotesServer(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI baseUri() {
        return LocalJetty.baseUri(connector);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the local server did not stop: " + e, e);
        }
    }

    /** One request: the body read asynchronously, then the Lambda handler on a pool thread. */
    private static final class Adapter extends Handler.Abstract {
        private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
        private final PrintStream log;
        private final Executor threads;

        Adapter(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, PrintStream log,
                Executor threads) {
            this.handler = handler;
            this.log = log;
            this.threads = threads;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String requestId = UUID.randomUUID().toString();
            if (request.getLength() > MAX_BODY_BYTES) {
                LocalErrors.send(response, callback, 413, requestId);
                return true;
            }
            Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES).whenCompleteAsync((body, failure) -> {
                if (failure != null) {
                    LocalErrors.send(response, callback, statusFor(failure), requestId);
                } else {
                    answer(request, response, callback, body, requestId);
                }
            }, threads);
            return true;
        }

        /**
         * A body that could not be read: 408 when its time ran out, 413 when it outgrew the limit (Jetty's
         * aggregation fails with an IllegalStateException, "Max size exceeded", and with nothing else), else 400
         * (a chunk Jetty cannot parse, a client that went away).
         */
        private static int statusFor(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof TimeoutException) {
                    return 408;
                }
                if (t instanceof IllegalStateException) {
                    return 413;
                }
            }
            return 400;
        }

        private void answer(Request request, Response response, Callback callback, byte[] body, String requestId) {
            APIGatewayV2HTTPResponse answer;
            try {
                answer = handler.handleRequest(toEvent(request, body, requestId), new LocalContext(requestId, log));
            } catch (RuntimeException e) {
                log.println("local server: the handler threw " + e + " for request " + requestId);
                LocalErrors.send(response, callback, 500, requestId);
                return;
            }
            byte[] bytes = answer.getBody() == null ? new byte[0]
                    : answer.getIsBase64Encoded() ? Base64.getDecoder().decode(answer.getBody())
                    : answer.getBody().getBytes(StandardCharsets.UTF_8);
            response.setStatus(answer.getStatusCode());
            if (answer.getHeaders() != null) {
                answer.getHeaders().forEach(response.getHeaders()::put);
            }
            int status = answer.getStatusCode();
            boolean noBody = bytes.length == 0 || status == 204 || status == 304 || "HEAD".equals(request.getMethod());
            response.write(true, noBody ? null : ByteBuffer.wrap(bytes), callback);
        }
    }

    static APIGatewayV2HTTPEvent toEvent(Request request, byte[] body, String requestId) {
        HttpURI uri = request.getHttpURI();
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField header : request.getHeaders()) {
            headers.merge(header.getLowerCaseName(), header.getValue(), (a, b) -> a + "," + b);
        }
        Instant now = Instant.now();
        String method = request.getMethod(); // as sent: methods are case-sensitive
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        String rawQuery = uri.getQuery();
        String text = body.length == 0 ? null : textOrNull(body, headers.get("content-type"));
        String sourceIp = request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress address
                ? address.getAddress().getHostAddress() : "127.0.0.1";
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withHeaders(headers)
                .withQueryStringParameters(queryParameters(rawQuery))
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
                                .withProtocol(request.getConnectionMetaData().getProtocol())
                                .withSourceIp(sourceIp)
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
}
