package dev.notesbackup.backup.vault.watchdog;

import dev.notesbackup.backup.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Settings of the vault watchdog, read once from the environment at initialisation (the vault
 * stack's template sets them).
 *
 * @param bucket         the vault bucket
 * @param topicArn       the SNS topic told about stale tables
 * @param maxExportAge   a table whose newest completed export is older than this is stale
 * @param expectedTables tables that must have a recent export even if the bucket holds none of them
 */
public record WatchdogConfig(String bucket, String topicArn, Duration maxExportAge, Set<VaultTable> expectedTables) {
    public static final String BUCKET = "VAULT_BUCKET";
    public static final String TOPIC_ARN = "ALARM_TOPIC_ARN";
    public static final String MAX_EXPORT_AGE_HOURS = "MAX_EXPORT_AGE_HOURS";
    public static final String EXPECTED_TABLES = "EXPECTED_TABLES";

    public static final int DEFAULT_MAX_EXPORT_AGE_HOURS = 30;
    /** S3's bucket naming rules (general purpose buckets). */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern TOPIC = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}");

    public WatchdogConfig {
        expectedTables = Set.copyOf(expectedTables);
        if (maxExportAge.isNegative() || maxExportAge.isZero()) {
            throw ConfigException.invalid(MAX_EXPORT_AGE_HOURS, String.valueOf(maxExportAge.toHours()), "at least 1 hour");
        }
    }

    /** Reads and validates the configuration; throws {@link ConfigException} before any AWS call is made. */
    public static WatchdogConfig fromEnvironment(Map<String, String> env) {
        String bucket = required(env, BUCKET, "the vault bucket's name");
        if (!BUCKET_NAME.matcher(bucket).matches()) {
            throw ConfigException.invalid(BUCKET, bucket, "an S3 bucket name (3-63 of a-z 0-9 . -)");
        }
        String topic = required(env, TOPIC_ARN, "the watchdog topic's ARN");
        if (!TOPIC.matcher(topic).matches()) {
            throw ConfigException.invalid(TOPIC_ARN, topic, "an SNS topic ARN, arn:aws:sns:<region>:<account>:<name>");
        }
        return new WatchdogConfig(bucket, topic, Duration.ofHours(hours(env)), expectedTables(env));
    }

    private static int hours(Map<String, String> env) {
        String value = env.get(MAX_EXPORT_AGE_HOURS);
        if (value == null) {
            return DEFAULT_MAX_EXPORT_AGE_HOURS;
        }
        try {
            int hours = Integer.parseInt(value.strip());
            if (hours >= 1 && hours <= 8760) {
                return hours;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw ConfigException.invalid(MAX_EXPORT_AGE_HOURS, value, "a whole number of hours from 1 to 8760");
    }

    /** Unset means none; set, it must name at least one table (an empty value is more likely a parameter that did not resolve). */
    private static Set<VaultTable> expectedTables(Map<String, String> env) {
        String value = env.get(EXPECTED_TABLES);
        Set<VaultTable> tables = new TreeSet<>();
        if (value == null) {
            return tables;
        }
        for (String entry : value.split(",", -1)) {
            try {
                if (!tables.add(VaultTable.parse(entry))) {
                    throw ConfigException.invalid(EXPECTED_TABLES, value, "each table listed once, but '" + entry.strip() + "' appears twice");
                }
            } catch (IllegalArgumentException e) {
                throw ConfigException.invalid(EXPECTED_TABLES, value, "comma-separated <prefix>/<table> entries, e.g."
                        + " 111122223333/notes,111122223333/replies, or unset for none (" + e.getMessage() + ")");
            }
        }
        return tables;
    }

    private static String required(Map<String, String> env, String name, String what) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new ConfigException("Missing " + name + ": expected " + what);
        }
        return value.strip();
    }
}
