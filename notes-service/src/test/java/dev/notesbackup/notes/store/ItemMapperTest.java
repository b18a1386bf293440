package dev.notesbackup.notes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notesbackup.notes.domain.Note;
import dev.notesbackup.notes.domain.Reply;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemMapperTest {
    private static final Instant AT = Instant.parse("2024-05-01T10:15:30.123Z");
    private static final String ID = "01HXAAAAAAAAAAAAAAAAAAAAA1";
    private static final String REPLY_ID = "01HXAAAAAAAAAAAAAAAAAAAAA2";

    @Test
    void note_roundTripsThroughItsItem() {
        Note note = new Note(ID, "text", "ann", AT);

        Map<String, AttributeValue> item = ItemMapper.toItem(note);

        assertThat(item).containsEntry("id", AttributeValue.fromS(ID)).containsEntry("feed", AttributeValue.fromS("all"))
                .containsEntry("createdAt", AttributeValue.fromS("2024-05-01T10:15:30.123Z"));
        assertThat(ItemMapper.toNote(item)).isEqualTo(note);
    }

    @Test
    void reply_roundTripsThroughItsItem_withoutAuthor() {
        Reply reply = new Reply(ID, REPLY_ID, "text", null, AT);

        Map<String, AttributeValue> item = ItemMapper.toItem(reply);

        assertThat(item).doesNotContainKey("author").containsEntry("noteId", AttributeValue.fromS(ID));
        assertThat(ItemMapper.toReply(item)).isEqualTo(reply);
    }

    @Test
    void formatTime_alwaysHasMilliseconds() {
        assertThat(ItemMapper.formatTime(Instant.parse("2024-05-01T10:00:00Z"))).isEqualTo("2024-05-01T10:00:00.000Z");
    }

    @Test
    void toNote_rejects_whenItemIsMalformed() {
        Map<String, AttributeValue> good = ItemMapper.toItem(new Note(ID, "text", null, AT));
        assertThatThrownBy(() -> ItemMapper.toNote(with(good, "id", AttributeValue.fromS("x")))).isInstanceOf(ItemFormatException.class);
        assertThatThrownBy(() -> ItemMapper.toNote(with(good, "text", AttributeValue.fromN("1")))).isInstanceOf(ItemFormatException.class);
        assertThatThrownBy(() -> ItemMapper.toNote(with(good, "text", AttributeValue.fromS("")))).isInstanceOf(ItemFormatException.class);
        assertThatThrownBy(() -> ItemMapper.toNote(with(good, "feed", AttributeValue.fromS("x")))).isInstanceOf(ItemFormatException.class);
        assertThatThrownBy(() -> ItemMapper.toNote(with(good, "createdAt", AttributeValue.fromS("yesterday")))).isInstanceOf(ItemFormatException.class);
        assertThatThrownBy(() -> ItemMapper.toNote(with(good, "extra", AttributeValue.fromS("x")))).isInstanceOf(ItemFormatException.class);
        Map<String, AttributeValue> noText = new HashMap<>(good);
        noText.remove("text");
        assertThatThrownBy(() -> ItemMapper.toNote(noText)).isInstanceOf(ItemFormatException.class).hasMessageContaining("text");
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> item, String name, AttributeValue value) {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        copy.put(name, value);
        return copy;
    }
}
