package dev.notesbackup.notes.local;

import dev.notesbackup.notes.domain.Limits;
import dev.notesbackup.notes.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The local server's own refusals, in the API's documented error body
 * {@code {"error","message","requestId"}} with the request id also in {@code x-request-id}: those it
 * makes itself (413, 408, a handler that throws) and everything Jetty refuses before a request
 * exists (a request it cannot parse: {@link #badMessageError}) or after (any other error response).
 * Messages name the rule broken and never quote the request (Jetty's own reasons may).
 */
final class LocalErrors extends ErrorHandler {
    private record Refusal(String code, String message) {
    }

    private static final Map<Integer, Refusal> REFUSALS = Map.of(
            400, new Refusal("malformed_request", "the HTTP request is malformed: check the request line, the headers,"
                    + " Content-Length (a whole number of bytes) and Transfer-Encoding (only chunked)"),
            404, new Refusal("not_found", "no such route"),
            408, new Refusal("request_timeout", "the request was not received completely within "
                    + LocalNotesServer.MAX_REQUEST_SECONDS + " s"),
            413, new Refusal("payload_too_large", "body must be at most " + Limits.BODY_MAX_BYTES + " bytes"),
            414, new Refusal("uri_too_long", "the request target is too long"),
            431, new Refusal("headers_too_large", "the request headers are too large"),
            500, new Refusal("internal_error", "the request failed on our side; quote the request id when reporting it"),
            501, new Refusal("not_implemented", "the request uses an HTTP feature this server does not implement"),
            505, new Refusal("http_version_not_supported", "only HTTP/1.0 and HTTP/1.1 are served"));

    /** Answers {@code status} with its error body, writing nothing else. */
    static void send(Response response, Callback callback, int status, String requestId) {
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        response.write(true, ByteBuffer.wrap(body(status, requestId, headers)), callback);
    }

    /** The body for {@code status}; sets the error's headers. */
    private static byte[] body(int status, String requestId, HttpFields.Mutable headers) {
        Refusal refusal = REFUSALS.getOrDefault(status, status >= 500 ? REFUSALS.get(500) : REFUSALS.get(400));
        headers.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        headers.put("x-request-id", requestId);
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", refusal.code());
        error.put("message", refusal.message());
        error.put("requestId", requestId);
        return Json.write(error).getBytes(StandardCharsets.UTF_8);
    }

    /** A request Jetty could not parse (bad Content-Length, Transfer-Encoding, request line ...): no request exists. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        return ByteBuffer.wrap(body(status, UUID.randomUUID().toString(), fields));
    }

    /** Any other error response Jetty makes (e.g. a request that timed out before the handler ran). */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Object status = request.getAttribute(ERROR_STATUS);
        send(response, callback, status instanceof Integer code ? code : response.getStatus(), UUID.randomUUID().toString());
        return true;
    }
}
