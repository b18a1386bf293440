package dev.notesbackup.backup.aws;

import dev.notesbackup.backup.policy.BackupInfo;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;

/**
 * Every backup of a table (or of the account), following ListBackups pages by
 * LastEvaluatedBackupArn: the SDK has no paginator for ListBackups. The type filter is applied by
 * the API and checked again here, so that only what was asked for reaches a decision. For the operator's commands; the
 * scheduled run has its own paced and budgeted listing.
 */
public final class BackupListing {
    private BackupListing() {
    }

    public static List<BackupInfo> all(DynamoDbClient dynamo, String tableName, BackupTypeFilter type) {
        List<BackupInfo> result = new ArrayList<>();
        String start = null;
        do {
            String exclusiveStart = start;
            ListBackupsResponse page = dynamo.listBackups(r -> r.tableName(tableName).backupType(type)
                    .exclusiveStartBackupArn(exclusiveStart));
            for (BackupSummary summary : page.backupSummaries()) {
                BackupInfo backup = toInfo(summary);
                if ((tableName == null || tableName.equals(backup.tableName()))
                        && (type == BackupTypeFilter.ALL || type.toString().equals(backup.type()))) {
                    result.add(backup);
                }
            }
            start = page.lastEvaluatedBackupArn();
        } while (start != null);
        return result;
    }

    public static BackupInfo toInfo(BackupSummary s) {
        return new BackupInfo(s.backupArn(), s.backupName(), s.tableName(), s.backupTypeAsString(),
                s.backupStatusAsString(), s.backupCreationDateTime(), s.backupSizeBytes() == null ? 0 : s.backupSizeBytes());
    }
}
