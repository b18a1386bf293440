package dev.notesbackup.notes.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.notesbackup.notes.store.Entity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupType;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsStatus;
import software.amazon.awssdk.services.dynamodb.model.DescribeContinuousBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeContinuousBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableFromBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The copy as of T on a mocked client, requests captured. The point-in-time path is proven here
 * only: moto's RestoreTableToPointInTime copies the table's CURRENT items, not those as of T, so an
 * integration test on it could not tell a right restore from a wrong one. The backup and log path
 * has its integration tests on moto (BadDataRecoveryIT).
 */
class CopyAsOfTest {
    private static final Instant NOW = Instant.parse("2024-05-10T12:00:00Z");
    private static final Instant T = Instant.parse("2024-05-10T09:30:00Z");
    private static final NotesTables LIVE = new NotesTables("notes", "replies");
    private static final NotesTables COPY = new NotesTables("notes-at-t", "replies-at-t");

    private final DynamoDbClient db = mock(DynamoDbClient.class);
    private final Set<String> tables = new HashSet<>(Set.of("notes", "replies"));
    private final List<String> progress = new ArrayList<>();
    private final ByteArrayOutputStream problems = new ByteArrayOutputStream();
    private final CopyAsOf copier = new CopyAsOf(db, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(1), Duration.ofSeconds(5),
            progress::add, new PrintStream(problems, true, StandardCharsets.UTF_8));

    @BeforeEach
    void tables() {
        when(db.describeTable(any(DescribeTableRequest.class))).thenAnswer(call -> {
            String name = call.<DescribeTableRequest>getArgument(0).tableName();
            if (!tables.contains(name)) {
                throw ResourceNotFoundException.builder().message("Requested resource not found: Table: " + name + " not found").build();
            }
            return DescribeTableResponse.builder().table(t -> t.tableName(name).tableStatus(TableStatus.ACTIVE)).build();
        });
        when(db.restoreTableToPointInTime(any(RestoreTableToPointInTimeRequest.class))).thenAnswer(call -> {
            tables.add(call.<RestoreTableToPointInTimeRequest>getArgument(0).targetTableName());
            return null;
        });
        when(db.restoreTableFromBackup(any(RestoreTableFromBackupRequest.class))).thenAnswer(call -> {
            tables.add(call.<RestoreTableFromBackupRequest>getArgument(0).targetTableName());
            return null;
        });
    }

    private void pointInTime(PointInTimeRecoveryStatus status, String earliest, String latest) {
        when(db.describeContinuousBackups(any(DescribeContinuousBackupsRequest.class))).thenReturn(
                DescribeContinuousBackupsResponse.builder().continuousBackupsDescription(c -> c
                        .continuousBackupsStatus(ContinuousBackupsStatus.ENABLED)
                        .pointInTimeRecoveryDescription(p -> p.pointInTimeRecoveryStatus(status)
                                .earliestRestorableDateTime(earliest == null ? null : Instant.parse(earliest))
                                .latestRestorableDateTime(latest == null ? null : Instant.parse(latest))))
                        .build());
    }

    @Test
    void copy_restoresEachTableToTByPointInTimeRecovery_intoTheNewTables_andWaitsUntilActive() {
        pointInTime(PointInTimeRecoveryStatus.ENABLED, "2024-04-10T12:00:00Z", "2024-05-10T11:55:00Z");

        CopyAsOf.Result result = copier.copy(LIVE, COPY, T, CopyAsOf.Method.AUTO, "scheduled", null);

        ArgumentCaptor<RestoreTableToPointInTimeRequest> restores = ArgumentCaptor.forClass(RestoreTableToPointInTimeRequest.class);
        verify(db, times(2)).restoreTableToPointInTime(restores.capture());
        assertThat(restores.getAllValues()).extracting(RestoreTableToPointInTimeRequest::sourceTableName,
                        RestoreTableToPointInTimeRequest::targetTableName, RestoreTableToPointInTimeRequest::restoreDateTime,
                        RestoreTableToPointInTimeRequest::useLatestRestorableTime)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("notes", "notes-at-t", T, false),
                        org.assertj.core.groups.Tuple.tuple("replies", "replies-at-t", T, false));
        verify(db, never()).listBackups(any(ListBackupsRequest.class));
        verify(db, never()).restoreTableFromBackup(any(RestoreTableFromBackupRequest.class));
        assertThat(result.methods()).containsValues(CopyAsOf.Method.POINT_IN_TIME, CopyAsOf.Method.POINT_IN_TIME);
        assertThat(result.backups()).isEmpty();
        assertThat(result.replay()).isNull();
        assertThat(result.exitCode()).isZero();
        assertThat(progress).contains("restoring notes as of 2024-05-10T09:30:00Z (point-in-time recovery) into notes-at-t ...",
                "waiting for replies-at-t to become ACTIVE ...", "replies-at-t is ACTIVE (0 s)");
    }

    @Test
    void copy_refusesTBeforeTheEarliestRestorableTime_whenPointInTimeWasAskedFor_sayingTheWindow() {
        pointInTime(PointInTimeRecoveryStatus.ENABLED, "2024-05-10T10:00:00Z", "2024-05-10T11:55:00Z");

        assertThatThrownBy(() -> copier.copy(LIVE, COPY, T, CopyAsOf.Method.POINT_IN_TIME, "scheduled", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("point-in-time recovery cannot give 2024-05-10T09:30:00Z: 2024-05-10T09:30:00Z is before"
                        + " notes's earliest restorable time 2024-05-10T10:00:00Z");
        verify(db, never()).restoreTableToPointInTime(any(RestoreTableToPointInTimeRequest.class));
    }

    @Test
    void copy_refusesTAfterTheLatestRestorableTime_andWithoutALogCannotFallBackToABackup() {
        pointInTime(PointInTimeRecoveryStatus.ENABLED, "2024-04-10T12:00:00Z", "2024-05-10T11:55:00Z");
        Instant recent = Instant.parse("2024-05-10T11:58:00Z");

        assertThatThrownBy(() -> copier.copy(LIVE, COPY, recent, CopyAsOf.Method.AUTO, "scheduled", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is after notes's latest restorable time 2024-05-10T11:55:00Z (it is about 5 minutes behind")
                .hasMessageContaining("needs the write-ahead log up to that time: give --file or --log-group");
        verify(db, never()).restoreTableToPointInTime(any(RestoreTableToPointInTimeRequest.class));
    }

    /**
     * Table by table: the notes by point-in-time recovery, the replies (no point-in-time recovery) from a backup,
     * and the log replayed into both copies (the point-in-time copy already holds what it has up to T).
     */
    @Test
    void copy_mixesPointInTimeAndBackup_tableByTable_andReplaysIntoBothCopies() {
        when(db.describeContinuousBackups(any(DescribeContinuousBackupsRequest.class))).thenAnswer(call -> {
            boolean notes = call.<DescribeContinuousBackupsRequest>getArgument(0).tableName().equals("notes");
            return DescribeContinuousBackupsResponse.builder().continuousBackupsDescription(c -> c
                    .continuousBackupsStatus(ContinuousBackupsStatus.ENABLED)
                    .pointInTimeRecoveryDescription(p -> p.pointInTimeRecoveryStatus(notes ? PointInTimeRecoveryStatus.ENABLED
                                    : PointInTimeRecoveryStatus.DISABLED)
                            .earliestRestorableDateTime(notes ? Instant.parse("2024-04-10T12:00:00Z") : null)
                            .latestRestorableDateTime(notes ? Instant.parse("2024-05-10T11:55:00Z") : null))).build();
        });
        when(db.listBackups(any(ListBackupsRequest.class))).thenReturn(ListBackupsResponse.builder().backupSummaries(
                BackupSummary.builder().tableName("replies").backupName("scheduled-20240510T000000Z-replies").backupArn("arn:r")
                        .backupType(BackupType.USER).backupStatus(BackupStatus.AVAILABLE)
                        .backupCreationDateTime(Instant.parse("2024-05-10T00:00:05Z")).build()).build());
        List<Instant[]> asked = new ArrayList<>();
        CopyAsOf.LogInput log = new CopyAsOf.LogInput("--log-group g", "<g>", (start, end) -> {
            asked.add(new Instant[] {start, end});
            return List.of();
        });

        CopyAsOf.Result result = copier.copy(LIVE, COPY, T, CopyAsOf.Method.AUTO, "scheduled", log);

        ArgumentCaptor<RestoreTableToPointInTimeRequest> pitr = ArgumentCaptor.forClass(RestoreTableToPointInTimeRequest.class);
        verify(db).restoreTableToPointInTime(pitr.capture());
        assertThat(pitr.getValue().sourceTableName()).isEqualTo("notes");
        assertThat(pitr.getValue().targetTableName()).isEqualTo("notes-at-t");
        ArgumentCaptor<RestoreTableFromBackupRequest> fromBackup = ArgumentCaptor.forClass(RestoreTableFromBackupRequest.class);
        verify(db).restoreTableFromBackup(fromBackup.capture());
        assertThat(fromBackup.getValue().targetTableName()).isEqualTo("replies-at-t");
        assertThat(result.methods().get(Entity.NOTE)).isEqualTo(CopyAsOf.Method.POINT_IN_TIME);
        assertThat(result.methods().get(Entity.REPLY)).isEqualTo(CopyAsOf.Method.BACKUP);
        // the log from a minute before the backup, events fetched a minute past T (they are stamped after their lines)
        assertThat(asked).singleElement().satisfies(range -> assertThat(range).containsExactly(
                Instant.parse("2024-05-09T23:59:05Z"), Instant.parse("2024-05-10T09:31:00Z")));
        assertThat(result.replay()).isNotNull();
        assertThat(progress).contains("point-in-time recovery cannot give 2024-05-10T09:30:00Z: it is off for replies; replies comes"
                + " from its newest backup before then and the write-ahead log");
    }

    @Test
    void copy_refusesATimeInTheFuture() {
        assertThatThrownBy(() -> copier.copy(LIVE, COPY, NOW.plusSeconds(60), CopyAsOf.Method.AUTO, "scheduled", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the time 2024-05-10T12:01:00Z is in the future (now is 2024-05-10T12:00:00Z): a copy can only be"
                        + " of a moment that has passed");
    }

    @Test
    void copy_refusesACopyTableThatExists_beforeAnyRestore() {
        tables.add("replies-at-t");
        pointInTime(PointInTimeRecoveryStatus.ENABLED, "2024-04-10T12:00:00Z", "2024-05-10T11:55:00Z");

        assertThatThrownBy(() -> copier.copy(LIVE, COPY, T, CopyAsOf.Method.AUTO, "scheduled", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("table replies-at-t already exists: the copy goes into NEW tables");
        verify(db, never()).restoreTableToPointInTime(any(RestoreTableToPointInTimeRequest.class));
    }

    @Test
    void copy_fromABackup_saysThereIsNone_whenNoBackupWasCreatedBeforeT() {
        pointInTime(PointInTimeRecoveryStatus.DISABLED, null, null);
        when(db.listBackups(any(ListBackupsRequest.class))).thenReturn(ListBackupsResponse.builder().backupSummaries(
                BackupSummary.builder().tableName("notes").backupName("scheduled-20240510T100000Z-notes").backupArn("arn:b1")
                        .backupType(BackupType.USER).backupStatus(BackupStatus.AVAILABLE)
                        .backupCreationDateTime(Instant.parse("2024-05-10T10:00:00Z")).build()).build());
        CopyAsOf.LogInput log = new CopyAsOf.LogInput("--file wal.log", "wal.log", (start, end) -> List.of());

        assertThatThrownBy(() -> copier.copy(LIVE, COPY, T, CopyAsOf.Method.AUTO, "scheduled", log))
                .isInstanceOf(RecoveryException.class)
                .hasMessageStartingWith("no AVAILABLE USER backup of notes was created before 2024-05-10T09:30:00Z");
        assertThat(progress).contains("point-in-time recovery cannot give 2024-05-10T09:30:00Z: it is off for notes; notes comes from"
                + " its newest backup before then and the write-ahead log");
        verify(db, never()).restoreTableFromBackup(any(RestoreTableFromBackupRequest.class));
    }

    @Test
    void copy_saysHowToFinishByHand_whenACopyIsNotActiveInTime() {
        pointInTime(PointInTimeRecoveryStatus.DISABLED, null, null);
        when(db.listBackups(any(ListBackupsRequest.class))).thenAnswer(call -> ListBackupsResponse.builder().backupSummaries(
                BackupSummary.builder().tableName(call.<ListBackupsRequest>getArgument(0).tableName()).backupName("b")
                        .backupArn("arn:b").backupType(BackupType.USER).backupStatus(BackupStatus.AVAILABLE)
                        .backupCreationDateTime(Instant.parse("2024-05-10T09:00:00Z")).build()).build());
        when(db.describeTable(any(DescribeTableRequest.class))).thenAnswer(call -> {
            String name = call.<DescribeTableRequest>getArgument(0).tableName();
            if (!tables.contains(name)) {
                throw ResourceNotFoundException.builder().message("not found").build();
            }
            return DescribeTableResponse.builder().table(t -> t.tableName(name)
                    .tableStatus(name.endsWith("-at-t") ? TableStatus.CREATING : TableStatus.ACTIVE)).build();
        });
        CopyAsOf slow = new CopyAsOf(db, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(10), Duration.ofMillis(100),
                progress::add, new PrintStream(problems, true, StandardCharsets.UTF_8));
        CopyAsOf.LogInput log = new CopyAsOf.LogInput("--file wal.log", "wal.log", (start, end) -> List.of());

        assertThatThrownBy(() -> slow.copy(LIVE, COPY, T, CopyAsOf.Method.AUTO, "scheduled", log))
                .isInstanceOf(RecoveryException.class)
                .hasMessage("table notes-at-t is still CREATING after 100 ms; once it is, replay the log into it by each line's"
                        + " own time: replay --file wal.log --start 2024-05-10T08:59:00Z --end 2024-05-10T09:30:00Z"
                        + " --notes-table notes-at-t --replies-table replies-at-t");
    }

    @Test
    void copy_listsEveryPageOfBackups() {
        pointInTime(PointInTimeRecoveryStatus.DISABLED, null, null);
        BackupSummary.Builder summary = BackupSummary.builder().backupType(BackupType.USER).backupStatus(BackupStatus.AVAILABLE);
        when(db.listBackups(any(ListBackupsRequest.class))).thenAnswer(call -> {
            ListBackupsRequest request = call.getArgument(0);
            String table = request.tableName();
            if (request.exclusiveStartBackupArn() == null) {
                return ListBackupsResponse.builder().backupSummaries(summary.tableName(table).backupName("old").backupArn("arn:old-" + table)
                        .backupCreationDateTime(Instant.parse("2024-05-01T00:00:00Z")).build()).lastEvaluatedBackupArn("arn:old-" + table).build();
            }
            return ListBackupsResponse.builder().backupSummaries(summary.tableName(table).backupName("scheduled-x-" + table)
                    .backupArn("arn:new-" + table).backupCreationDateTime(Instant.parse("2024-05-10T09:00:00Z")).build()).build();
        });
        CopyAsOf.LogInput log = new CopyAsOf.LogInput("--file wal.log", "wal.log", (start, end) -> List.of());

        CopyAsOf.Result result = copier.copy(LIVE, COPY, T, CopyAsOf.Method.BACKUP, "scheduled", log);

        ArgumentCaptor<RestoreTableFromBackupRequest> restores = ArgumentCaptor.forClass(RestoreTableFromBackupRequest.class);
        verify(db, times(2)).restoreTableFromBackup(restores.capture());
        assertThat(restores.getAllValues()).extracting(RestoreTableFromBackupRequest::backupArn, RestoreTableFromBackupRequest::targetTableName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("arn:new-notes", "notes-at-t"),
                        org.assertj.core.groups.Tuple.tuple("arn:new-replies", "replies-at-t"));
        ArgumentCaptor<ListBackupsRequest> lists = ArgumentCaptor.forClass(ListBackupsRequest.class);
        verify(db, times(4)).listBackups(lists.capture());
        assertThat(lists.getAllValues().get(0).timeRangeUpperBound()).isEqualTo(T);
        assertThat(lists.getAllValues().get(0).backupTypeAsString()).isEqualTo("USER");
        assertThat(result.replay().describe()).startsWith("replay: read 0, written 0");
        verify(db, never()).describeContinuousBackups(any(DescribeContinuousBackupsRequest.class));
    }
}
