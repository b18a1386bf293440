package dev.notesbackup.notes.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {
    @Test
    void parse_acceptsInstantsOffsetsDatesAndEpochMillis() {
        assertThat(Times.parse("2024-05-01T10:00:00Z")).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(Times.parse("2024-05-01T12:00:00+02:00")).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(Times.parse("2024-05-01")).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(Times.parse("1714557600000")).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    }

    @Test
    void parse_namesTheValueAndTheForms_whenNotATime() {
        assertThatThrownBy(() -> Times.parse("tomorrow")).hasMessageContaining("'tomorrow' is not a time: use 2024-05-01T10:00:00Z");
    }
}
