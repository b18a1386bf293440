package dev.notesbackup.backup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class BackupNamesTest {
    static final Instant SLOT = Instant.parse("2026-11-25T03:00:00Z");

    @Test
    void forSlot_isPrefixStampAndTable() {
        assertThat(BackupNames.forSlot("scheduled", "notes", SLOT)).isEqualTo("scheduled-20261125T030000Z-notes");
    }

    @Test
    void forSlot_isTheSameForTheSameSlot_evenWithMilliseconds() {
        assertThat(BackupNames.forSlot("p", "notes", SLOT.plusMillis(250))).isEqualTo(BackupNames.forSlot("p", "notes", SLOT));
    }

    @Test
    void forSlot_cutsALongTableName_andKeepsItDistinct() {
        String longA = "a".repeat(250) + "-one";
        String longB = "a".repeat(250) + "-two";

        String a = BackupNames.forSlot("scheduled", longA, SLOT);
        String b = BackupNames.forSlot("scheduled", longB, SLOT);

        assertThat(a).hasSize(255).matches("[a-zA-Z0-9_.-]+");
        assertThat(a).isNotEqualTo(b);
        assertThat(BackupNames.isOurs("scheduled", longA, a)).isTrue();
        assertThat(BackupNames.isOurs("scheduled", longB, a)).isFalse();
    }

    @Test
    void isOurs_rejectsNamesThatOnlyLookSimilar() {
        assertThat(BackupNames.isOurs("scheduled", "notes", "scheduled-20261125T030000Z-notes")).isTrue();
        assertThat(BackupNames.isOurs("scheduled", "notes", "scheduled-manual-notes")).isFalse();
        assertThat(BackupNames.isOurs("scheduled", "notes", "scheduled-2026112T030000Z-notes")).isFalse();
        assertThat(BackupNames.isOurs("scheduled", "notes", "scheduled-20261125T030000Z-notes-old")).isFalse();
        assertThat(BackupNames.isOurs("scheduled", "notes", "nightly-20261125T030000Z-notes")).isFalse();
        assertThat(BackupNames.isOurs("sched", "notes", "scheduled-20261125T030000Z-notes")).isFalse();
        assertThat(BackupNames.isOurs("scheduled", "notes", "scheduled-20261125T030000Z-")).isFalse();
    }

    @Property
    void forSlot_isAlwaysAValidBackupName_andRecognisedAsOurs(
            @ForAll @StringLength(min = 1, max = 64) @CharRange(from = 'a', to = 'z') @Chars({'-', '.', '_', '0', '9', 'Z'}) String prefix,
            @ForAll @StringLength(min = 3, max = 255) @CharRange(from = 'a', to = 'z') @Chars({'-', '.', '_', 'A', '7'}) String table,
            @ForAll long epochSecond) {
        Instant slot = Instant.ofEpochSecond(Math.floorMod(epochSecond, 4_000_000_000L));

        String name = BackupNames.forSlot(prefix, table, slot);

        assertThat(name).matches("[a-zA-Z0-9_.-]{3,255}");
        assertThat(BackupNames.isOurs(prefix, table, name)).isTrue();
    }
}
