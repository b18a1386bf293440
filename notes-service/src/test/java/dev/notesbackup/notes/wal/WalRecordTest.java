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

    @Test
    void from_readsAVersion1Line_withoutADigest() {
        WalRecord record = WalRecord.from(Json.parseObject(WalLines.v1(WalLines.note("notes-t", NOTE, "x"))));

        assertThat(record.entity()).isEqualTo(Entity.NOTE);
        assertThat(record.item()).containsEntry("text", AttributeValue.fromS("x"));
    }

    /** Any change to what the record says, even one that leaves a valid note, is caught by the digest. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "text changed          | item      | {\"id\":\"01HXAAAAAAAAAAAAAAAAAAAAA1\",\"feed\":\"all\",\"text\":\"y\",\"author\":\"ann\",\"createdAt\":\"2024-05-01T10:15:30.123Z\"}",
            "text lost to '?'      | item      | {\"id\":\"01HXAAAAAAAAAAAAAAAAAAAAA1\",\"feed\":\"all\",\"text\":\"?\",\"author\":\"ann\",\"createdAt\":\"2024-05-01T10:15:30.123Z\"}",
            "author dropped        | item      | {\"id\":\"01HXAAAAAAAAAAAAAAAAAAAAA1\",\"feed\":\"all\",\"text\":\"\u00e9\",\"createdAt\":\"2024-05-01T10:15:30.123Z\"}",
            "re-keyed item and key | key       | {\"id\":\"01HXAAAAAAAAAAAAAAAAAAAAA9\"}",
            "other table           | table     | \"notes-u\"",
            "other time            | at        | \"2024-05-01T10:15:30.124Z\"",
            "other request id      | requestId | \"req-2\"",
            "request id removed    | requestId | null",
            "digest of another     | sha256    | \"0000000000000000000000000000000000000000000000000000000000000000\"",
    })
    void from_rejectsAnAlteredVersion2Record(String name, String field, String valueJson) {
        Map<String, Object> json = new LinkedHashMap<>(Json.parseObject(WalLines.note("notes-t", NOTE, "\u00e9")));
        json.put(field.strip(), Json.parse(valueJson));
        if (field.strip().equals("key")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = new LinkedHashMap<>((Map<String, Object>) json.get("item"));
            item.put("id", "01HXAAAAAAAAAAAAAAAAAAAAA9");
            json.put("item", item);
        }

        assertThatThrownBy(() -> WalRecord.from(json)).isInstanceOf(InvalidWalRecordException.class)
                .hasMessageStartingWith("altered");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing        | ",
            "upper case     | \"" + "ABCDEF0000000000000000000000000000000000000000000000000000000000\"",
            "too short      | \"abc\"",
            "not a string   | 5",
    })
    void from_rejectsAVersion2Record_whoseDigestIsMissingOrMalformed(String name, String valueJson) {
        Map<String, Object> json = new LinkedHashMap<>(Json.parseObject(WalLines.note("notes-t", NOTE, "x")));
        if (valueJson == null) {
            json.remove("sha256");
        } else {
            json.put("sha256", Json.parse(valueJson));
        }

        assertThatThrownBy(() -> WalRecord.from(json)).isInstanceOf(InvalidWalRecordException.class)
                .hasMessageContaining("needs 'sha256'");
    }

    /** The structural checks, on version 1 lines (no digest, so each check is what catches the problem). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "wrong version     | v        | 3",
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
        Map<String, Object> json = new LinkedHashMap<>(Json.parseObject(WalLines.v1(WalLines.note("notes-t", NOTE, "x"))));
        json.put(field.strip(), Json.parse(valueJson));

        assertThatThrownBy(() -> WalRecord.from(json)).isInstanceOf(InvalidWalRecordException.class)
                .message().doesNotStartWith("altered");
    }
}
