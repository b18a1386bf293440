package dev.notesbackup.notes.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NewPostTest {
    @Test
    void newPost_acceptsLineBreaksAndTabsInText() {
        assertThat(new NewPost("line 1\nline 2\r\n\tend", null).text()).contains("\n");
    }

    @Test
    void newPost_countsCodePoints_notUtf16Units() {
        String emoji = "\uD83D\uDE00";
        assertThat(new NewPost(emoji.repeat(Limits.TEXT_MAX), null).text()).hasSize(2 * Limits.TEXT_MAX);
        assertThatThrownBy(() -> new NewPost(emoji.repeat(Limits.TEXT_MAX + 1), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at most 2000");
    }

    @Test
    void newPost_rejects_whenAuthorTooLongOrBlank() {
        assertThatThrownBy(() -> new NewPost("t", "a".repeat(65))).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("author");
        assertThatThrownBy(() -> new NewPost("t", "  ")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void newPost_rejects_whenTextHasControlCharacters() {
        assertThatThrownBy(() -> new NewPost("a\u0007b", null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("control");
    }
}
