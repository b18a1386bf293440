package dev.notesbackup.backup.vault.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.backup.vault.ExportCompletion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status of a slot from its files (pure). */
class VaultExportTest {
    static final Instant SLOT = Instant.parse("2026-11-25T03:00:00Z");
    static final String ARN = "arn:aws:dynamodb:eu-west-1:111122223333:table/notes/export/01764039600000-a1b2c3d4";
    static final AwsExportFiles AWS = new AwsExportFiles(30L, 4_000L, SLOT.plusSeconds(5), 1, 30L, 0);

    static ExportCompletion completed(long items) {
        return new ExportCompletion(1, ARN, "COMPLETED", SLOT.plusSeconds(5), SLOT, SLOT.plusSeconds(60), items, 4_096L, null, null);
    }

    static VaultExport assess(boolean manifest, ExportCompletion completion, AwsExportFiles aws, int dataObjects, Duration since) {
        return VaultExport.assess("111122223333", "notes", SLOT, "111122223333/notes/20261125T030000Z",
                manifest ? TableCreationTest.manifest("PAY_PER_REQUEST", null, null, "AES256", null, null) : null,
                completion, aws, dataObjects, null, List.of(), SLOT.plus(since));
    }

    @Test
    void assess_completed_whenCompletionAndDataAreThere_withTheCompletionsCountAndSize() {
        VaultExport e = assess(true, completed(30), AWS, 1, Duration.ofHours(1));

        assertThat(e.status()).isEqualTo(ExportStatus.COMPLETED);
        assertThat(e.itemCount()).isEqualTo(30);
        assertThat(e.sizeBytes()).isEqualTo(4_096);
        assertThat(e.exportTime()).isEqualTo(SLOT.plusSeconds(5));
        assertThat(e.notes()).isEmpty();
        assertThat(e.restorable()).isTrue();
    }

    @Test
    void assess_inProgressThenIncomplete_whenNoCompletionRecord() {
        assertThat(assess(true, null, AwsExportFiles.ABSENT, 0, Duration.ofHours(24)).status()).isEqualTo(ExportStatus.IN_PROGRESS);
        VaultExport late = assess(true, null, AWS, 1, Duration.ofHours(25));
        assertThat(late.status()).isEqualTo(ExportStatus.INCOMPLETE);
        assertThat(late.notes()).containsExactly("no completion record 25 h after the slot: no backup run saw this export end",
                "DynamoDB's manifest-summary.json is there (30 items), but no run recorded the export as completed");
        assertThat(late.itemCount()).isEqualTo(30); // DynamoDB's summary, for the listing
        assertThat(late.restorable()).isFalse();
    }

    @Test
    void assess_incomplete_whenCompletedButDataMissing_orNoManifest() {
        assertThat(assess(true, completed(30), AWS, 0, Duration.ofHours(1)).status()).isEqualTo(ExportStatus.INCOMPLETE);
        VaultExport missingFile = assess(true, completed(30), new AwsExportFiles(30L, 1L, null, 2, 30L, 1), 1, Duration.ofHours(1));
        assertThat(missingFile.status()).isEqualTo(ExportStatus.INCOMPLETE);
        assertThat(missingFile.notes()).contains("1 of the 2 data files that manifest-files.json names are not in the bucket");
        VaultExport noManifest = assess(false, completed(30), AWS, 1, Duration.ofHours(1));
        assertThat(noManifest.status()).isEqualTo(ExportStatus.INCOMPLETE);
        assertThat(noManifest.notes()).anySatisfy(n -> assertThat(n).startsWith("no restore manifest"));
    }

    @Test
    void assess_failed_withDynamoDbsReason() {
        ExportCompletion failed = new ExportCompletion(1, ARN, "FAILED", null, SLOT, SLOT, null, null, "S3AccessDenied", "Access Denied");
        VaultExport e = assess(true, failed, AwsExportFiles.ABSENT, 0, Duration.ofHours(1));

        assertThat(e.status()).isEqualTo(ExportStatus.FAILED);
        assertThat(e.notes()).containsExactly("the export failed: S3AccessDenied: Access Denied");
    }

    @Test
    void assess_notesCountsThatDisagree() {
        VaultExport e = assess(true, completed(31), new AwsExportFiles(30L, 1L, null, 1, 29L, 0), 1, Duration.ofHours(1));

        assertThat(e.status()).isEqualTo(ExportStatus.COMPLETED);
        assertThat(e.notes()).containsExactly("the completion record says 31 items, DynamoDB's manifest-summary.json 30",
                "manifest-files.json counts 29 items, manifest-summary.json 30");
    }

    @Test
    void slotFolderOf_groupsOurFilesAndDynamoDbsUnderTheirSlot_andIgnoresOthers() {
        assertThat(VaultReader.slotFolderOf("p/notes/20261125T030000Z/restore-manifest.json")).contains("p/notes/20261125T030000Z");
        assertThat(VaultReader.slotFolderOf("p/notes/20261125T030000Z/export-complete.json")).contains("p/notes/20261125T030000Z");
        assertThat(VaultReader.slotFolderOf("a/b/notes/20261125T030000Z/AWSDynamoDB/0123-ab/data/x.json.gz"))
                .contains("a/b/notes/20261125T030000Z");
        assertThat(VaultReader.slotFolderOf("p/notes/20261125T030000Z/AWSDynamoDB/0123-ab/_started")).contains("p/notes/20261125T030000Z");
        assertThat(VaultReader.slotFolderOf("p/notes/20261125T030000Z/readme.txt")).isEmpty();
        assertThat(VaultReader.slotFolderOf("p/notes/latest/restore-manifest.json")).isEmpty();
    }
}
