package dev.notesbackup.verify.sam;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Fills exactly one gap of moto 5.2.1's CloudFormation, in front of it on a loopback port:
 * {@code GetTemplate} with a {@code ChangeSetName} answers, as AWS does, with the template of that
 * change set, where moto ignores the parameter and answers with the stack's current template. The
 * deploy guard reads the identity of the template being deployed that way, so without this, on
 * moto, another project's template would look like the deployed one. Only change sets
 * {@linkplain #register registered} by the test are answered here; every other request, and
 * GetTemplate for any other change set, goes to moto unchanged.
 * {@code DeploySafelyIT#motoGetTemplate_ignoresChangeSetName} pins the gap, so this class goes
 * when moto closes it.
 */
final class ChangeSetTemplateShim implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "keep-alive",
            "transfer-encoding", "te", "trailer", "upgrade", "expect", "accept-encoding", "date");

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "change-set-template-shim");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> templates = new ConcurrentHashMap<>();

    private ChangeSetTemplateShim(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        this.server.createContext("/", this::handle);
        this.server.setExecutor(executor);
        this.server.start();
    }

    static ChangeSetTemplateShim start(URI moto) {
        try {
            return new ChangeSetTemplateShim(moto);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The template {@code changeSetArn} was created with, for GetTemplate to answer. */
    void register(String changeSetArn, String templateBody) {
        templates.put(changeSetArn, templateBody);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> form = form(exchange, body);
            String template = "GetTemplate".equals(form.get("Action")) && form.containsKey("ChangeSetName")
                    ? templates.get(form.get("ChangeSetName")) : null;
            if (template != null) {
                answer(exchange, 200, "text/xml", getTemplateResponse(template).getBytes(StandardCharsets.UTF_8));
            } else {
                forward(exchange, body);
            }
        } catch (IOException | RuntimeException e) {
            try {
                answer(exchange, 502, "text/plain", ("shim: " + e).getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the client is gone
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    /** The awsQuery form of a POST (CloudFormation's protocol); empty for anything else. */
    private static Map<String, String> form(HttpExchange exchange, byte[] body) {
        Map<String, String> form = new LinkedHashMap<>();
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!"POST".equals(exchange.getRequestMethod()) || type == null
                || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return form;
        }
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static String getTemplateResponse(String template) {
        return "<GetTemplateResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
                + "<GetTemplateResult><TemplateBody>" + xml(template) + "</TemplateBody>"
                + "<StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>"
                + "</GetTemplateResult><ResponseMetadata><RequestId>change-set-template-shim</RequestId>"
                + "</ResponseMetadata></GetTemplateResponse>";
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&apos;").replace("\r", "&#13;");
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        URI uri = exchange.getRequestURI();
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> {
                    try {
                        request.header(name, value);
                    } catch (IllegalArgumentException restricted) {
                        // a header java.net.http will not send; moto does not need it
                    }
                });
            }
        });
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !lower.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        byte[] bytes = response.body();
        exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
