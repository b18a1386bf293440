package dev.notesbackup.backup.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;

/**
 * The JSON of the vault's own files ({@link RestoreManifest}, {@link ExportCompletion}): UTF-8,
 * instants as ISO-8601 text, unknown fields refused (a file of another format version is an error
 * that names it, not a half-read manifest).
 */
public final class VaultJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private VaultJson() {
    }

    public static byte[] write(Object file) {
        try {
            return MAPPER.writeValueAsString(file).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + file.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
        }
    }

    /** Reads one of our files; {@code where} (bucket and key) names it in the error. */
    public static <T> T read(byte[] json, Class<T> type, String where) {
        try {
            return MAPPER.readValue(json, type);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(where + " is not a readable " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The mapper, for AWS's own export files (manifest-summary.json, manifest-files.json) read as trees. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
