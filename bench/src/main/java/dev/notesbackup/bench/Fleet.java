package dev.notesbackup.bench;

import dev.notesbackup.backup.policy.BackupNames;
import dev.notesbackup.testsupport.AwsLimitsProxy;
import dev.notesbackup.testsupport.InMemoryBackupPlane;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The data of a scenario: {@code tables} tables named {@code <name>-0001 ...}, each with the
 * backups of its {@code backupsPerTable} previous daily slots (1 .. N days before {@code slot}),
 * named as the service names them. With a retention of N days exactly one backup per table (the
 * one N days old) is past retention when the run starts a few seconds or minutes after the slot.
 *
 * <p>On the in-memory plane, tables and backups are added in Java, with their creation times. On
 * moto, backups are created through the proxy with its virtual clock set to each earlier slot, so
 * they carry those creation times in every answer; tables and clean-up go to moto directly.
 * Seeding runs with no limits and no latency in the proxy.
 */
final class Fleet {
    static final String PREFIX = "scheduled";
    static final int KEEP_AT_LEAST = 3;
    private static final int SEED_THREADS = 4;

    final String name;
    final List<String> tables;
    final int backupsPerTable;
    final Instant slot;

    Fleet(String name, int tableCount, int backupsPerTable, Instant slot) {
        if (backupsPerTable <= KEEP_AT_LEAST) {
            throw new IllegalArgumentException("need more than " + KEEP_AT_LEAST + " backups per table for one to expire");
        }
        this.name = name;
        this.tables = IntStream.rangeClosed(1, tableCount).mapToObj(i -> String.format("%s-%04d", name, i)).toList();
        this.backupsPerTable = backupsPerTable;
        this.slot = slot;
    }

    /** Retention that makes exactly the oldest backup of each table expired: N days. */
    int retentionDays() {
        return backupsPerTable;
    }

    /** The selector for BACKUP_TABLES: a prefix resolved with ListTables, as one would configure 1,000 tables. */
    String tableSelector() {
        return name + "-*";
    }

    Instant daysBefore(int days) {
        return slot.minus(Duration.ofDays(days));
    }

    String backupName(String table, Instant at) {
        return BackupNames.forSlot(PREFIX, table, at);
    }

    void createTables(DynamoDbClient moto) {
        parallel(tables, table -> moto.createTable(r -> r.tableName(table)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST)));
    }

    /** The tables and every earlier slot's backups, straight into the plane. */
    void seed(InMemoryBackupPlane plane) {
        plane.addTables(tables);
        for (String table : tables) {
            for (int day = backupsPerTable; day >= 1; day--) {
                Instant at = daysBefore(day);
                plane.addBackup(table, backupName(table, at), at);
            }
        }
    }

    /** What the slot left in the plane: one backup of the slot per table, the expired backups gone, the others there. */
    PlaneSlots.Outcome outcome(InMemoryBackupPlane plane) {
        int once = 0;
        int copies = 0;
        int none = 0;
        int expiredLeft = 0;
        int keptMissing = 0;
        for (String table : tables) {
            Map<String, Long> names = plane.backupsOf(table).stream()
                    .collect(Collectors.groupingBy(InMemoryBackupPlane.Backup::name, Collectors.counting()));
            long ofSlot = names.getOrDefault(backupName(table, slot), 0L);
            if (ofSlot == 1) {
                once++;
            } else if (ofSlot > 1) {
                copies++;
            } else {
                none++;
            }
            if (names.containsKey(backupName(table, daysBefore(backupsPerTable)))) {
                expiredLeft++;
            }
            for (int day = 1; day < backupsPerTable; day++) {
                if (!names.containsKey(backupName(table, daysBefore(day)))) {
                    keptMissing++;
                }
            }
        }
        return new PlaneSlots.Outcome(once, copies, none, expiredLeft, keptMissing);
    }

    /** Every earlier slot's backups, oldest day first. */
    void seedBackups(AwsLimitsProxy proxy, DynamoDbClient viaProxy) {
        for (int day = backupsPerTable; day >= 1; day--) {
            seedDay(proxy, viaProxy, tables, day);
        }
        proxy.virtualClock(null);
    }

    private void seedDay(AwsLimitsProxy proxy, DynamoDbClient viaProxy, List<String> which, int day) {
        Instant at = daysBefore(day);
        proxy.virtualClock(() -> at);
        parallel(which, table -> viaProxy.createBackup(r -> r.tableName(table).backupName(backupName(table, at))));
    }

    /**
     * Puts the data back as seeded, after a run: deletes this slot's backups and re-creates each
     * table's expired backup with its old creation time. Returns the number of calls made.
     */
    int restore(AwsLimitsProxy proxy, DynamoDbClient viaProxy, DynamoDbClient moto) {
        List<BackupSummary> all = moto.listBackups(r -> r.backupType("ALL")).backupSummaries(); // moto: one page, everything
        Set<String> names = new HashSet<>();
        List<String> slotArns = new ArrayList<>();
        Set<String> ours = new HashSet<>(tables);
        for (BackupSummary b : all) {
            if (!ours.contains(b.tableName())) {
                continue;
            }
            if (b.backupName().equals(backupName(b.tableName(), slot))) {
                slotArns.add(b.backupArn());
            } else {
                names.add(b.backupName());
            }
        }
        parallel(slotArns, arn -> moto.deleteBackup(r -> r.backupArn(arn)));
        Instant expiredAt = daysBefore(backupsPerTable);
        List<String> missing = tables.stream().filter(t -> !names.contains(backupName(t, expiredAt))).toList();
        if (!missing.isEmpty()) {
            seedDay(proxy, viaProxy, missing, backupsPerTable);
            proxy.virtualClock(null);
        }
        int expected = tables.size() * backupsPerTable;
        int present = names.size() + missing.size();
        if (present != expected) {
            throw new IllegalStateException("after restoring, " + present + " backups instead of " + expected);
        }
        return slotArns.size() + missing.size();
    }

    private static <T> void parallel(List<T> items, Consumer<T> action) {
        ExecutorService pool = Executors.newFixedThreadPool(SEED_THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> action.accept(item)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("seeding failed: " + e, e);
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
