package dev.notesbackup.notes.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.json.JsonException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replay input from a file: either plain lines (the log as printed, a CloudWatch export, the output
 * of {@code aws logs tail}), or the JSON that {@code aws logs filter-log-events} prints (one or more
 * objects with an {@code events} array whose elements have a {@code message}).
 */
public final class FileSource {
    private FileSource() {
    }

    public static List<InputUnit> read(Path file, PrintStream warnings) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new IOException(file + " is not UTF-8 text", e);
        }
        return parse(text, warnings);
    }

    static List<InputUnit> parse(String text, PrintStream warnings) {
        if (looksLikeEventsExport(text)) {
            return events(text, warnings);
        }
        return lines(text);
    }

    static List<InputUnit> lines(String text) {
        List<InputUnit> units = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int count = lines.length;
        if (count > 0 && lines[count - 1].isEmpty()) {
            count--;
        }
        for (int i = 0; i < count; i++) {
            String line = lines[i];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            units.add(new InputUnit("line " + (i + 1), line));
        }
        return units;
    }

    /**
     * True if the file starts with a JSON object with an {@code events} array (found before any
     * damage further on, so that a damaged export is still read as one, up to the damage).
     */
    static boolean looksLikeEventsExport(String text) {
        if (!text.stripLeading().startsWith("{")) {
            return false;
        }
        try (JsonParser parser = Json.factory().createParser(text)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("events") && value == JsonToken.START_ARRAY) {
                    return true;
                }
                parser.skipChildren();
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<InputUnit> events(String text, PrintStream warnings) {
        List<InputUnit> units = new ArrayList<>();
        int eventNumber = 0;
        try (JsonParser parser = Json.factory().createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.START_OBJECT) {
                    units.add(InputUnit.unreadable("line " + parser.currentTokenLocation().getLineNr(),
                            "expected another filter-log-events object; the rest of the file is not read"));
                    return units;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals("events") && value == JsonToken.START_ARRAY) {
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            eventNumber++;
                            int line = parser.currentTokenLocation().getLineNr();
                            Object event = Json.readValue(parser);
                            String where = "line " + line + " (event " + eventNumber + ")";
                            Object message = event instanceof Map<?, ?> map ? map.get("message") : null;
                            units.add(message instanceof String s ? new InputUnit(where, s)
                                    : InputUnit.unreadable(where, "the event has no 'message' string"));
                        }
                    } else {
                        Object skipped = Json.readValue(parser);
                        if (field.equals("nextToken") && skipped != null) {
                            warnings.println("warning: the export has a nextToken, so it holds only part of the log;"
                                    + " use --log-group to read all of it, or export without --max-items");
                        }
                    }
                }
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            units.add(InputUnit.unreadable("line " + line,
                    "the filter-log-events JSON is damaged here; the rest of the file is not read"));
        } catch (JsonException e) {
            units.add(InputUnit.unreadable("line " + e.line(),
                    "the filter-log-events JSON is damaged here (" + e.getMessage() + "); the rest of the file is not read"));
        } catch (IOException e) {
            units.add(InputUnit.unreadable("the file", "could not be read: " + e.getMessage()));
        }
        return units;
    }
}
