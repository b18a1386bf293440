package dev.notesbackup.notes.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP response: status, headers (lower-case names) and a text body, null for none. */
public record ApiResponse(int status, Map<String, String> headers, String body) {
    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public ApiResponse withHeaders(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.putAll(extra);
        return new ApiResponse(status, merged, body);
    }
}
