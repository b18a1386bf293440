package dev.notesbackup.notes.api;

import dev.notesbackup.notes.domain.InvalidCursorException;
import dev.notesbackup.notes.domain.InvalidInputException;
import dev.notesbackup.notes.domain.Limits;
import dev.notesbackup.notes.domain.NewPost;
import dev.notesbackup.notes.domain.Note;
import dev.notesbackup.notes.domain.NoteNotFoundException;
import dev.notesbackup.notes.domain.NoteWithReplies;
import dev.notesbackup.notes.domain.NotesService;
import dev.notesbackup.notes.domain.Page;
import dev.notesbackup.notes.domain.Reply;
import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.store.ItemMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Routes, request validation and the mapping of results and exceptions to HTTP responses.
 * <pre>
 * POST /notes                    {text, author?}  201 note
 * GET  /notes?limit=&amp;cursor=      200 {notes, nextCursor}, newest first
 * GET  /notes/{id}?limit=&amp;cursor= 200 {note, replies, nextCursor}, replies oldest first
 * POST /notes/{id}/replies       {text, author?}  201 reply; 404 if the note does not exist
 * </pre>
 * Errors are {@code {"error": code, "message": text, "requestId": id}}. Unexpected failures are
 * 500 with only the request id; the details go to the error log, never to the client.
 */
public final class NotesApi {
    private static final Set<String> PAGE_PARAMETERS = Set.of("limit", "cursor");
    private static final int MAX_STACK_CHARS = 4000;
    /** 1 to 100 written plainly: no sign, no leading zeros (so 05 is refused like 00005). */
    private static final Pattern LIMIT = Pattern.compile("[1-9][0-9]{0,2}");

    private final NotesService service;
    private final Cors cors;
    private final Consumer<String> errorLog;

    public NotesApi(NotesService service, Cors cors, Consumer<String> errorLog) {
        this.service = service;
        this.cors = cors;
        this.errorLog = errorLog;
    }

    public ApiResponse handle(ApiRequest request) {
        ApiResponse response;
        try {
            response = route(request);
        } catch (ApiError e) {
            response = error(request, e.status(), e.code(), e.getMessage()).withHeaders(e.headers());
        } catch (InvalidCursorException e) {
            response = error(request, 400, "invalid_cursor", e.getMessage());
        } catch (InvalidInputException e) {
            String code = switch (e.field()) {
                case "limit" -> "invalid_limit";
                case "id" -> "invalid_id";
                default -> "invalid_field";
            };
            response = error(request, 400, code, e.getMessage());
        } catch (NoteNotFoundException e) {
            response = error(request, 404, "note_not_found", "no note with this id");
        } catch (RuntimeException e) {
            logFailure(request, e);
            response = error(request, 500, "internal_error",
                    "the request failed on our side; quote request id " + request.requestId() + " when reporting it");
        }
        Map<String, String> common = new LinkedHashMap<>();
        common.put("x-request-id", request.requestId());
        common.put("cache-control", "no-store");
        if (!"OPTIONS".equals(request.method())) {
            common.putAll(cors.responseHeaders(request.header("origin")));
        }
        return response.withHeaders(common);
    }

    private ApiResponse route(ApiRequest request) {
        String path = request.path();
        String[] segments = path.split("/", -1);
        if (path.equals("/notes")) {
            return switch (request.method()) {
                case "POST" -> createNote(request);
                case "GET" -> listNotes(request);
                case "OPTIONS" -> preflight(request);
                default -> throw methodNotAllowed("GET, POST, OPTIONS");
            };
        }
        if (segments.length == 3 && segments[0].isEmpty() && segments[1].equals("notes") && !segments[2].isEmpty()) {
            return switch (request.method()) {
                case "GET" -> getNote(request, segments[2]);
                case "OPTIONS" -> preflight(request);
                default -> throw methodNotAllowed("GET, OPTIONS");
            };
        }
        if (segments.length == 4 && segments[0].isEmpty() && segments[1].equals("notes") && !segments[2].isEmpty()
                && segments[3].equals("replies")) {
            return switch (request.method()) {
                case "POST" -> reply(request, segments[2]);
                case "OPTIONS" -> preflight(request);
                default -> throw methodNotAllowed("POST, OPTIONS");
            };
        }
        throw new ApiError(404, "not_found", "no such resource; the API has /notes, /notes/{id} and /notes/{id}/replies");
    }

    private ApiResponse createNote(ApiRequest request) {
        requireParameters(request, Set.of());
        NewPost post = RequestBodies.newPost(request);
        Note note = service.createNote(post, request.requestId());
        return json(201, noteJson(note)).withHeaders(Map.of("location", "/notes/" + note.id()));
    }

    private ApiResponse listNotes(ApiRequest request) {
        requireParameters(request, PAGE_PARAMETERS);
        int limit = limit(request, Limits.NOTES_PAGE_DEFAULT);
        Page<Note> page = service.listNotes(limit, cursor(request));
        List<Object> notes = new ArrayList<>();
        page.items().forEach(note -> notes.add(noteJson(note)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("notes", notes);
        body.put("nextCursor", page.nextCursor());
        return json(200, body);
    }

    private ApiResponse getNote(ApiRequest request, String id) {
        requireParameters(request, PAGE_PARAMETERS);
        int limit = limit(request, Limits.REPLIES_PAGE_DEFAULT);
        NoteWithReplies result = service.getNote(id, limit, cursor(request));
        List<Object> replies = new ArrayList<>();
        result.replies().items().forEach(reply -> replies.add(replyJson(reply)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("note", noteJson(result.note()));
        body.put("replies", replies);
        body.put("nextCursor", result.replies().nextCursor());
        return json(200, body);
    }

    private ApiResponse reply(ApiRequest request, String noteId) {
        requireParameters(request, Set.of());
        NewPost post = RequestBodies.newPost(request);
        Reply reply = service.reply(noteId, post, request.requestId());
        return json(201, replyJson(reply)).withHeaders(Map.of("location", "/notes/" + noteId));
    }

    private ApiResponse preflight(ApiRequest request) {
        return new ApiResponse(204, cors.preflightHeaders(request.header("origin"),
                request.header("access-control-request-method")), null);
    }

    private static void requireParameters(ApiRequest request, Set<String> allowed) {
        for (String name : request.query().keySet()) {
            if (!allowed.contains(name)) {
                String expected = allowed.isEmpty() ? "this endpoint takes no query parameters" : "allowed: limit, cursor";
                // the name is not quoted back: messages never echo input (README, Errors)
                throw new ApiError(400, "unknown_parameter", "unknown query parameter; " + expected);
            }
        }
    }

    private static int limit(ApiRequest request, int fallback) {
        String raw = request.query().get("limit");
        if (raw == null) {
            return fallback;
        }
        if (!LIMIT.matcher(raw).matches()) {
            throw new InvalidInputException("limit", "limit must be a whole number from 1 to " + Limits.PAGE_MAX);
        }
        return Integer.parseInt(raw);
    }

    private static String cursor(ApiRequest request) {
        String cursor = request.query().get("cursor");
        if (cursor != null && cursor.isEmpty()) {
            throw new InvalidCursorException("cursor must not be empty; leave it out for the first page");
        }
        return cursor;
    }

    private static ApiError methodNotAllowed(String allow) {
        return new ApiError(405, "method_not_allowed", "method not allowed here; allowed: " + allow, Map.of("allow", allow));
    }

    private static ApiResponse json(int status, Map<String, Object> body) {
        return new ApiResponse(status, Map.of("content-type", "application/json; charset=utf-8"), Json.write(body));
    }

    private static ApiResponse error(ApiRequest request, int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        body.put("requestId", request.requestId());
        return json(status, body);
    }

    static Map<String, Object> noteJson(Note note) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", note.id());
        json.put("text", note.text());
        json.put("author", note.author());
        json.put("createdAt", ItemMapper.formatTime(note.createdAt()));
        return json;
    }

    static Map<String, Object> replyJson(Reply reply) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", reply.id());
        json.put("noteId", reply.noteId());
        json.put("text", reply.text());
        json.put("author", reply.author());
        json.put("createdAt", ItemMapper.formatTime(reply.createdAt()));
        return json;
    }

    private void logFailure(ApiRequest request, RuntimeException e) {
        StringWriter stack = new StringWriter();
        e.printStackTrace(new PrintWriter(stack));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "notes-error");
        line.put("requestId", request.requestId());
        line.put("method", request.method());
        line.put("path", request.path());
        line.put("exception", e.getClass().getName());
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            line.put("awsErrorCode", aws.awsErrorDetails().errorCode());
            line.put("awsRequestId", aws.requestId());
        }
        line.put("message", e.getMessage());
        String trace = stack.toString();
        line.put("stack", trace.length() > MAX_STACK_CHARS ? trace.substring(0, MAX_STACK_CHARS) + "..." : trace);
        try {
            errorLog.accept(Json.write(line));
        } catch (RuntimeException ignored) {
            // The client still gets its 500; there is nowhere left to report to.
        }
    }
}
