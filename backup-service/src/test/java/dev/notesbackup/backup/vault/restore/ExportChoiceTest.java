package dev.notesbackup.backup.vault.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notesbackup.backup.restore.RestoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExportChoiceTest {
    static final Instant DAY = Instant.parse("2026-11-25T03:00:00Z");

    static VaultExport export(String table, Instant slot, ExportStatus status, Instant exportTime) {
        return new VaultExport("111122223333", table, slot, "111122223333/" + table + "/x", status, exportTime, 1L, 1L, null, 1,
                null, null, null, List.of());
    }

    final List<VaultExport> exports = List.of(
            export("notes", DAY.minus(Duration.ofDays(2)), ExportStatus.COMPLETED, DAY.minus(Duration.ofDays(2)).plusSeconds(30)),
            export("notes", DAY.minus(Duration.ofDays(1)), ExportStatus.COMPLETED, DAY.minus(Duration.ofDays(1)).plusSeconds(30)),
            export("notes", DAY, ExportStatus.FAILED, DAY.plusSeconds(30)),
            export("replies", DAY.plus(Duration.ofDays(1)), ExportStatus.COMPLETED, DAY.plus(Duration.ofDays(1))),
            export("notes", DAY.plus(Duration.ofDays(1)), ExportStatus.IN_PROGRESS, null));

    @Test
    void choose_takesTheNewestCompletedOfTheTable_skippingFailedAndInProgress() {
        assertThat(ExportChoice.choose(exports, "notes", Optional.empty()).slot()).isEqualTo(DAY.minus(Duration.ofDays(1)));
    }

    @Test
    void choose_before_takesTheNewestAtOrBeforeTheTime_byExportTime() {
        Instant dayBeforeExport = DAY.minus(Duration.ofDays(1)).plusSeconds(30);
        assertThat(ExportChoice.choose(exports, "notes", Optional.of(dayBeforeExport)).slot()).isEqualTo(DAY.minus(Duration.ofDays(1)));
        assertThat(ExportChoice.choose(exports, "notes", Optional.of(dayBeforeExport.minusSeconds(1))).slot())
                .isEqualTo(DAY.minus(Duration.ofDays(2)));
    }

    @Test
    void choose_measuresBySlot_whenNoFileGivesTheExportTime() {
        List<VaultExport> untimed = List.of(export("t-1", DAY, ExportStatus.COMPLETED, null),
                export("t-1", DAY.minus(Duration.ofDays(1)), ExportStatus.COMPLETED, null));
        assertThat(ExportChoice.choose(untimed, "t-1", Optional.empty()).slot()).isEqualTo(DAY);
        assertThat(ExportChoice.choose(untimed, "t-1", Optional.of(DAY.minusSeconds(1))).slot()).isEqualTo(DAY.minus(Duration.ofDays(1)));
    }

    @Test
    void choose_namesWhatTheVaultHolds_whenNothingFits() {
        assertThatThrownBy(() -> ExportChoice.choose(exports, "notes", Optional.of(DAY.minus(Duration.ofDays(3)))))
                .isInstanceOf(RestoreException.class)
                .hasMessageStartingWith("No COMPLETED export of table notes at or before 2026-11-22T03:00:00Z (the vault holds:"
                        + " 2026-11-23T03:00:00Z COMPLETED, 2026-11-24T03:00:00Z COMPLETED, 2026-11-25T03:00:00Z FAILED,"
                        + " 2026-11-26T03:00:00Z IN_PROGRESS)");
        assertThatThrownBy(() -> ExportChoice.choose(exports, "gone", Optional.empty()))
                .hasMessageStartingWith("The vault holds no export of table gone under this prefix");
    }
}
