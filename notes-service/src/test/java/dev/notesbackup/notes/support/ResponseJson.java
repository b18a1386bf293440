package dev.notesbackup.notes.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what the service wrote (response bodies, write-ahead lines) with Jackson's data binding,
 * independent of the service's own {@code json.Json}, so a fault in the production writer cannot be
 * undone by the same code reading it back. Strict like a careful client: a duplicate key or
 * anything after the value is an error.
 */
public final class ResponseJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ResponseJson() {
    }

    /** The JSON object {@code text} holds, keys in their order; objects are maps, arrays lists. */
    public static Map<String, Object> object(String text) {
        try {
            return MAPPER.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new AssertionError("not one JSON object: " + text, e);
        }
    }
}
