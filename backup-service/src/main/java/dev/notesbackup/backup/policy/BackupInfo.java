package dev.notesbackup.backup.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * What the policy needs to know of one backup; built from a ListBackups summary.
 *
 * @param expires when DynamoDB deletes the backup by itself, as ListBackups reports it
 *                ({@code BackupExpiryDateTime}, given for SYSTEM backups), or null
 */
public record BackupInfo(
        String arn,
        String name,
        String tableName,
        String type,
        String status,
        Instant created,
        long sizeBytes,
        Instant expires) {

    public static final String USER = "USER";
    public static final String AVAILABLE = "AVAILABLE";

    public BackupInfo {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(created, "created");
    }

    /** A backup DynamoDB does not delete by itself (what CreateBackup makes). */
    public BackupInfo(String arn, String name, String tableName, String type, String status, Instant created, long sizeBytes) {
        this(arn, name, tableName, type, status, created, sizeBytes, null);
    }

    public boolean isUserBackup() {
        return USER.equals(type);
    }

    public boolean isAvailable() {
        return AVAILABLE.equals(status);
    }
}
