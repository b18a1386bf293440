package dev.notesbackup.backup.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.backup.policy.BackupInfo;
import dev.notesbackup.testsupport.InMemoryDynamoDb;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;

class BackupPagerTest {
    static final Instant T0 = Instant.parse("2026-11-20T03:00:00Z");
    final InMemoryDynamoDb aws = new InMemoryDynamoDb().withTables("notes", "replies");

    void backups(String table, int count) {
        for (int i = 0; i < count; i++) {
            aws.addBackup(table, table + "-" + i, T0.plusSeconds(i));
        }
    }

    @Test
    void all_followsEveryPageAndFilters_whenListingSpansPages() {
        backups("notes", 7);
        backups("replies", 2);
        aws.addBackup("notes", "system", T0.plusSeconds(3), "SYSTEM", "AVAILABLE");
        aws.backupPageSize = 3;

        List<BackupInfo> notes = BackupPager.of(aws).all(BackupPager.Query.ofTable("notes", BackupTypeFilter.USER));

        assertThat(notes).extracting(BackupInfo::name).containsExactly("notes-0", "notes-1", "notes-2", "notes-3", "notes-4",
                "notes-5", "notes-6");
        assertThat(aws.requests(ListBackupsRequest.class)).hasSize(3)
                .allSatisfy(r -> assertThat(r.limit()).isEqualTo(BackupPager.PAGE_SIZE));
    }

    @Test
    void forEachPage_dropsWhatTheQueryExcludes_whenTheOtherSideDoesNotFilter() {
        backups("notes", 2);
        backups("replies", 2);
        aws.addBackup("notes", "system", T0.plusSeconds(5), "SYSTEM", "AVAILABLE");
        // answers every backup of the account, whatever was asked, as an emulator may
        BackupPager pager = new BackupPager(request -> aws.listBackups(ListBackupsRequest.builder().backupType("ALL").build()),
                () -> true);

        List<BackupInfo> seen = pager.all(new BackupPager.Query("notes", BackupTypeFilter.USER, T0.plusSeconds(1), T0.plusSeconds(9)));

        assertThat(seen).extracting(BackupInfo::name).containsExactly("notes-1");
    }

    @Test
    void forEachPage_stopsAndSaysSo_whenTheGateRefusesAPage() {
        backups("notes", 5);
        aws.backupPageSize = 2;
        AtomicInteger pagesAllowed = new AtomicInteger(2);
        List<ListBackupsResponse> calls = new ArrayList<>();
        BackupPager pager = new BackupPager(request -> {
            ListBackupsResponse response = aws.listBackups(request);
            calls.add(response);
            return response;
        }, () -> pagesAllowed.getAndDecrement() > 0);
        List<BackupInfo> seen = new ArrayList<>();

        boolean complete = pager.forEachPage(BackupPager.Query.ofAccount(BackupTypeFilter.USER), seen::addAll);

        assertThat(complete).isFalse();
        assertThat(calls).hasSize(2);
        assertThat(seen).extracting(BackupInfo::name).containsExactly("notes-0", "notes-1", "notes-2", "notes-3");
    }
}
