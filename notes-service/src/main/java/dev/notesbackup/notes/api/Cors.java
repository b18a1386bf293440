package dev.notesbackup.notes.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CORS as configured on the HTTP API in notes-service/template.yaml (a contract test checks that
 * the constants here and the template agree): the request's Origin is echoed only if it is one of
 * the allowed origins; never {@code *}. Behind API Gateway its own CORS handling takes precedence;
 * these headers make the local server and direct invocations behave the same way.
 */
public final class Cors {
    public static final List<String> ALLOW_METHODS = List.of("GET", "POST", "OPTIONS");
    public static final List<String> ALLOW_HEADERS = List.of("content-type");
    public static final List<String> EXPOSE_HEADERS = List.of("location", "x-request-id");
    public static final int MAX_AGE_SECONDS = 600;

    private final List<String> allowedOrigins;

    public Cors(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    public boolean allows(String origin) {
        return origin != null && allowedOrigins.contains(origin);
    }

    /** Headers for an ordinary response to a request from {@code origin} (which may be null). */
    public Map<String, String> responseHeaders(String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("vary", "origin");
        if (allows(origin)) {
            headers.put("access-control-allow-origin", origin);
            headers.put("access-control-expose-headers", String.join(",", EXPOSE_HEADERS));
        }
        return headers;
    }

    /** Headers for a preflight (OPTIONS) request; without the allow headers if the origin or method is not allowed. */
    public Map<String, String> preflightHeaders(String origin, String requestedMethod) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("vary", "origin");
        String method = requestedMethod == null ? "" : requestedMethod.strip().toUpperCase(Locale.ROOT);
        if (allows(origin) && ALLOW_METHODS.contains(method)) {
            headers.put("access-control-allow-origin", origin);
            headers.put("access-control-allow-methods", String.join(",", ALLOW_METHODS));
            headers.put("access-control-allow-headers", String.join(",", ALLOW_HEADERS));
            headers.put("access-control-max-age", String.valueOf(MAX_AGE_SECONDS));
        }
        return headers;
    }
}
