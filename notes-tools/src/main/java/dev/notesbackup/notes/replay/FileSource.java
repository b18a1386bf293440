package dev.notesbackup.notes.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.json.JsonException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
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

    /**
     * Reads the file. Bytes that are not UTF-8 are the problem of the line (or export event) they are
     * in: that one is unreadable and rejected by its number, the rest is read.
     */
    public static List<InputUnit> read(Path file, PrintStream warnings) throws IOException {
        return parse(Files.readAllBytes(file), warnings);
    }

    /**
     * The file as replay input, read when the replay starts (not now), so that a file that cannot be
     * read still ends with the replay's summary, which then says so.
     */
    public static Iterable<InputUnit> whenReplayed(Path file, PrintStream warnings) {
        return () -> {
            try {
                return read(file, warnings).iterator();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e, e);
            }
        };
    }

    static List<InputUnit> parse(byte[] bytes, PrintStream warnings) {
        Decoded decoded = Decoded.of(bytes);
        if (decoded.badOffsets().isEmpty()) {
            return parse(decoded.text(), warnings);
        }
        if (looksLikeEventsExport(decoded.text())) {
            return events(decoded.text(), warnings, decoded);
        }
        List<InputUnit> units = lines(decoded.text());
        // each line's start offset in the decoded text, to find the lines that hold undecodable bytes
        List<InputUnit> checked = new ArrayList<>(units.size());
        int offset = 0;
        String[] raw = decoded.text().split("\n", -1);
        for (int i = 0; i < units.size(); i++) {
            int end = offset + raw[i].length();
            checked.add(decoded.hasBadIn(offset, end)
                    ? InputUnit.unreadable(units.get(i).where(), "not valid UTF-8 (the line holds bytes no UTF-8 text has)")
                    : units.get(i));
            offset = end + 1;
        }
        return checked;
    }

    /** The text with U+FFFD for each malformed byte sequence, and where those replacements are. */
    record Decoded(String text, List<Integer> badOffsets) {
        static Decoded of(byte[] bytes) {
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer in = ByteBuffer.wrap(bytes);
            CharBuffer out = CharBuffer.allocate(bytes.length + 16);
            List<Integer> bad = new ArrayList<>();
            while (true) {
                CoderResult result = decoder.decode(in, out, true);
                if (result.isError()) {
                    bad.add(out.position());
                    out.put('\uFFFD');
                    in.position(in.position() + result.length());
                } else if (result.isUnderflow()) {
                    decoder.flush(out);
                    break;
                } else {
                    throw new IllegalStateException("UTF-8 decoding overflowed its buffer");
                }
            }
            out.flip();
            return new Decoded(out.toString(), bad);
        }

        boolean hasBadIn(long from, long to) {
            for (int offset : badOffsets) {
                if (offset >= from && offset < to) {
                    return true;
                }
            }
            return false;
        }
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
        return events(text, warnings, null);
    }

    private static List<InputUnit> events(String text, PrintStream warnings, Decoded decoded) {
        List<InputUnit> units = new ArrayList<>();
        int eventNumber = 0;
        JsonParser parser;
        try {
            parser = Json.factory().createParser(text);
        } catch (IOException e) {
            units.add(InputUnit.unreadable("the file", "could not be read: " + e.getMessage()));
            return units;
        }
        try { // not try-with-resources: the catches below need the parser's position, which a closed one loses
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
                            long from = parser.currentTokenLocation().getCharOffset();
                            Object event = Json.readValue(parser);
                            String where = "line " + line + " (event " + eventNumber + ")";
                            if (decoded != null && decoded.hasBadIn(from, parser.currentLocation().getCharOffset())) {
                                units.add(InputUnit.unreadable(where, "not valid UTF-8 (the event holds bytes no UTF-8 text has)"));
                                continue;
                            }
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
            JsonException located = JsonException.from(e, parser);
            units.add(InputUnit.unreadable("line " + located.line(),
                    "the filter-log-events JSON is damaged here (" + located.getMessage() + "); the rest of the file is not read"));
        } catch (JsonException e) {
            units.add(InputUnit.unreadable("line " + e.line(),
                    "the filter-log-events JSON is damaged here (" + e.getMessage() + "); the rest of the file is not read"));
        } catch (IOException e) {
            units.add(InputUnit.unreadable("the file", "could not be read: " + e.getMessage()));
        } finally {
            try {
                parser.close();
            } catch (IOException ignored) {
                // a parser over a string has nothing to release
            }
        }
        return units;
    }
}
