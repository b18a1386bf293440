package dev.notesbackup.backup.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void line_writesOneCompactDocumentInFieldOrder_whenValuesNeedEscaping() throws Exception {
        String line = Json.line(json -> {
            json.writeStartObject();
            json.writeStringField("type", "report");
            json.writeStringField("text", "a \"quoted\"\nline\twith ü and a \\");
            json.writeNullField("none");
            json.writeArrayFieldStart("list");
            json.writeString("x");
            json.writeNumber(3);
            json.writeEndArray();
            json.writeEndObject();
        });

        assertThat(line).isEqualTo("{\"type\":\"report\",\"text\":\"a \\\"quoted\\\"\\nline\\twith ü and a \\\\\","
                + "\"none\":null,\"list\":[\"x\",3]}");
        JsonNode read = Json.mapper().readTree(line);
        assertThat(read.get("text").asText()).isEqualTo("a \"quoted\"\nline\twith ü and a \\");
    }

    @Test
    void line_fails_whenTheDocumentIsLeftOpen() {
        assertThatThrownBy(() -> Json.line(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("list");
        })).isInstanceOf(IllegalStateException.class).hasMessage("JSON document not closed: 2 open containers");
    }

    @Test
    void line_fails_whenAFieldNameIsWrittenOutsideAnObject() {
        assertThatThrownBy(() -> Json.line(json -> {
            json.writeStartArray();
            json.writeStringField("name", "value");
        })).hasMessageContaining("cannot write a JSON line");
    }
}
