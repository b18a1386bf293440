package dev.notesbackup.backup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
    static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");
    static final RetentionRules RULES = new RetentionRules("scheduled", Duration.ofDays(7), 2);
    static int arns;

    static BackupInfo ours(String table, int daysOld) {
        Instant created = NOW.minus(Duration.ofDays(daysOld));
        return backup(table, BackupNames.forSlot("scheduled", table, created), created, "USER", "AVAILABLE");
    }

    static BackupInfo backup(String table, String name, Instant created, String type, String status) {
        // zero-padded, so that ARN order is creation order as with DynamoDB's ARNs
        return new BackupInfo(String.format("arn:%s/backup/%08d", table, ++arns), name, table, type, status, created, 1);
    }

    static List<BackupInfo> daily(String table, int days) {
        List<BackupInfo> result = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            result.add(ours(table, d));
        }
        return result;
    }

    @Test
    void prune_deletesOursPastRetention_whenTableBackedUp() {
        List<BackupInfo> backups = daily("notes", 12);

        List<BackupInfo> deleted = RetentionPolicy.toDelete("notes", backups, TableFate.BACKED_UP, NOW, RULES);

        assertThat(deleted).extracting(b -> Duration.between(b.created(), NOW).toDays()).containsExactly(11L, 10L, 9L, 8L);
    }

    @Test
    void prune_keepsNewestN_whenAllExpired() {
        List<BackupInfo> backups = List.of(ours("notes", 30), ours("notes", 40), ours("notes", 50));

        Map<BackupInfo, Verdict> verdicts = RetentionPolicy.evaluate("notes", backups, TableFate.BACKED_UP, NOW, RULES);

        assertThat(verdicts.values()).containsExactly(Verdict.KEEP_NEWEST_N, Verdict.KEEP_NEWEST_N, Verdict.DELETE);
    }

    @Test
    void prune_countsPlannedBackupAmongNewestN_whenBackupIsPlanned() {
        List<BackupInfo> backups = List.of(ours("notes", 30), ours("notes", 40), ours("notes", 50));

        Map<BackupInfo, Verdict> verdicts = RetentionPolicy.evaluate("notes", backups,
                TableFate.planned(BackupNames.forSlot("scheduled", "notes", NOW)), NOW, RULES);

        // the planned backup is one of the two newest slots, so only the next one stays
        assertThat(verdicts.values()).containsExactly(Verdict.KEEP_NEWEST_N, Verdict.DELETE, Verdict.DELETE);
        assertThat(verdicts).hasSize(3);
    }

    @Test
    void prune_neverDeletesOthersBackups() {
        Instant old = NOW.minus(Duration.ofDays(100));
        List<BackupInfo> backups = new ArrayList<>(daily("notes", 3));
        BackupInfo manual = backup("notes", "before-migration", old, "USER", "AVAILABLE");
        BackupInfo otherPrefix = backup("notes", BackupNames.forSlot("nightly", "notes", old), old, "USER", "AVAILABLE");
        BackupInfo similarPrefix = backup("notes", "scheduled-manual-" + "x", old, "USER", "AVAILABLE");
        BackupInfo system = backup("notes", BackupNames.forSlot("scheduled", "notes", old), old, "SYSTEM", "AVAILABLE");
        BackupInfo awsBackup = backup("notes", BackupNames.forSlot("scheduled", "notes", old), old, "AWS_BACKUP", "AVAILABLE");
        BackupInfo forOtherTable = backup("notes", BackupNames.forSlot("scheduled", "notes-old", old), old, "USER", "AVAILABLE");
        backups.addAll(List.of(manual, otherPrefix, similarPrefix, system, awsBackup, forOtherTable));

        Map<BackupInfo, Verdict> verdicts = RetentionPolicy.evaluate("notes", backups, TableFate.BACKED_UP, NOW, RULES);

        for (BackupInfo b : List.of(manual, otherPrefix, similarPrefix, system, awsBackup, forOtherTable)) {
            assertThat(verdicts.get(b)).as(b.name() + " " + b.type()).isEqualTo(Verdict.KEEP_NOT_OURS);
        }
    }

    @Test
    void prune_keepsEverything_whenTableFailedMissingOrPending() {
        List<BackupInfo> backups = daily("notes", 40);

        assertThat(RetentionPolicy.toDelete("notes", backups, TableFate.NOT_BACKED_UP, NOW, RULES)).isEmpty();
        assertThat(RetentionPolicy.evaluate("notes", backups, TableFate.NOT_BACKED_UP, NOW, RULES).get(backups.get(39)))
                .isEqualTo(Verdict.KEEP_TABLE_NOT_BACKED_UP);
    }

    @Test
    void prune_neverDeletesBackupThatIsNotAvailable() {
        BackupInfo creating = backup("notes", BackupNames.forSlot("scheduled", "notes", NOW.minus(Duration.ofDays(20))),
                NOW.minus(Duration.ofDays(20)), "USER", "CREATING");
        List<BackupInfo> backups = new ArrayList<>(daily("notes", 3));
        backups.add(creating);

        assertThat(RetentionPolicy.evaluate("notes", backups, TableFate.BACKED_UP, NOW, RULES).get(creating))
                .isEqualTo(Verdict.KEEP_NOT_AVAILABLE);
    }

    @Test
    void prune_unavailableBackups_doNotCountTowardsTheNewestN() {
        Instant recent = NOW.minus(Duration.ofHours(1));
        BackupInfo creating = backup("notes", BackupNames.forSlot("scheduled", "notes", recent), recent, "USER", "CREATING");
        BackupInfo old1 = ours("notes", 30);
        BackupInfo old2 = ours("notes", 31);

        Map<BackupInfo, Verdict> verdicts = RetentionPolicy.evaluate("notes", List.of(creating, old1, old2),
                TableFate.BACKED_UP, NOW, RULES);

        assertThat(verdicts.get(old1)).isEqualTo(Verdict.KEEP_NEWEST_N);
        assertThat(verdicts.get(old2)).isEqualTo(Verdict.KEEP_NEWEST_N);
    }

    @Test
    void prune_keepsBackupExactlyAtTheRetentionBoundary() {
        Instant boundary = NOW.minus(Duration.ofDays(7));
        BackupInfo atBoundary = backup("notes", BackupNames.forSlot("scheduled", "notes", boundary), boundary, "USER", "AVAILABLE");
        List<BackupInfo> backups = new ArrayList<>(daily("notes", 3));
        backups.add(atBoundary);

        assertThat(RetentionPolicy.evaluate("notes", backups, TableFate.BACKED_UP, NOW, RULES).get(atBoundary))
                .isEqualTo(Verdict.KEEP_WITHIN_RETENTION);
    }

    /** The defect of overlapping deliveries: two copies of today's slot pushed yesterday's out of keep-at-least. */
    @Test
    void prune_keepAtLeastCountsSlots_notCopies_andDeletesTheLaterCopy() {
        RetentionRules keepTwo = new RetentionRules("scheduled", Duration.ofDays(0), 2);
        Instant today = NOW.minus(Duration.ofMinutes(5));
        BackupInfo first = backup("notes", BackupNames.forSlot("scheduled", "notes", NOW), today, "USER", "AVAILABLE");
        BackupInfo second = backup("notes", BackupNames.forSlot("scheduled", "notes", NOW), today.plusSeconds(2), "USER", "AVAILABLE");
        BackupInfo yesterday = ours("notes", 1);
        BackupInfo older = ours("notes", 2);

        Map<BackupInfo, Verdict> verdicts = RetentionPolicy.evaluate("notes", List.of(second, first, yesterday, older),
                TableFate.BACKED_UP, NOW, keepTwo);

        assertThat(verdicts).containsEntry(first, Verdict.KEEP_NEWEST_N)
                .containsEntry(second, Verdict.DELETE_LATER_COPY)
                .containsEntry(yesterday, Verdict.KEEP_NEWEST_N)
                .containsEntry(older, Verdict.DELETE);
    }

    @Test
    void prune_keepsALaterCopy_whenTheTableWasNotBackedUp_orTheFirstCopyIsNotAvailable() {
        String slotName = BackupNames.forSlot("scheduled", "notes", NOW);
        BackupInfo creatingFirst = backup("notes", slotName, NOW, "USER", "CREATING");
        BackupInfo availableFirst = backup("notes", slotName, NOW, "USER", "AVAILABLE");
        BackupInfo second = backup("notes", slotName, NOW.plusSeconds(1), "USER", "AVAILABLE");

        assertThat(RetentionPolicy.evaluate("notes", List.of(creatingFirst, second), TableFate.BACKED_UP, NOW, RULES))
                .containsEntry(second, Verdict.KEEP_NEWEST_N);
        assertThat(RetentionPolicy.evaluate("notes", List.of(availableFirst, second), TableFate.NOT_BACKED_UP, NOW, RULES))
                .containsEntry(second, Verdict.KEEP_TABLE_NOT_BACKED_UP);
        assertThat(RetentionPolicy.evaluate("notes", List.of(second, availableFirst), TableFate.BACKED_UP, NOW, RULES))
                .containsEntry(second, Verdict.DELETE_LATER_COPY);
    }
}
