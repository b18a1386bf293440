package dev.notesbackup.notes.wal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The integrity check of a version-2 write-ahead record (notes-service/WAL.md, "The digest"): the
 * lower-case hex SHA-256 of the UTF-8 bytes of a canonical form of what the record says, so that a
 * line altered after it was written (by hand, by a lossy charset, by a truncated copy) is detected.
 * <p>
 * The canonical form is the compact JSON array {@code [entity, table, key, item, at, requestId]}
 * with the field values exactly as in the line: object members sorted by name (code unit order),
 * no whitespace, strings escaped only where JSON requires it ({@code \"}, {@code \\}, and
 * U+0000 to U+001F as {@code \}{@code u00xx} in lower-case hex), everything else as itself.
 * Only strings, objects and null occur (every attribute of a note or reply is a string); any other
 * value, or a string that is not valid Unicode (a lone surrogate), has no canonical form.
 */
public final class WalDigest {
    public static final String ALGORITHM_FIELD = "sha256";

    private WalDigest() {
    }

    /** The digest of a record's content; throws IllegalArgumentException if it has no canonical form. */
    public static String of(String entity, String table, Map<?, ?> key, Map<?, ?> item, String at, String requestId) {
        return hex(sha256(canonical(entity, table, key, item, at, requestId).getBytes(StandardCharsets.UTF_8)));
    }

    /** The canonical form (see the class comment); visible for tests and for WAL.md's example. */
    static String canonical(String entity, String table, Map<?, ?> key, Map<?, ?> item, String at, String requestId) {
        StringBuilder out = new StringBuilder(256);
        write(out, Arrays.asList(entity, table, key, item, at, requestId));
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String name)) {
                    throw new IllegalArgumentException("an object member name that is not a string");
                }
                sorted.put(name, entry.getValue());
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> entry : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, entry.getKey());
                out.append(':');
                write(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i));
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException(
                    "a value other than a string, an object or null (" + value.getClass().getSimpleName() + ")");
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("a string that is not valid Unicode (a lone surrogate)");
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
