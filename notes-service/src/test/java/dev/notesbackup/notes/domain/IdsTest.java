package dev.notesbackup.notes.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void next_encodesTheTimeAndMatchesThePattern() {
        Instant at = Instant.parse("2024-05-01T10:15:30.123Z");

        String id = new Ids(new Random(1)).next(at);

        assertThat(id).hasSize(26);
        assertThat(Ids.isValid(id)).isTrue();
        assertThat(Ids.timeOf(id)).isEqualTo(at);
    }

    @Test
    void next_isStrictlyIncreasing_whenManyIdsShareOneMillisecond() {
        Ids ids = new Ids(new Random(2));
        Instant at = Instant.parse("2024-05-01T10:15:30.123Z");
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            made.add(ids.next(at));
        }

        assertThat(made).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void next_neverGoesBackwards_whenTheClockDoes() {
        Ids ids = new Ids(new Random(3));
        String later = ids.next(Instant.parse("2024-05-01T10:00:01Z"));
        String earlier = ids.next(Instant.parse("2024-05-01T10:00:00Z"));

        assertThat(earlier).isGreaterThan(later);
    }

    @Test
    void idsSortAsText_inTimeOrder() {
        Ids ids = new Ids(new Random(4));
        String a = ids.next(Instant.parse("2020-01-01T00:00:00Z"));
        String b = ids.next(Instant.parse("2024-01-01T00:00:00Z"));

        assertThat(a).isLessThan(b);
    }

    @Test
    void encode_carriesTheRandomBitsAcrossTheWordBoundary() {
        assertThat(Ids.encode(0, 0, 0)).isEqualTo("00000000000000000000000000");
        assertThat(Ids.encode(0, 0xFFFF, -1L)).isEqualTo("0000000000ZZZZZZZZZZZZZZZZ");
        assertThat(Ids.encode(0, 1, 0)).isEqualTo("0000000000000G000000000000");
    }

    @Test
    void isValid_rejectsLowerCaseAmbiguousLettersAndWrongLength() {
        assertThat(Ids.isValid("01hxaaaaaaaaaaaaaaaaaaaaa1")).isFalse();
        assertThat(Ids.isValid("01HXAAAAAAAAAAAAAAAAAAAAAI")).isFalse();
        assertThat(Ids.isValid("01HXAAAAAAAAAAAAAAAAAAAAA")).isFalse();
        assertThat(Ids.isValid("81HXAAAAAAAAAAAAAAAAAAAAA1")).isFalse();
        assertThat(Ids.isValid(null)).isFalse();
    }
}
