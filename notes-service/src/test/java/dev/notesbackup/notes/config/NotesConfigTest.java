package dev.notesbackup.notes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NotesConfigTest {
    @Test
    void fromEnvironment_readsTablesAndOrigins() {
        NotesConfig config = NotesConfig.fromEnvironment(Map.of("NOTES_TABLE", "notes-abc", "REPLIES_TABLE", "replies-abc",
                "ALLOWED_ORIGINS", "https://notes.example.com, http://localhost:3000"));

        assertThat(config.notesTable()).isEqualTo("notes-abc");
        assertThat(config.allowedOrigins()).containsExactly("https://notes.example.com", "http://localhost:3000");
        assertThat(config.isAllowedOrigin("http://localhost:3000")).isTrue();
        assertThat(config.isAllowedOrigin("http://localhost:3001")).isFalse();
    }

    @Test
    void fromEnvironment_allowsNoOrigins_whenUnset() {
        NotesConfig config = NotesConfig.fromEnvironment(Map.of("NOTES_TABLE", "notes", "REPLIES_TABLE", "replies"));

        assertThat(config.allowedOrigins()).isEmpty();
    }

    @Test
    void fromEnvironment_namesTheVariable_whenTableMissing() {
        assertThatThrownBy(() -> NotesConfig.fromEnvironment(Map.of("REPLIES_TABLE", "replies")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("NOTES_TABLE");
    }

    @Test
    void fromEnvironment_namesVariableValueAndForm_whenTableNameInvalid() {
        assertThatThrownBy(() -> NotesConfig.fromEnvironment(Map.of("NOTES_TABLE", "no spaces", "REPLIES_TABLE", "replies")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("NOTES_TABLE").hasMessageContaining("'no spaces'").hasMessageContaining("expected");
    }

    @Test
    void fromEnvironment_rejectsWildcardAndMalformedOrigins() {
        assertThatThrownBy(() -> config("*")).isInstanceOf(ConfigException.class).hasMessageContaining("ALLOWED_ORIGINS");
        assertThatThrownBy(() -> config("https://a.example.com/")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> config("https://*.example.com")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> config("notes.example.com")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> config("https://a.example.com,,https://b.example.com")).isInstanceOf(ConfigException.class);
    }

    @Test
    void constructor_rejectsTheSameTableTwice() {
        assertThatThrownBy(() -> NotesConfig.fromEnvironment(Map.of("NOTES_TABLE", "t1", "REPLIES_TABLE", "t1")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> NotesConfig.fromEnvironment(Map.of("NOTES_TABLE", "same", "REPLIES_TABLE", "same")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("same table");
    }

    private static NotesConfig config(String origins) {
        return NotesConfig.fromEnvironment(Map.of("NOTES_TABLE", "notes", "REPLIES_TABLE", "replies", "ALLOWED_ORIGINS", origins));
    }
}
