package dev.notesbackup.notes.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small JSON reader and writer on Jackson's streaming API: no data binding, no reflection, so the
 * Lambda's cold start stays light. Values are plain Java: objects are {@code Map<String, Object>}
 * (insertion ordered), arrays {@code List<Object>}, strings {@code String}, numbers
 * {@code BigDecimal}, booleans {@code Boolean} and JSON null is {@code null}.
 * Parsing is strict: duplicate keys and content after the value are errors.
 */
public final class Json {
    /** Deeper nesting is refused; nothing this service reads nests more than a few levels. */
    public static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private Json() {
    }

    public static JsonFactory factory() {
        return FACTORY;
    }

    /** Parses exactly one JSON value. */
    public static Object parse(String text) {
        JsonParser parser;
        try {
            parser = FACTORY.createParser(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the catch is inside: a closed parser no longer knows where it was
        try (parser) {
            try {
                JsonToken first = parser.nextToken();
                if (first == null) {
                    throw new JsonException("no JSON value (empty input)", 1, 1);
                }
                Object value = readValue(parser);
                if (parser.nextToken() != null) {
                    throw new JsonException("unexpected content after the JSON value",
                            parser.currentTokenLocation().getLineNr(), parser.currentTokenLocation().getColumnNr());
                }
                return value;
            } catch (JsonProcessingException e) {
                throw JsonException.from(e, parser);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses exactly one JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new JsonException("expected a JSON object, found " + typeName(value), 1, 1);
        }
        return (Map<String, Object>) value;
    }

    /** Reads the value at the parser's current token (which must already be read), leaving the parser on its last token. */
    public static Object readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new JsonException("unexpected end of input", parser.currentLocation().getLineNr(),
                    parser.currentLocation().getColumnNr());
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    map.put(name, readValue(parser));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(parser));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                try {
                    return parser.getDecimalValue();
                } catch (NumberFormatException | ArithmeticException e) {
                    // valid JSON, but an exponent beyond what a decimal can hold (e.g. 1e9999999999)
                    throw new JsonException("number out of range", parser.currentTokenLocation().getLineNr(),
                            parser.currentTokenLocation().getColumnNr());
                }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonException("unexpected token " + token, parser.currentTokenLocation().getLineNr(),
                        parser.currentTokenLocation().getColumnNr());
        }
    }

    /** Writes a value made of maps, lists, strings, numbers, booleans and nulls as compact JSON on one line. */
    public static String write(Object value) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            writeValue(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String s) {
            generator.writeString(s);
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                generator.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object element : list) {
                writeValue(generator, element);
            }
            generator.writeEndArray();
        } else if (value instanceof Boolean b) {
            generator.writeBoolean(b);
        } else if (value instanceof BigDecimal d) {
            generator.writeNumber(d);
        } else if (value instanceof Integer || value instanceof Long) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number n) {
            generator.writeNumber(new BigDecimal(n.toString()));
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    /** A short name of a JSON value's type, for error messages. */
    public static String typeName(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Map) {
            return "an object";
        } else if (value instanceof List) {
            return "an array";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof Number) {
            return "a number";
        }
        return value.getClass().getSimpleName();
    }
}
