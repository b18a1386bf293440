package dev.notesbackup.backup.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Backup names: {@code <prefix>-<yyyyMMdd'T'HHmmss'Z'>-<table>}, deterministic per schedule slot
 * so that a redelivered event finds the backup it already made. Only {@code [a-zA-Z0-9_.-]}, at
 * most 255 characters: a table name too long to fit is cut and ends with a hash of the full name.
 */
public final class BackupNames {
    public static final int MAX_LENGTH = 255;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern STAMP_PATTERN = Pattern.compile("\\d{8}T\\d{6}Z");
    private static final int STAMP_LENGTH = 16;
    private static final int HASH_LENGTH = 8;

    private BackupNames() {
    }

    /** The name of the backup of {@code table} for the schedule slot at {@code slot}. */
    public static String forSlot(String prefix, String table, Instant slot) {
        return prefix + "-" + STAMP.format(slot.truncatedTo(ChronoUnit.SECONDS)) + "-" + tablePart(prefix, table);
    }

    /**
     * True only for names this service makes for {@code table} with {@code prefix}: the prefix,
     * a valid slot stamp and exactly the table part it would write. Names made by people or
     * other tools, even with a similar prefix, do not qualify.
     */
    public static boolean isOurs(String prefix, String table, String backupName) {
        return slotOf(prefix, table, backupName).isPresent();
    }

    /** The schedule slot a name of ours stands for; empty for a name this service did not make. */
    public static Optional<Instant> slotOf(String prefix, String table, String backupName) {
        String head = prefix + "-";
        if (!backupName.startsWith(head) || backupName.length() < head.length() + STAMP_LENGTH + 2) {
            return Optional.empty();
        }
        String stamp = backupName.substring(head.length(), head.length() + STAMP_LENGTH);
        if (!STAMP_PATTERN.matcher(stamp).matches()
                || backupName.charAt(head.length() + STAMP_LENGTH) != '-'
                || !backupName.substring(head.length() + STAMP_LENGTH + 1).equals(tablePart(prefix, table))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(STAMP.parse(stamp)));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // digits in the right places, but no date (e.g. month 13): not a name we made
        }
    }

    static String tablePart(String prefix, String table) {
        int room = MAX_LENGTH - prefix.length() - STAMP_LENGTH - 2;
        if (table.length() <= room) {
            return table;
        }
        return table.substring(0, room - HASH_LENGTH - 1) + "." + shortHash(table);
    }

    private static String shortHash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
