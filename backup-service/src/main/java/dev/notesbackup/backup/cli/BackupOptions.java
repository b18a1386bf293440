package dev.notesbackup.backup.cli;

import dev.notesbackup.backup.config.BackupConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The backup settings, read from the same environment variables as the Lambda; options override them. */
public final class BackupOptions {
    @Option(names = "--tables", split = ",", paramLabel = "TABLE",
            description = "Tables to work on, comma separated; 'name*' selects by prefix (default: BACKUP_TABLES).")
    List<String> tables;

    @Option(names = "--retention-days", description = "Retention period in days (default: RETENTION_DAYS or 35).")
    Integer retentionDays;

    @Option(names = "--keep-at-least", description = "Newest backups of ours always kept per table (default: KEEP_AT_LEAST or 3).")
    Integer keepAtLeast;

    @Option(names = "--prefix", description = "Backup name prefix (default: BACKUP_NAME_PREFIX or scheduled).")
    String prefix;

    BackupConfig config(Map<String, String> env) {
        Map<String, String> merged = new HashMap<>(env);
        if (tables != null) {
            merged.put(BackupConfig.TABLES, String.join(",", tables));
        }
        if (retentionDays != null) {
            merged.put(BackupConfig.RETENTION_DAYS, retentionDays.toString());
        }
        if (keepAtLeast != null) {
            merged.put(BackupConfig.KEEP_AT_LEAST, keepAtLeast.toString());
        }
        if (prefix != null) {
            merged.put(BackupConfig.NAME_PREFIX, prefix);
        }
        return BackupConfig.fromEnvironment(merged);
    }
}
