package dev.notesbackup.notes.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.store.Entity;
import dev.notesbackup.notes.support.WalLines;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class WalRecordTest {
    private static final String NOTE = "01HXAAAAAAAAAAAAAAAAAAAAA1";
    private static final String REPLY = "01HXAAAAAAAAAAAAAAAAAAAAA2";

    @Test
    void from_readsBackWhatTheServiceWrites() {
        WalRecord record = WalRecord.from(Json.parseObject(WalLines.reply("replies-t", NOTE, REPLY, "hi")));

        assertThat(record.entity()).isEqualTo(Entity.REPLY);
        assertThat(record.table()).isEqualTo("replies-t");
        assertThat(record.key()).isEqualTo(Map.of("noteId", AttributeValue.fromS(NOTE), "id", AttributeValue.fromS(REPLY)));
        assertThat(record.item()).containsEntry("text", AttributeValue.fromS("hi"));
        assertThat(record.requestId()).isEqualTo("req-1");
        assertThat(record.at()).isEqualTo(WalLines.AT);
    }

    @Test
    void from_ignoresFieldsAddedLater() {
        Map<String, Object> json = Json.parseObject(WalLines.note("notes-t", NOTE, "x"));
        json.put("futureField", "whatever");

        assertThat(WalRecord.from(json).entity()).isEqualTo(Entity.NOTE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "wrong version     | v        | 2",
            "wrong event       | event    | \"delete\"",
            "unknown entity    | entity   | \"user\"",
            "bad table name    | table    | \"has space\"",
            "key not object    | key      | \"k\"",
            "item not object   | item     | []",
            "time not a time   | at       | \"yesterday\"",
            "request id number | requestId| 5",
            "key disagrees     | key      | {\"id\":\"01HXAAAAAAAAAAAAAAAAAAAAA9\"}",
            "key incomplete    | key      | {}",
            "item invalid      | item     | {\"id\":\"01HXAAAAAAAAAAAAAAAAAAAAA1\",\"feed\":\"all\",\"text\":\"\",\"createdAt\":\"2024-05-01T10:15:30.123Z\"}",
    })
    void from_rejects_whenAFieldIsWrong(String name, String field, String valueJson) {
        Map<String, Object> json = new LinkedHashMap<>(Json.parseObject(WalLines.note("notes-t", NOTE, "x")));
        json.put(field.strip(), Json.parse(valueJson));

        assertThatThrownBy(() -> WalRecord.from(json)).isInstanceOf(InvalidWalRecordException.class);
    }
}
