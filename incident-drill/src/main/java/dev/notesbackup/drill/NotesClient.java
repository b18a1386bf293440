package dev.notesbackup.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The notes API as a user's browser calls it: JSON over HTTP, here to the local adapter. */
final class NotesClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    NotesClient(URI base) {
        this.base = base;
    }

    JsonNode createNote(String text, String author) {
        return post("/notes", text, author);
    }

    JsonNode reply(String noteId, String text, String author) {
        return post("/notes/" + noteId + "/replies", text, author);
    }

    /** Every note, following the cursor page by page. */
    List<JsonNode> allNotes() {
        List<JsonNode> notes = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get("/notes?limit=100" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            page.get("notes").forEach(notes::add);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        return notes;
    }

    /** Every reply of a note, oldest first. */
    List<JsonNode> replies(String noteId) {
        List<JsonNode> replies = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get("/notes/" + noteId + "?limit=100" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            page.get("replies").forEach(replies::add);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        return replies;
    }

    private JsonNode post(String path, String text, String author) {
        ObjectNode body = JSON.createObjectNode().put("text", text).put("author", author);
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return send(request, 201);
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), 200);
    }

    private JsonNode send(HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
