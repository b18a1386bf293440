package dev.notesbackup.notes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notesbackup.notes.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class AttributeValuesTest {
    @Test
    void plainJson_roundTripsEveryMappedType() {
        Map<String, AttributeValue> item = Map.of(
                "s", AttributeValue.fromS("text"),
                "n", AttributeValue.fromN("12.50"),
                "b", AttributeValue.fromBool(true),
                "z", AttributeValue.builder().nul(true).build(),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromN("1"))),
                "m", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v"))));

        String json = Json.write(AttributeValues.toPlain(item));

        assertThat(AttributeValues.fromPlain(Json.parseObject(json))).isEqualTo(item);
    }

    @Test
    void toPlain_refusesSetsAndBinary() {
        assertThatThrownBy(() -> AttributeValues.toPlain(AttributeValue.fromSs(List.of("a"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AttributeValues.toPlain(AttributeValue.fromB(SdkBytes.fromUtf8String("x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
