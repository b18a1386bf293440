package dev.notesbackup.notes.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB attribute values to plain JSON values and back, as used by the write-ahead log:
 * S is a string, N a number, BOOL a boolean, NULL null, L an array and M an object. Sets and
 * binary values have no plain JSON form; the notes tables never use them, and they are refused.
 */
public final class AttributeValues {
    private AttributeValues() {
    }

    public static Map<String, Object> toPlain(Map<String, AttributeValue> item) {
        Map<String, Object> result = new LinkedHashMap<>();
        item.forEach((name, value) -> result.put(name, toPlain(value)));
        return result;
    }

    public static Object toPlain(AttributeValue value) {
        switch (value.type()) {
            case S:
                return value.s();
            case N:
                return new BigDecimal(value.n());
            case BOOL:
                return value.bool();
            case NUL:
                return null;
            case L: {
                List<Object> list = new ArrayList<>();
                for (AttributeValue element : value.l()) {
                    list.add(toPlain(element));
                }
                return list;
            }
            case M:
                return toPlain(value.m());
            default:
                throw new IllegalArgumentException("attribute type " + value.type() + " has no plain JSON form");
        }
    }

    /** The inverse of {@link #toPlain(Map)}; throws IllegalArgumentException on values it cannot map. */
    public static Map<String, AttributeValue> fromPlain(Map<?, ?> plain) {
        Map<String, AttributeValue> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : plain.entrySet()) {
            result.put(String.valueOf(entry.getKey()), fromPlain(entry.getValue()));
        }
        return result;
    }

    public static AttributeValue fromPlain(Object value) {
        if (value == null) {
            return AttributeValue.builder().nul(true).build();
        } else if (value instanceof String s) {
            return AttributeValue.fromS(s);
        } else if (value instanceof BigDecimal d) {
            return AttributeValue.fromN(d.toString());
        } else if (value instanceof Number n) {
            return AttributeValue.fromN(new BigDecimal(n.toString()).toString());
        } else if (value instanceof Boolean b) {
            return AttributeValue.fromBool(b);
        } else if (value instanceof List<?> list) {
            List<AttributeValue> converted = new ArrayList<>();
            for (Object element : list) {
                converted.add(fromPlain(element));
            }
            return AttributeValue.fromL(converted);
        } else if (value instanceof Map<?, ?> map) {
            return AttributeValue.fromM(fromPlain(map));
        }
        throw new IllegalArgumentException("cannot map " + value.getClass().getSimpleName() + " to an attribute value");
    }
}
