package dev.notesbackup.backup.json;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes one compact JSON document, for the run's log lines (reports and embedded metrics). The
 * handful of calls the reports need, so that the Lambda jar carries no JSON library of its own:
 * the call sites read like a streaming generator's.
 */
public final class JsonLine {
    private final StringBuilder out = new StringBuilder(256);
    /** Per open container: true once it holds an element, so the next one needs a comma. */
    private final Deque<Boolean> open = new ArrayDeque<>();

    public JsonLine writeStartObject() {
        beforeValue();
        out.append('{');
        open.push(false);
        return this;
    }

    public JsonLine writeEndObject() {
        open.pop();
        out.append('}');
        return this;
    }

    public JsonLine writeStartArray() {
        beforeValue();
        out.append('[');
        open.push(false);
        return this;
    }

    public JsonLine writeEndArray() {
        open.pop();
        out.append(']');
        return this;
    }

    public JsonLine writeObjectFieldStart(String name) {
        writeFieldName(name);
        out.append('{');
        open.push(false);
        return this;
    }

    public JsonLine writeArrayFieldStart(String name) {
        writeFieldName(name);
        out.append('[');
        open.push(false);
        return this;
    }

    public JsonLine writeStringField(String name, String value) {
        writeFieldName(name);
        appendString(value);
        return this;
    }

    public JsonLine writeNumberField(String name, long value) {
        writeFieldName(name);
        out.append(value);
        return this;
    }

    public JsonLine writeBooleanField(String name, boolean value) {
        writeFieldName(name);
        out.append(value);
        return this;
    }

    public JsonLine writeNullField(String name) {
        writeFieldName(name);
        out.append("null");
        return this;
    }

    public JsonLine writeString(String value) {
        beforeValue();
        appendString(value);
        return this;
    }

    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("JSON document not closed: " + open.size() + " open containers");
        }
        return out.toString();
    }

    private void writeFieldName(String name) {
        beforeValue();
        appendString(name);
        out.append(':');
    }

    private void beforeValue() {
        if (!open.isEmpty()) {
            if (open.peek()) {
                out.append(',');
            } else {
                open.pop();
                open.push(true);
            }
        }
    }

    private void appendString(String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
