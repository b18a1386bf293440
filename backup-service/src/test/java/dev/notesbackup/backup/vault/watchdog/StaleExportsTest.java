package dev.notesbackup.backup.vault.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.notesbackup.backup.vault.ExportCompletion;
import dev.notesbackup.backup.vault.VaultLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StaleExportsTest {
    static final String APP = "111111111111";
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Duration MAX = Duration.ofHours(30);
    static final Instant TODAY = Instant.parse("2026-12-01T03:00:00Z");
    static final Instant YESTERDAY = TODAY.minus(Duration.ofDays(1));
    static final Instant THREE_DAYS_AGO = TODAY.minus(Duration.ofDays(3));

    final FakeExportFiles vault = new FakeExportFiles();

    List<TableAge> check(Set<VaultTable> expected) {
        return StaleExports.check(vault.objects, expected, vault, NOW, MAX);
    }

    TableAge only(Set<VaultTable> expected) {
        List<TableAge> ages = check(expected);
        assertThat(ages).hasSize(1);
        return ages.get(0);
    }

    @Test
    void newestCompletedSlot_isTheTablesExport_andReadsOnlyItsFile() {
        vault.completion(APP, "notes", THREE_DAYS_AGO, "COMPLETED", THREE_DAYS_AGO, THREE_DAYS_AGO.plusSeconds(600))
                .completion(APP, "notes", TODAY, "COMPLETED", TODAY.plusSeconds(5), TODAY.plusSeconds(600))
                .completion(APP, "notes", YESTERDAY, "COMPLETED", YESTERDAY, YESTERDAY.plusSeconds(600));

        TableAge notes = only(Set.of());

        assertThat(notes.table()).isEqualTo(new VaultTable(APP, "notes"));
        assertThat(notes.newestExport()).contains(TODAY.plusSeconds(5));
        assertThat(notes.age()).contains(Duration.between(TODAY.plusSeconds(5), NOW));
        assertThat(notes.stale()).isFalse();
        assertThat(vault.read).containsExactly(VaultLayout.completionKey(APP, "notes", TODAY));
    }

    @Test
    void failedAndUnreadableCompletions_areNoExport_theOlderCompletedOneCounts() {
        vault.completion(APP, "notes", THREE_DAYS_AGO, "COMPLETED", THREE_DAYS_AGO, THREE_DAYS_AGO.plusSeconds(600))
                .completion(APP, "notes", YESTERDAY, "FAILED", YESTERDAY, YESTERDAY.plusSeconds(600))
                .brokenCompletion(APP, "notes", TODAY, TODAY.plusSeconds(600))
                .object(VaultLayout.manifestKey(APP, "notes", TODAY.plusSeconds(3600)), NOW); // started, not finished

        TableAge notes = only(Set.of());

        assertThat(notes.newestExport()).contains(THREE_DAYS_AGO);
        assertThat(notes.age()).contains(Duration.between(THREE_DAYS_AGO, NOW));
        assertThat(notes.stale()).isTrue();
    }

    @Test
    void ageBoundary_exactlyMaxIsFresh_oneSecondMoreIsStale() {
        Instant exactly = NOW.minus(MAX);
        vault.completion(APP, "exact", exactly, "COMPLETED", exactly, exactly)
                .completion(APP, "older", exactly.minusSeconds(1), "COMPLETED", exactly.minusSeconds(1), exactly);

        List<TableAge> ages = check(Set.of());

        assertThat(ages).extracting(t -> t.table().table(), TableAge::stale)
                .containsExactly(tuple("exact", false), tuple("older", true));
    }

    @Test
    void expectedTableWithNothingInTheVault_isStaleWithoutAnExport() {
        vault.completion(APP, "notes", TODAY, "COMPLETED", TODAY, TODAY);

        List<TableAge> ages = check(Set.of(VaultTable.parse(APP + "/replies"), VaultTable.parse(APP + "/notes")));

        assertThat(ages).extracting(t -> t.table().toString()).containsExactly(APP + "/notes", APP + "/replies");
        assertThat(ages.get(1).newestExport()).isEmpty();
        assertThat(ages.get(1).age()).isEmpty();
        assertThat(ages.get(1).stale()).isTrue();
        assertThat(ages.get(0).stale()).isFalse();
    }

    @Test
    void tableWithOnlyStartedOrFailedExports_isStale() {
        vault.object(VaultLayout.manifestKey(APP, "notes", TODAY), TODAY)
                .completion(APP, "notes", YESTERDAY, "FAILED", YESTERDAY, YESTERDAY);

        TableAge notes = only(Set.of());

        assertThat(notes.newestExport()).isEmpty();
        assertThat(notes.stale()).isTrue();
    }

    @Test
    void dynamoDbsManifestSummary_provesCompletion_whenOurCompletionFileIsMissing() {
        // the backup stack was deleted after the export started: DynamoDB still finished and wrote its summary
        vault.object(VaultLayout.manifestKey(APP, "notes", TODAY), TODAY)
                .summary(APP, "notes", TODAY, TODAY.plusSeconds(2), TODAY.plusSeconds(900))
                .completion(APP, "notes", YESTERDAY, "COMPLETED", YESTERDAY, YESTERDAY);

        assertThat(only(Set.of()).newestExport()).contains(TODAY.plusSeconds(2));
    }

    @Test
    void claimedTime_isCappedAtS3sLastModified_soAFutureClaimCannotKeepATableFresh() {
        Instant future = NOW.plus(Duration.ofDays(3650));
        vault.completion(APP, "notes", THREE_DAYS_AGO, "COMPLETED", future, THREE_DAYS_AGO.plusSeconds(60))
                .summary(APP, "replies", THREE_DAYS_AGO, future, THREE_DAYS_AGO.plusSeconds(60));

        assertThat(check(Set.of())).allSatisfy(t -> {
            assertThat(t.newestExport()).contains(THREE_DAYS_AGO.plusSeconds(60));
            assertThat(t.stale()).isTrue();
        });
    }

    @Test
    void exportTimeMissing_fallsBackToTheStartThenTheSlot() {
        vault.completion(APP, "notes", YESTERDAY, "COMPLETED", YESTERDAY, NOW);
        vault.completions.put(VaultLayout.completionKey(APP, "notes", YESTERDAY),
                withTimes(FakeExportFiles.completion("COMPLETED", YESTERDAY), null, YESTERDAY.plusSeconds(7)));
        vault.completion(APP, "replies", YESTERDAY, "COMPLETED", YESTERDAY, NOW);
        vault.completions.put(VaultLayout.completionKey(APP, "replies", YESTERDAY),
                withTimes(FakeExportFiles.completion("COMPLETED", YESTERDAY), null, null));

        assertThat(check(Set.of())).extracting(t -> t.newestExport().orElseThrow())
                .containsExactly(YESTERDAY.plusSeconds(7), YESTERDAY);
    }

    @Test
    void keysOfOtherShapes_areIgnored_andPrefixesKeepTablesApart() {
        vault.object("README.txt", NOW)
                .object(APP + "/notes/not-a-slot/export-complete.json", NOW)
                .object(APP + "/notes/20261301T000000Z/export-complete.json", NOW)   // month 13
                .object(APP + "/no/" + "20261201T030000Z/export-complete.json", NOW) // table name too short
                .object(APP + "/notes/20261201T030000Z/AWSDynamoDB/x/y/manifest-summary.json", NOW)
                .completion("222222222222", "notes", TODAY, "COMPLETED", TODAY, TODAY)
                .completion(APP + "/prod", "notes", YESTERDAY, "COMPLETED", YESTERDAY, YESTERDAY);

        List<TableAge> ages = check(Set.of());

        assertThat(ages).extracting(t -> t.table().toString()).containsExactly(APP + "/notes", APP + "/prod/notes", "222222222222/notes");
        assertThat(ages.get(0).newestExport()).as("only ignored keys under 111111111111/notes").isEmpty();
        assertThat(ages.get(1).newestExport()).contains(YESTERDAY);
        assertThat(ages.get(2).newestExport()).contains(TODAY);
    }

    @Test
    void emptyVault_withoutExpectedTables_hasNothingToReport() {
        assertThat(check(Set.of())).isEmpty();
    }

    @Test
    void vaultTableParse_refusesWhatTheLayoutCouldNeverHold() {
        assertThat(VaultTable.parse(" 111111111111/notes ")).isEqualTo(new VaultTable(APP, "notes"));
        assertThat(VaultTable.parse("a/b/replies")).isEqualTo(new VaultTable("a/b", "replies"));
        for (String bad : List.of("notes", "/notes", APP + "/no", APP + "/", APP + "/no tes")) {
            assertThatThrownBy(() -> VaultTable.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<prefix>/<table>");
        }
    }

    static ExportCompletion withTimes(ExportCompletion c,
                                                                   Instant exportTime, Instant startTime) {
        return new ExportCompletion(c.formatVersion(), c.exportArn(), c.status(), exportTime,
                startTime, c.endTime(), c.itemCount(), c.billedSizeBytes(), c.failureCode(), c.failureMessage());
    }
}
