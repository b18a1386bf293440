package dev.notesbackup.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each scenario of the incident drill, end to end on moto, inside the README's test command, at
 * the small volume (the drill's default volume runs in {@code ./incident-drill.sh}).
 */
@ExtendWith(MotoExtension.class)
class IncidentDrillIT {
    private static final IncidentDrill.Volume V = IncidentDrill.Volume.SMALL;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private DrillReport run(MotoServer moto, String scenario) {
        return new IncidentDrill(moto.endpoint(), new PrintStream(log, true, StandardCharsets.UTF_8), V, dir).run(List.of(scenario));
    }

    /** Nothing lost, altered or doubled, and the scenario's own checks held. */
    private void assertRecoveredExactly(DrillReport report, ScenarioResult result) {
        assertThat(result.failures()).as(text(report)).isEmpty();
        assertThat(result.lost()).as(text(report)).isZero();
        assertThat(result.altered()).as(text(report)).isZero();
        assertThat(result.duplicated()).as(text(report)).isZero();
        assertThat(report.passed()).as(text(report)).isTrue();
    }

    private String text(DrillReport report) {
        return report.text() + "\n--- log ---\n" + log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void guardedDeploy_refusedByTheGuard_andForcedFailsWithEveryItemIntact(MotoServer moto) {
        DrillReport report = run(moto, "guarded-deploy");

        ScenarioResult result = report.get("guarded-deploy");
        assertThat(result.failures()).as(text(report)).isEmpty();
        assertThat(result.accepted()).isEqualTo(V.notes() * (1 + V.repliesEach()));
        assertRecoveredExactly(report, result);
    }

    @Test
    void seedAccident_recoveredFromTheBackupAndTheLog_exactly_whenServeAndReplayRunUnderLcAllC(MotoServer moto) {
        DrillReport report = run(moto, "seed-accident");

        ScenarioResult result = report.get("seed-accident");
        assertThat(result.failures()).as(text(report)).isEmpty();
        assertThat(result.accepted()).isEqualTo(V.total());
        assertThat(result.fromBackup()).as("from the backup: what was written before it").isEqualTo(V.notes() * (1 + V.repliesEach()));
        assertThat(result.fromLog()).as("from the log: the gap after the backup")
                .isEqualTo(V.notesAfterBackup() * (1 + V.repliesEachAfterBackup()));
        assertRecoveredExactly(report, result);
    }

    @Test
    void deletedByHand_reportedMissingWithNothingDeleted_thenRestoredUnderItsOwnNameAndReplayed_andHeldByItsStackAgain(MotoServer moto) {
        DrillReport report = run(moto, "deleted-by-hand");

        ScenarioResult result = report.get("deleted-by-hand");
        assertThat(result.failures()).as(text(report)).isEmpty();
        assertThat(result.fromBackup()).as("the replies table from its backup").isEqualTo(V.notes() * V.repliesEach());
        assertThat(result.fromLog()).as("the replies written after the backup").isEqualTo(V.notesAfterBackup() * V.repliesEachAfterBackup());
        assertRecoveredExactly(report, result);
    }

    @Test
    void badData_copiedAsOfTFromTheBackupAndTheLog_thenDiffedAndRepaired_keepingWhatUsersPostedAfterT(MotoServer moto) {
        DrillReport report = run(moto, "bad-data");

        ScenarioResult result = report.get("bad-data");
        assertThat(result.failures()).as(text(report)).isEmpty();
        assertThat(result.fromBackup()).as("the copy's items from the backup").isEqualTo(V.notes() * (1 + V.repliesEach()));
        assertThat(result.fromLog()).as("the copy's items from the log, up to T").isEqualTo(V.notesAfterBackup() * (1 + V.repliesEachAfterBackup()));
        assertRecoveredExactly(report, result); // duplicated 0: the junk the bad deploy added is gone
    }

    @Test
    void vault_afterTheAttackerDeletedTablesAndBackups_theTablesComeBackFromTheVaultAndTheKeptLog(MotoServer moto) {
        DrillReport report = run(moto, "vault");

        ScenarioResult result = report.get("vault");
        assertThat(result.failures()).as(text(report)).isEmpty();
        assertThat(result.fromBackup()).as("no backup survived the attack").isZero();
        assertThat(result.fromVault()).as("from the vault: what was written before the export").isEqualTo(V.notes() * (1 + V.repliesEach()));
        assertThat(result.fromLog()).as("from the kept log: the gap after the export")
                .isEqualTo(V.notesAfterBackup() * (1 + V.repliesEachAfterBackup()));
        assertRecoveredExactly(report, result);
    }

    @Test
    void backupStackGone_alarmedByTheVaultWatchdog_andTheRedeployResumesWithoutDeletingOrDoubling(MotoServer moto) {
        DrillReport report = run(moto, "backup-stack-gone");

        ScenarioResult result = report.get("backup-stack-gone");
        assertThat(result.failures()).as(text(report)).isEmpty();
        assertThat(result.accepted()).isEqualTo(V.total());
        assertThat(log.toString(StandardCharsets.UTF_8)).as("the watchdog named both tables stale")
                .contains("2 tables have no export newer than 30 h");
        assertRecoveredExactly(report, result);
    }

    @Test
    void report_isOneTableWithARowPerScenario_andFailsWhenOneScenarioLosesAnItem() {
        ScenarioResult good = new ScenarioResult("a", "done", 3, 2, 0, 0, 1, 0, 0, 0, java.time.Duration.ofMillis(1500), List.of());
        ScenarioResult lossy = new ScenarioResult("b", "done", 3, 2, 0, 0, 0, 1, 0, 0, null, List.of());

        DrillReport report = new DrillReport(List.of(good, lossy));

        assertThat(report.passed()).isFalse();
        assertThat(new DrillReport(List.of(good)).passed()).isTrue();
        assertThat(new DrillReport(List.of()).passed()).as("no scenario run is no proof").isFalse();
        assertThat(report.text()).contains("| scenario ").contains("1.5 s").contains("RESULT: FAILED");
        assertThat(report.text().lines().filter(l -> l.startsWith("| a ") || l.startsWith("| b "))).hasSize(2);
    }
}
