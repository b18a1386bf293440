package dev.notesbackup.backup.vault.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.backup.vault.VaultLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;

/** The export's pure decisions, over random exports, slots and clocks. */
class ExportDecisionsProperties {
    static final String BUCKET = "vault";
    static final String PREFIX = "123456789012";
    static final String TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/notes";
    static final Instant BASE = Instant.parse("2026-12-01T03:00:00Z");

    @Provide
    Arbitrary<ExportDescription> exports() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 9), // slot: day
                Arbitraries.of(ExportStatus.IN_PROGRESS, ExportStatus.COMPLETED, ExportStatus.FAILED),
                Arbitraries.of(BUCKET, "other-bucket"),
                Arbitraries.of("notes", "replies"),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(8)
        ).as((day, status, bucket, table, id) -> {
            Instant slot = BASE.plus(Duration.ofDays(day));
            return ExportDescription.builder()
                    .exportArn(TABLE_ARN + "/export/0" + slot.plusSeconds(5).toEpochMilli() + "-" + id)
                    .exportStatus(status).s3Bucket(bucket).s3Prefix(VaultLayout.slotFolder(PREFIX, table, slot)).build();
        });
    }

    @Property
    void theSlotsExport_isFound_exactlyWhenOneStartedOrDoneIsIntoItsFolder(
            @ForAll("exportLists") List<ExportDescription> exports, @ForAll @IntRange(min = 0, max = 9) int day) {
        String folder = VaultLayout.slotFolder(PREFIX, "notes", BASE.plus(Duration.ofDays(day)));

        boolean expected = exports.stream().anyMatch(e -> e.s3Bucket().equals(BUCKET) && e.s3Prefix().equals(folder)
                && e.exportStatus() != ExportStatus.FAILED);
        var found = ExportDecisions.slotExport(exports, BUCKET, folder);

        assertThat(found.isPresent()).isEqualTo(expected);
        found.ifPresent(e -> assertThat(e.exportStatus()).isNotEqualTo(ExportStatus.FAILED));
        found.ifPresent(e -> assertThat(e.s3Prefix()).isEqualTo(folder));
        // the same answer whatever the listing's order (overlapping runs agree on the slot's export)
        List<ExportDescription> reversed = new ArrayList<>(exports);
        java.util.Collections.reverse(reversed);
        assertThat(ExportDecisions.slotExport(reversed, BUCKET, folder)).isEqualTo(found);
    }

    @Provide
    Arbitrary<List<ExportDescription>> exportLists() {
        return exports().list().ofMaxSize(12);
    }

    @Property
    void anExportIsOurs_onlyInTheVaultBucket_underOurPrefix_forItsTable(@ForAll("exports") ExportDescription export) {
        var slot = ExportDecisions.slotOf(export, BUCKET, PREFIX, "notes");

        assertThat(slot.isPresent()).isEqualTo(export.s3Bucket().equals(BUCKET) && export.s3Prefix().startsWith(PREFIX + "/notes/"));
        slot.ifPresent(s -> assertThat(VaultLayout.slotFolder(PREFIX, "notes", s)).isEqualTo(export.s3Prefix()));
        assertThat(ExportDecisions.slotOf(export, BUCKET, "210987654321", "notes")).isEmpty();
    }

    @Property
    void theClientToken_isTheSameForEveryRunOfTheSlot_andDiffersForAnotherTableSlotOrAttempt(
            @ForAll @IntRange(min = 0, max = 400) int day, @ForAll @IntRange(min = 0, max = 5) int attempt) {
        Instant slot = BASE.plus(Duration.ofDays(day));
        String token = ExportDecisions.clientToken(TABLE_ARN, slot, attempt);

        assertThat(token).isEqualTo(ExportDecisions.clientToken(TABLE_ARN, slot, attempt)).hasSize(36).matches("[\\x21-\\x7E]+");
        assertThat(token).isNotEqualTo(ExportDecisions.clientToken(TABLE_ARN, slot.plusSeconds(1), attempt))
                .isNotEqualTo(ExportDecisions.clientToken(TABLE_ARN, slot, attempt + 1))
                .isNotEqualTo(ExportDecisions.clientToken(TABLE_ARN.replace("notes", "replies"), slot, attempt));
    }

    @Property
    void onlyExportsThatMayHaveStartedInTheWindow_areDescribed(@ForAll("exports") ExportDescription export,
                                                               @ForAll @IntRange(min = 0, max = 15) int daysLater) {
        Instant windowStart = BASE.plus(Duration.ofDays(daysLater)).minus(ExportDecisions.TRACKING_WINDOW);
        Instant started = ExportDecisions.startedAt(export.exportArn()).orElseThrow();

        assertThat(ExportDecisions.worthDescribing(export.exportArn(), windowStart)).isEqualTo(!started.isBefore(windowStart));
    }

    @Test
    void anExportIdOfAnotherForm_isAlwaysDescribed_andAnExportWithoutStart_isTracked() {
        String moto = "arn:aws:dynamodb:us-east-1:222222222222:table/" + TABLE_ARN + "/import/a006237c748c4e4da2455fb8ce3be0b7";

        assertThat(ExportDecisions.startedAt(moto)).isEmpty();
        assertThat(ExportDecisions.worthDescribing(moto, BASE)).isTrue();
        assertThat(ExportDecisions.inWindow(ExportDescription.builder().exportArn(moto).build(), BASE)).isTrue();
        assertThat(ExportDecisions.startedAt(TABLE_ARN + "/export/01764039600000-1a2b3c4d"))
                .hasValue(Instant.ofEpochMilli(1_764_039_600_000L));
    }

    @Test
    void theDataTime_isTheExportTime_elseTheSlot_neverLater() {
        ExportDescription without = ExportDescription.builder().exportArn("x").build();
        assertThat(ExportDecisions.dataTime(without, BASE)).isEqualTo(BASE);
        assertThat(ExportDecisions.dataTime(without.toBuilder().exportTime(BASE.plusSeconds(9)).build(), BASE))
                .isEqualTo(BASE.plusSeconds(9));
    }
}
