package dev.notesbackup.backup.policy;

import java.time.Instant;
import java.util.Objects;

/** What the policy needs to know of one backup; built from a ListBackups summary. */
public record BackupInfo(
        String arn,
        String name,
        String tableName,
        String type,
        String status,
        Instant created,
        long sizeBytes) {

    public static final String USER = "USER";
    public static final String AVAILABLE = "AVAILABLE";

    public BackupInfo {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(created, "created");
    }

    public boolean isUserBackup() {
        return USER.equals(type);
    }

    public boolean isAvailable() {
        return AVAILABLE.equals(status);
    }
}
