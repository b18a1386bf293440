package dev.notesbackup.notes.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Settings of the notes API, read once from the environment at initialisation.
 *
 * @param notesTable     physical name of the notes table
 * @param repliesTable   physical name of the replies table
 * @param allowedOrigins browser origins allowed to call the API (CORS); empty means none. Never {@code *}.
 */
public record NotesConfig(String notesTable, String repliesTable, List<String> allowedOrigins) {

    public static final String NOTES_TABLE = "NOTES_TABLE";
    public static final String REPLIES_TABLE = "REPLIES_TABLE";
    public static final String ALLOWED_ORIGINS = "ALLOWED_ORIGINS";

    /** DynamoDB's rule for table names. */
    public static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    /**
     * One allowed origin: scheme, host and optional port, nothing else (no path, no trailing slash,
     * no wildcard). The notes stack's {@code AllowedOrigins} parameter uses the same pattern.
     */
    public static final Pattern ORIGIN = Pattern.compile("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$");

    public NotesConfig {
        requireTableName(NOTES_TABLE, notesTable);
        requireTableName(REPLIES_TABLE, repliesTable);
        if (notesTable.equals(repliesTable)) {
            throw new ConfigException(NOTES_TABLE + " and " + REPLIES_TABLE + " name the same table '" + notesTable
                    + "': expected two different tables");
        }
        allowedOrigins = List.copyOf(allowedOrigins);
        for (String origin : allowedOrigins) {
            if (!ORIGIN.matcher(origin).matches()) {
                throw ConfigException.invalid(ALLOWED_ORIGINS, origin,
                        "origins like https://notes.example.com or http://localhost:3000 (scheme, host, optional port; no '*', no path)");
            }
        }
    }

    /** Reads and validates the configuration; throws {@link ConfigException} before any AWS call is made. */
    public static NotesConfig fromEnvironment(Map<String, String> env) {
        return new NotesConfig(
                required(env, NOTES_TABLE),
                required(env, REPLIES_TABLE),
                parseOrigins(env.getOrDefault(ALLOWED_ORIGINS, "")));
    }

    public boolean isAllowedOrigin(String origin) {
        return origin != null && allowedOrigins.contains(origin);
    }

    static List<String> parseOrigins(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            String origin = part.strip();
            if (origin.isEmpty()) {
                throw ConfigException.invalid(ALLOWED_ORIGINS, raw,
                        "comma-separated origins without empty entries, e.g. https://notes.example.com,http://localhost:3000");
            }
            if (origin.equals("*")) {
                throw ConfigException.invalid(ALLOWED_ORIGINS, raw, "explicit origins; '*' is not allowed");
            }
            result.add(origin);
        }
        return List.copyOf(new LinkedHashSet<>(result));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new ConfigException("Missing " + name + ": expected a DynamoDB table name (3-255 characters of a-z, A-Z, 0-9, '_', '-', '.')");
        }
        return value.strip();
    }

    private static void requireTableName(String variable, String value) {
        if (value == null || !TABLE_NAME.matcher(value).matches()) {
            throw ConfigException.invalid(variable, String.valueOf(value), "a DynamoDB table name (3-255 characters of a-z, A-Z, 0-9, '_', '-', '.')");
        }
    }
}
