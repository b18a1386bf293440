package dev.notesbackup.backup.config;

import dev.notesbackup.backup.vault.VaultTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of the backup run, read once from the environment at initialisation.
 *
 * @param tables         exact names and prefixes of the tables to back up
 * @param retentionDays  backups of ours older than this many days may be deleted
 * @param keepAtLeast    the backups of ours of the newest this-many schedule slots per table always remain
 * @param namePrefix     first part of every backup name the service makes; it only ever deletes such backups
 * @param dryRun         report what would be created and deleted, change nothing
 * @param timeMargin     stop starting new work when less than this is left before the Lambda deadline
 * @param rates          client-side request rates per second, kept at or below the AWS account limits
 * @param restoreDrill   after the backups, restore one table's newest backup into a scratch table and check it
 * @param audit          after the backups, audit every table's protection and report missing ones as a metric
 * @param vault          after the backups, export every table into this off-account vault; null for none
 * @param maxInvocations a slot's work that one invocation cannot finish continues in new invocations of
 *                       the function, up to this many in all (1: never; what is left waits for the next slot)
 */
public record BackupConfig(
        List<TableSelector> tables,
        int retentionDays,
        int keepAtLeast,
        String namePrefix,
        boolean dryRun,
        Duration timeMargin,
        RateLimits rates,
        boolean restoreDrill,
        boolean audit,
        VaultTarget vault,
        int maxInvocations) {

    public static final String TABLES = "BACKUP_TABLES";
    public static final String RETENTION_DAYS = "RETENTION_DAYS";
    public static final String KEEP_AT_LEAST = "KEEP_AT_LEAST";
    public static final String NAME_PREFIX = "BACKUP_NAME_PREFIX";
    public static final String DRY_RUN = "DRY_RUN";
    public static final String TIME_MARGIN_SECONDS = "TIME_MARGIN_SECONDS";
    public static final String RESTORE_DRILL = "RESTORE_DRILL";
    public static final String AUDIT = "AUDIT";
    public static final String MAX_INVOCATIONS = "BACKUP_MAX_INVOCATIONS";

    public static final int DEFAULT_RETENTION_DAYS = 35;
    public static final int DEFAULT_KEEP_AT_LEAST = 3;
    public static final String DEFAULT_NAME_PREFIX = "scheduled";
    public static final int DEFAULT_TIME_MARGIN_SECONDS = 30;
    /** Four 15-minute invocations: 36,000 deletions a day at DynamoDB's 10 per second, more than the account maximum's 10,000 tables need. */
    public static final int DEFAULT_MAX_INVOCATIONS = 4;
    /** A bound on a runaway chain of continuations: 20 invocations of 15 minutes are 5 hours of a daily slot. */
    public static final int MAX_MAX_INVOCATIONS = 20;
    /** A call may take up to 10 s, and a create retried after an ambiguous failure lists first. */
    public static final int MIN_TIME_MARGIN_SECONDS = 20;
    /** A third of Lambda's longest timeout (900 s): a margin must leave time for work. */
    public static final int MAX_TIME_MARGIN_SECONDS = 300;
    /** Backup names are at most 255 characters; the prefix leaves room for the slot stamp and the table. */
    public static final Pattern NAME_PREFIX_PATTERN = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");

    public BackupConfig {
        tables = List.copyOf(tables);
        if (tables.isEmpty()) {
            throw new ConfigException("No tables configured: " + TABLES + " must name at least one table");
        }
        if (retentionDays < 1) {
            throw ConfigException.invalid(RETENTION_DAYS, String.valueOf(retentionDays), "a whole number of days, at least 1");
        }
        if (keepAtLeast < 1) {
            throw ConfigException.invalid(KEEP_AT_LEAST, String.valueOf(keepAtLeast), "a whole number, at least 1");
        }
        if (namePrefix == null || !NAME_PREFIX_PATTERN.matcher(namePrefix).matches()) {
            throw ConfigException.invalid(NAME_PREFIX, String.valueOf(namePrefix), "1-64 characters of a-z, A-Z, 0-9, '_', '-', '.'");
        }
        if (timeMargin.isNegative() || timeMargin.isZero()) {
            throw ConfigException.invalid(TIME_MARGIN_SECONDS, String.valueOf(timeMargin.toSeconds()), "a whole number of seconds, at least 1");
        }
        if (maxInvocations < 1 || maxInvocations > MAX_MAX_INVOCATIONS) {
            throw ConfigException.invalid(MAX_INVOCATIONS, String.valueOf(maxInvocations), MAX_INVOCATIONS_EXPECTED);
        }
    }

    private static final String MAX_INVOCATIONS_EXPECTED = "a whole number from 1 (never continue in a new invocation) to "
            + MAX_MAX_INVOCATIONS;

    /** Without a vault. */
    public BackupConfig(List<TableSelector> tables, int retentionDays, int keepAtLeast, String namePrefix, boolean dryRun,
                        Duration timeMargin, RateLimits rates, boolean restoreDrill, boolean audit) {
        this(tables, retentionDays, keepAtLeast, namePrefix, dryRun, timeMargin, rates, restoreDrill, audit, null,
                DEFAULT_MAX_INVOCATIONS);
    }

    /** Reads and validates the configuration; throws {@link ConfigException} before any AWS call is made. */
    public static BackupConfig fromEnvironment(Map<String, String> env) {
        return new BackupConfig(
                parseTables(required(env, TABLES)),
                intValue(env, RETENTION_DAYS, DEFAULT_RETENTION_DAYS, 1, 36_500, "a whole number of days from 1 to 36500"),
                intValue(env, KEEP_AT_LEAST, DEFAULT_KEEP_AT_LEAST, 1, 10_000, "a whole number from 1 to 10000"),
                stringValue(env, NAME_PREFIX, DEFAULT_NAME_PREFIX, "1-64 characters of a-z, A-Z, 0-9, '_', '-', '.'"),
                booleanValue(env, DRY_RUN, false),
                Duration.ofSeconds(intValue(env, TIME_MARGIN_SECONDS, DEFAULT_TIME_MARGIN_SECONDS, MIN_TIME_MARGIN_SECONDS,
                        MAX_TIME_MARGIN_SECONDS, "a whole number of seconds from " + MIN_TIME_MARGIN_SECONDS + " to "
                                + MAX_TIME_MARGIN_SECONDS + " (longer than the slowest call and its retry, and leaving time for work)")),
                RateLimits.AWS_DEFAULTS,
                booleanValue(env, RESTORE_DRILL, false),
                booleanValue(env, AUDIT, false),
                VaultTarget.fromEnvironment(env).orElse(null),
                intValue(env, MAX_INVOCATIONS, DEFAULT_MAX_INVOCATIONS, 1, MAX_MAX_INVOCATIONS, MAX_INVOCATIONS_EXPECTED));
    }

    public BackupConfig withDryRun(boolean value) {
        return new BackupConfig(tables, retentionDays, keepAtLeast, namePrefix, value, timeMargin, rates, restoreDrill, audit, vault, maxInvocations);
    }

    public BackupConfig withRates(RateLimits value) {
        return new BackupConfig(tables, retentionDays, keepAtLeast, namePrefix, dryRun, timeMargin, value, restoreDrill, audit, vault, maxInvocations);
    }

    public BackupConfig withTimeMargin(Duration value) {
        return new BackupConfig(tables, retentionDays, keepAtLeast, namePrefix, dryRun, value, rates, restoreDrill, audit, vault, maxInvocations);
    }

    public BackupConfig withMaxInvocations(int value) {
        return new BackupConfig(tables, retentionDays, keepAtLeast, namePrefix, dryRun, timeMargin, rates, restoreDrill, audit, vault, value);
    }

    public Optional<VaultTarget> vaultTarget() {
        return Optional.ofNullable(vault);
    }

    public Duration retention() {
        return Duration.ofDays(retentionDays);
    }

    static List<TableSelector> parseTables(String raw) {
        List<TableSelector> result = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String part : raw.split(",", -1)) {
            if (part.isBlank()) {
                throw ConfigException.invalid(TABLES, raw, "comma-separated table names without empty entries, e.g. notes,replies");
            }
            TableSelector selector = TableSelector.parse(TABLES, part);
            if (!seen.add(selector.toString())) {
                throw ConfigException.invalid(TABLES, raw, "each table listed once, but '" + selector + "' appears twice");
            }
            result.add(selector);
        }
        return result;
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new ConfigException("Missing " + name + ": expected comma-separated DynamoDB table names, e.g. notes,replies");
        }
        return value;
    }

    /**
     * An unset variable means its default; a variable set to an empty value is an error: it is
     * more likely a parameter that did not resolve than a wish for the default.
     */
    private static String present(Map<String, String> env, String name, Object fallback, String expected) {
        String value = env.get(name);
        if (value != null && value.isBlank()) {
            throw new ConfigException(name + " is set but empty: expected " + expected + ", or leave it unset for the default ("
                    + fallback + ")");
        }
        return value;
    }

    private static String stringValue(Map<String, String> env, String name, String fallback, String expected) {
        String value = present(env, name, fallback, expected);
        return value == null ? fallback : value.strip();
    }

    private static int intValue(Map<String, String> env, String name, int fallback, int min, int max, String expected) {
        String value = present(env, name, fallback, expected);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < min || parsed > max) {
                throw ConfigException.invalid(name, value, expected);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(name, value, expected);
        }
    }

    private static boolean booleanValue(Map<String, String> env, String name, boolean fallback) {
        String value = present(env, name, fallback, "true or false");
        if (value == null) {
            return fallback;
        }
        return switch (value.strip().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ConfigException.invalid(name, value, "true or false");
        };
    }
}
