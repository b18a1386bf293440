package dev.notesbackup.bench;

import dev.notesbackup.backup.aws.BackupPager;
import dev.notesbackup.backup.policy.BackupInfo;
import dev.notesbackup.backup.policy.BackupNames;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;

/**
 * The baseline: how the popular scheduled-backup Lambdas work. One table after another: list that
 * table's backups (ListBackups with TableName, all pages), create today's backup, delete the
 * expired ones. No pacing; a throttled call is retried after a fixed 100 ms, until it succeeds.
 * It makes the same decisions as the service (our prefix, older than the retention, never one of
 * the newest keep-at-least), so both do the same work on the same data.
 */
final class SequentialBaseline {
    static final Duration THROTTLE_BACKOFF = Duration.ofMillis(100);
    static final int MAX_ATTEMPTS = 1_000;

    record Result(double seconds, int created, int deleted, long throttles) {
    }

    private final DynamoDbClient dynamo;
    private final String prefix;
    private final Duration retention;
    private final int keepAtLeast;
    private long throttles;

    SequentialBaseline(DynamoDbClient dynamo, String prefix, Duration retention, int keepAtLeast) {
        this.dynamo = dynamo;
        this.prefix = prefix;
        this.retention = retention;
        this.keepAtLeast = keepAtLeast;
    }

    Result run(List<String> tables, Instant slot) {
        long started = System.nanoTime();
        Instant cutoff = Instant.now().minus(retention);
        int created = 0;
        int deleted = 0;
        for (String table : tables) {
            List<BackupInfo> backups = listTableBackups(table);
            String name = BackupNames.forSlot(prefix, table, slot);
            retry(() -> dynamo.createBackup(r -> r.tableName(table).backupName(name)));
            created++;
            List<BackupInfo> ours = backups.stream()
                    .filter(b -> BackupNames.isOurs(prefix, table, b.name()))
                    .sorted(Comparator.comparing(BackupInfo::created).reversed())
                    .toList();
            // today's new backup is the newest, so keep keepAtLeast - 1 of the listed ones
            for (BackupInfo b : ours.subList(Math.min(ours.size(), keepAtLeast - 1), ours.size())) {
                if (b.created().isBefore(cutoff)) {
                    retry(() -> dynamo.deleteBackup(r -> r.backupArn(b.arn())));
                    deleted++;
                }
            }
        }
        return new Result((System.nanoTime() - started) / 1e9, created, deleted, throttles);
    }

    /** The table's backups, every page, each page retried like every call of the baseline: no pacing. */
    private List<BackupInfo> listTableBackups(String table) {
        return new BackupPager(request -> retry(() -> dynamo.listBackups(request)), () -> true)
                .all(BackupPager.Query.ofTable(table, BackupTypeFilter.USER));
    }

    private <T> T retry(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (AwsServiceException e) {
                boolean throttled = e instanceof LimitExceededException || e.isThrottlingException();
                if (!throttled || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                throttles++;
                try {
                    Thread.sleep(THROTTLE_BACKOFF.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
