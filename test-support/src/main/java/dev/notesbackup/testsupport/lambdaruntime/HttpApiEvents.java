package dev.notesbackup.testsupport.lambdaruntime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * API Gateway HTTP API events, payload format 2.0, as API Gateway sends them to a Lambda
 * integration: route key, raw path and query, lower-case headers, path parameters, the request
 * context (request id, HTTP method and path, stage {@code $default}) and the body as text.
 */
public final class HttpApiEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private HttpApiEvents() {
    }

    /**
     * @param route      the template's route, e.g. {@code GET /notes/{id}}
     * @param rawPath    the request's path, e.g. {@code /notes/01H...}
     * @param pathParams values of the route's {@code {name}} parts
     * @param query      raw query string, empty for none
     */
    public static Event event(String route, String rawPath, Map<String, String> pathParams, String query,
                       Map<String, String> headers, String body) {
        String method = route.substring(0, route.indexOf(' '));
        String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "=";
        Instant now = Instant.now();
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", route);
        event.put("rawPath", rawPath);
        event.put("rawQueryString", query);
        ObjectNode h = event.putObject("headers");
        h.put("host", "abc123.execute-api.us-east-1.amazonaws.com");
        h.put("user-agent", "runtime-tier");
        headers.forEach((name, value) -> h.put(name.toLowerCase(Locale.ROOT), value));
        if (!query.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                q.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        if (!pathParams.isEmpty()) {
            ObjectNode p = event.putObject("pathParameters");
            pathParams.forEach(p::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", FunctionDefinition.ACCOUNT);
        context.put("apiId", "abc123");
        context.put("domainName", "abc123.execute-api.us-east-1.amazonaws.com");
        context.put("domainPrefix", "abc123");
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", rawPath);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "192.0.2.10");
        http.put("userAgent", "runtime-tier");
        context.put("requestId", requestId);
        context.put("routeKey", route);
        context.put("stage", "$default");
        context.put("time", TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return new Event(event.toString(), requestId);
    }

    public record Event(String json, String requestId) {
    }
}
