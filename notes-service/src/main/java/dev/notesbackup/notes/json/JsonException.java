package dev.notesbackup.notes.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;

/** Input that is not the JSON expected. The message names the position and never quotes the input. */
public class JsonException extends RuntimeException {
    private final int line;
    private final int column;

    public JsonException(String message, int line, int column) {
        super(message + " (line " + line + ", column " + column + ")");
        this.line = line;
        this.column = column;
    }

    /**
     * The error at its place; a limit error (nesting too deep, a number too long) carries no place of
     * its own, so the parser's position is used: where the limit was crossed, not line 0, column 0.
     */
    public static JsonException from(JsonProcessingException e, JsonParser parser) {
        JsonLocation location = e.getLocation();
        if ((location == null || location.getLineNr() <= 0) && parser != null) {
            location = parser.currentLocation();
        }
        int line = location == null ? 0 : location.getLineNr();
        int column = location == null ? 0 : location.getColumnNr();
        return new JsonException(describe(e), line, column);
    }

    private static String describe(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.startsWith("Duplicate field")) {
            return "duplicate field";
        } else if (original.contains("nesting depth")) {
            return "nested too deeply";
        } else if (original.contains("end-of-input") || original.contains("Unexpected end")) {
            return "unexpected end of input";
        } else if (original.contains("Invalid UTF-8") || original.contains("Invalid UTF")) {
            return "invalid UTF-8";
        }
        return "malformed JSON";
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
