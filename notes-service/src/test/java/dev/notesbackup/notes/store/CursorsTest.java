package dev.notesbackup.notes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notesbackup.notes.domain.InvalidCursorException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CursorsTest {
    private static final String NOTE = "01HXAAAAAAAAAAAAAAAAAAAAA1";
    private static final String REPLY = "01HXAAAAAAAAAAAAAAAAAAAAA2";

    @Test
    void notesCursor_roundTripsToTheIndexStartKey() {
        assertThat(Cursors.decodeNotes(Cursors.notesAfter(NOTE)))
                .isEqualTo(Map.of("feed", AttributeValue.fromS("all"), "id", AttributeValue.fromS(NOTE)));
    }

    @Test
    void repliesCursor_roundTripsToTheTableStartKey() {
        assertThat(Cursors.decodeReplies(Cursors.repliesAfter(NOTE, REPLY), NOTE))
                .isEqualTo(Map.of("noteId", AttributeValue.fromS(NOTE), "id", AttributeValue.fromS(REPLY)));
    }

    @Test
    void cursor_isUrlSafeAndShort() {
        assertThat(Cursors.notesAfter(NOTE)).matches("[A-Za-z0-9_-]+").hasSizeLessThan(120);
    }

    @Test
    void decode_returnsNull_whenNoCursor() {
        assertThat(Cursors.decodeNotes(null)).isNull();
        assertThat(Cursors.decodeReplies(null, NOTE)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "====",
            "a b",
            "eyJ2IjoxfQ",                                  // {"v":1}
            "bnVsbA",                                      // null
    })
    void decodeNotes_rejects_whenMalformed(String cursor) {
        assertThatThrownBy(() -> Cursors.decodeNotes(cursor)).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void decodeNotes_rejects_whenVersionOrFeedWrong() {
        assertThatThrownBy(() -> Cursors.decodeNotes(b64("{\"v\":2,\"list\":\"notes\",\"key\":{\"feed\":\"all\",\"id\":\"" + NOTE + "\"}}")))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> Cursors.decodeNotes(b64("{\"v\":1,\"list\":\"notes\",\"key\":{\"feed\":\"other\",\"id\":\"" + NOTE + "\"}}")))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> Cursors.decodeNotes(b64("{\"v\":1,\"list\":\"notes\",\"key\":{\"feed\":\"all\",\"id\":5}}")))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void decodeReplies_rejects_whenCursorBelongsToAnotherNoteOrList() {
        assertThatThrownBy(() -> Cursors.decodeReplies(Cursors.repliesAfter(NOTE, REPLY), REPLY))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> Cursors.decodeReplies(Cursors.notesAfter(NOTE), NOTE))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> Cursors.decodeNotes(Cursors.repliesAfter(NOTE, REPLY)))
                .isInstanceOf(InvalidCursorException.class);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
