package dev.notesbackup.backup.config;

import java.util.regex.Pattern;

/**
 * One entry of the table list: an exact table name, or a name prefix ending in {@code *} that is
 * resolved against ListTables at the start of each run.
 */
public record TableSelector(String value, boolean prefix) {
    /** DynamoDB table names: 3-255 characters of {@code [a-zA-Z0-9_.-]}. */
    public static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    private static final Pattern TABLE_PREFIX = Pattern.compile("[a-zA-Z0-9_.-]{1,254}");

    static TableSelector parse(String variable, String raw) {
        String entry = raw.strip();
        if (entry.endsWith("*")) {
            String prefix = entry.substring(0, entry.length() - 1);
            if (!TABLE_PREFIX.matcher(prefix).matches()) {
                throw ConfigException.invalid(variable, raw,
                        "a table-name prefix of [a-zA-Z0-9_.-] followed by a single '*'");
            }
            return new TableSelector(prefix, true);
        }
        if (!TABLE_NAME.matcher(entry).matches()) {
            throw ConfigException.invalid(variable, raw,
                    "a DynamoDB table name (3-255 characters of a-z, A-Z, 0-9, '_', '-', '.') or a prefix ending in '*'");
        }
        return new TableSelector(entry, false);
    }

    public boolean matches(String tableName) {
        return prefix ? tableName.startsWith(value) : tableName.equals(value);
    }

    @Override
    public String toString() {
        return prefix ? value + "*" : value;
    }
}
