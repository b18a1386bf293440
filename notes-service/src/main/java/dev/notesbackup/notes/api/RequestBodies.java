package dev.notesbackup.notes.api;

import dev.notesbackup.notes.domain.InvalidInputException;
import dev.notesbackup.notes.domain.Limits;
import dev.notesbackup.notes.domain.NewPost;
import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.json.JsonException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a POST body into a {@link NewPost}, in this order: media type (415), size (413), encoding
 * and JSON syntax (400), fields (400). Messages name fields and limits, never quote the input.
 */
final class RequestBodies {
    static final Set<String> POST_FIELDS = Set.of("text", "author");

    private RequestBodies() {
    }

    static NewPost newPost(ApiRequest request) {
        requireJsonContentType(request.header("content-type"));
        byte[] bytes = bodyBytes(request);
        if (bytes.length == 0) {
            throw new ApiError(400, "missing_body", "a JSON object body is required, e.g. {\"text\": \"hello\"}");
        }
        Object parsed;
        try {
            parsed = Json.parse(decodeUtf8(bytes));
        } catch (JsonException e) {
            throw new ApiError(400, "invalid_json", "body is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> object)) {
            throw new ApiError(400, "invalid_body", "body must be a JSON object, found " + Json.typeName(parsed));
        }
        for (Object name : object.keySet()) {
            if (!POST_FIELDS.contains(name)) {
                // the name is not quoted back: messages never echo input (README, Errors)
                throw new ApiError(400, "unknown_field", "the body has a field other than text and author;"
                        + " allowed fields: text, author");
            }
        }
        if (!object.containsKey("text")) {
            throw new ApiError(400, "missing_field", "field 'text' is required");
        }
        if (!(object.get("text") instanceof String text)) {
            throw new ApiError(400, "invalid_field", "field 'text' must be a string, found " + Json.typeName(object.get("text")));
        }
        Object author = object.get("author");
        if (author != null && !(author instanceof String)) {
            throw new ApiError(400, "invalid_field", "field 'author' must be a string or null, found " + Json.typeName(author));
        }
        try {
            return new NewPost(text, (String) author);
        } catch (InvalidInputException e) {
            throw new ApiError(400, "invalid_field", e.getMessage());
        }
    }

    /** Only {@code application/json}, optionally with {@code charset=utf-8}. */
    static void requireJsonContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupported();
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().toLowerCase(Locale.ROOT).equals("application/json")) {
            throw unsupported();
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.isEmpty()) {
                continue;
            }
            if (parameter.startsWith("charset=")) {
                String charset = parameter.substring("charset=".length()).replace("\"", "");
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    throw unsupported();
                }
            }
        }
    }

    private static ApiError unsupported() {
        return new ApiError(415, "unsupported_media_type", "send the body as Content-Type: application/json (UTF-8)");
    }

    private static byte[] bodyBytes(ApiRequest request) {
        String body = request.body();
        if (body == null) {
            return new byte[0];
        }
        byte[] bytes;
        if (request.base64()) {
            if (body.length() > (Limits.BODY_MAX_BYTES + 2) / 3 * 4 + 4) {
                throw tooLarge();
            }
            try {
                bytes = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "invalid_body", "body is marked base64 but is not valid base64");
            }
        } else {
            if (body.length() > Limits.BODY_MAX_BYTES) {
                throw tooLarge();
            }
            bytes = strictUtf8(body);
        }
        if (bytes.length > Limits.BODY_MAX_BYTES) {
            throw tooLarge();
        }
        return bytes;
    }

    /**
     * The body's UTF-8 bytes. A text body with a lone surrogate is not text (getBytes would make it
     * '?', and the API would store a character nobody sent): 400, as bytes that are not UTF-8 are.
     */
    private static byte[] strictUtf8(String body) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(body));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new ApiError(400, "invalid_json", "body is not valid UTF-8");
        }
    }

    private static ApiError tooLarge() {
        return new ApiError(413, "payload_too_large", "body must be at most " + Limits.BODY_MAX_BYTES + " bytes");
    }

    private static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ApiError(400, "invalid_json", "body is not valid UTF-8");
        }
    }
}
