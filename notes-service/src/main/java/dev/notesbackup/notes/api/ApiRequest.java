package dev.notesbackup.notes.api;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as the API sees it, independent of API Gateway's event classes.
 *
 * @param method      HTTP method as sent; methods are case-sensitive (RFC 9110), so {@code post} is not POST
 * @param path        raw path, e.g. {@code /notes/01HX.../replies}
 * @param query       decoded query parameters (a repeated name has its values joined by commas, as API Gateway does)
 * @param headers     headers, names in lower case
 * @param body        the body as received: text, or base64 if {@code base64} is true; null if none
 * @param base64      whether {@code body} is base64-encoded
 * @param requestId   the request id that is returned to the client and written to the logs
 */
public record ApiRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                         String body, boolean base64, String requestId) {
    public ApiRequest {
        method = method == null ? "" : method;
        path = path == null ? "" : path;
        query = query == null ? Map.of() : Map.copyOf(query);
        Map<String, String> lower = new TreeMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null) {
                    lower.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + "," + b);
                }
            });
        }
        headers = Map.copyOf(lower);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
