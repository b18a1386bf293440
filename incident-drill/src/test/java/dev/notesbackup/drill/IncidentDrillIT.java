package dev.notesbackup.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The incident drill, end to end on moto, inside the README's test command. */
@ExtendWith(MotoExtension.class)
class IncidentDrillIT {

    @TempDir
    Path dir;

    @Test
    void drill_keepsTheProtectedStack_andRecoversTheUnprotectedOneExactly_whenServeAndReplayRunUnderLcAllC(MotoServer moto) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        IncidentDrill.Report report = new IncidentDrill(moto.endpoint(), new PrintStream(log, true, StandardCharsets.UTF_8),
                IncidentDrill.Volume.DEFAULT, dir).run();

        String text = report.text() + "\n--- log ---\n" + log.toString(StandardCharsets.UTF_8);
        IncidentDrill.ActOne one = report.actOne();
        assertThat(one.guardRefused()).as(text).isTrue();
        assertThat(one.guardReasons()).as(text).anySatisfy(r -> assertThat(r).contains("would DELETE table"));
        assertThat(one.updateFailed()).as(text).isTrue();
        assertThat(one.updateOutcome()).as("refused for the deletion protection").contains("DeletionProtectionEnabled");
        assertThat(one.tablesIntact()).as(text).isTrue();
        assertThat(one.itemsAfter()).isEqualTo(one.itemsBefore()).isEqualTo(10 + 10 * 2);

        IncidentDrill.ActTwo two = report.actTwo();
        assertThat(two.guardWouldRefuse()).as(text).isTrue();
        assertThat(two.tablesDeleted()).as(text).isTrue();
        assertThat(two.acceptedNotes()).isEqualTo(12 + 5);
        assertThat(two.acceptedReplies()).isEqualTo(12 * 3 + 5 * 2);
        assertThat(two.restoredItems()).as("from the backup: what was written before it").isEqualTo(12 + 12 * 3);
        assertThat(two.replayWritten()).as("from the log: the gap after the backup").isEqualTo(5 + 5 * 2);
        assertThat(two.replayRejected()).as(text).isZero();
        assertThat(two.lost()).as(text).isZero();
        assertThat(two.altered()).as(text).isZero();
        assertThat(two.duplicated()).as(text).isZero();
        assertThat(report.passed()).as(text).isTrue();
    }
}
