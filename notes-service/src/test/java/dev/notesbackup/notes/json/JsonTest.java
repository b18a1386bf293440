package dev.notesbackup.notes.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parse_readsAllValueTypes() {
        Object value = Json.parse("{\"s\":\"x\",\"n\":1.5,\"i\":7,\"t\":true,\"f\":false,\"z\":null,\"a\":[1,\"b\"],\"o\":{}}");

        assertThat(value).isEqualTo(new LinkedHashMap<>(Map.of("s", "x", "n", new BigDecimal("1.5"), "i", new BigDecimal("7"),
                "t", true, "f", false, "a", List.of(new BigDecimal("1"), "b"), "o", Map.of())) {{
                    put("z", null);
                }});
    }

    @Test
    void parse_rejectsDuplicateKeysTrailingContentAndEmptyInput() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).isInstanceOf(JsonException.class).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> Json.parse("{} []")).isInstanceOf(JsonException.class).hasMessageContaining("after");
        assertThatThrownBy(() -> Json.parse("   ")).isInstanceOf(JsonException.class);
    }

    @Test
    void parse_rejectsDeepNesting() {
        String deep = "[".repeat(Json.MAX_DEPTH + 5) + "]".repeat(Json.MAX_DEPTH + 5);
        assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(JsonException.class);
    }

    /** A limit error carries no place of its own in Jackson; it is reported where the limit was crossed, not at 0/0. */
    @Test
    void parse_reportsNestingTooDeep_atTheRealLineAndColumn() {
        String deep = "{\"a\":\n  " + "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1) + "}";

        assertThatThrownBy(() -> Json.parse(deep)).isInstanceOfSatisfying(JsonException.class, e -> {
            assertThat(e.getMessage()).startsWith("nested too deeply");
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.column()).isEqualTo(3 + Json.MAX_DEPTH);
        });
    }

    @Test
    void errorMessages_neverQuoteTheInput() {
        assertThatThrownBy(() -> Json.parse("{\"a\": secretvalue}")).isInstanceOf(JsonException.class)
                .message().doesNotContain("secretvalue").contains("line 1");
    }

    @Test
    void write_producesOneLineAndRoundTrips() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "a\nb\"c\u2028");
        value.put("list", Arrays.asList(1, null, true));

        String json = Json.write(value);

        assertThat(json).doesNotContain("\n").startsWith("{\"text\":");
        assertThat(Json.parse(json)).isEqualTo(Map.of("text", "a\nb\"c\u2028",
                "list", Arrays.asList(new BigDecimal("1"), null, true)));
    }
}
