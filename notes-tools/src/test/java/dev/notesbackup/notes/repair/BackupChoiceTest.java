package dev.notesbackup.notes.repair;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupType;

class BackupChoiceTest {
    private static final Instant T = Instant.parse("2024-05-10T12:00:00Z");

    private static BackupSummary backup(String name, String created, BackupType type, BackupStatus status, String table) {
        return BackupSummary.builder().backupName(name).backupArn("arn:aws:dynamodb:us-east-1:111122223333:table/" + table
                        + "/backup/" + name).tableName(table).backupCreationDateTime(Instant.parse(created))
                .backupType(type).backupStatus(status).build();
    }

    private static BackupSummary user(String name, String created) {
        return backup(name, created, BackupType.USER, BackupStatus.AVAILABLE, "notes");
    }

    @Test
    void choose_theNewestScheduledBackupBeforeT_overANewerManualOne_andSaysWhy() {
        List<BackupSummary> backups = List.of(
                user("scheduled-20240509T000000Z-notes", "2024-05-09T00:00:05Z"),
                user("scheduled-20240510T000000Z-notes", "2024-05-10T00:00:05Z"),
                user("before-the-deploy", "2024-05-10T11:00:00Z"),
                user("scheduled-20240511T000000Z-notes", "2024-05-11T00:00:05Z"));

        BackupChoice choice = BackupChoice.choose(backups, "notes", T, "scheduled").orElseThrow();

        assertThat(choice.backup().backupName()).isEqualTo("scheduled-20240510T000000Z-notes");
        assertThat(choice.why()).isEqualTo("the newest of the 2 scheduled backups (named scheduled-...) of notes created before"
                + " 2024-05-10T12:00:00Z; the newer USER backup before-the-deploy (2024-05-10T11:00:00Z) is not the backup"
                + " stack's, so the scheduled one is preferred and the write-ahead log covers the gap");
    }

    @Test
    void choose_anyUserBackup_whenNoScheduledOneIsBeforeT() {
        List<BackupSummary> backups = List.of(user("by-hand", "2024-05-01T00:00:00Z"), user("by-hand-2", "2024-05-02T00:00:00Z"),
                user("scheduled-20240511T000000Z-notes", "2024-05-11T00:00:05Z"));

        BackupChoice choice = BackupChoice.choose(backups, "notes", T, "scheduled").orElseThrow();

        assertThat(choice.backup().backupName()).isEqualTo("by-hand-2");
        assertThat(choice.why()).startsWith("no scheduled backup (named scheduled-...) of notes was created before 2024-05-10T12:00:00Z;"
                + " the newest of its 2 other USER backups");
    }

    @Test
    void choose_nothing_whenOnlySystemUnavailableOtherTablesOrLaterBackupsExist() {
        List<BackupSummary> backups = List.of(
                backup("notes$DeletedTableBackup", "2024-05-01T00:00:00Z", BackupType.SYSTEM, BackupStatus.AVAILABLE, "notes"),
                backup("scheduled-20240509T000000Z-notes", "2024-05-09T00:00:00Z", BackupType.USER, BackupStatus.CREATING, "notes"),
                backup("scheduled-20240509T000000Z-other", "2024-05-09T00:00:00Z", BackupType.USER, BackupStatus.AVAILABLE, "other"),
                backup("aws-backup", "2024-05-09T00:00:00Z", BackupType.AWS_BACKUP, BackupStatus.AVAILABLE, "notes"),
                user("at-t", "2024-05-10T12:00:00Z"));

        assertThat(BackupChoice.choose(backups, "notes", T, "scheduled")).isEmpty();
    }

    @Test
    void choose_byTheConfiguredPrefix() {
        List<BackupSummary> backups = List.of(user("nightly-20240509T000000Z-notes", "2024-05-09T00:00:00Z"),
                user("manual", "2024-05-10T00:00:00Z"));
        assertThat(BackupChoice.choose(backups, "notes", T, "nightly").orElseThrow().backup().backupName())
                .isEqualTo("nightly-20240509T000000Z-notes");
    }
}
