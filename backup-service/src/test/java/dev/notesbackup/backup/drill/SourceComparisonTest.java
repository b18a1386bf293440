package dev.notesbackup.backup.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

class SourceComparisonTest {
    private final DynamoDbClient dynamo = mock(DynamoDbClient.class);
    private final Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS("n1"), "text", AttributeValue.fromS("hello"));
    private final Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS("n1"));

    @Test
    @SuppressWarnings("unchecked")
    void differences_givesUpAfterItsRounds_whenTheSourceKeepsKeysUnprocessed() {
        when(dynamo.batchGetItem(any(Consumer.class))).thenReturn(BatchGetItemResponse.builder()
                .unprocessedKeys(Map.of("notes", KeysAndAttributes.builder().keys(List.of(key)).build())).build());

        assertThatThrownBy(() -> SourceComparison.differences(dynamo, "notes", List.of("id"), List.of(item)))
                .isInstanceOf(SourceComparison.SourceThrottledException.class)
                .hasMessage("the source table left 1 of 1 sampled keys unprocessed after 5 BatchGetItem rounds (throttled),"
                        + " so they could not be compared");
        verify(dynamo, times(SourceComparison.MAX_ROUNDS)).batchGetItem(any(Consumer.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void differences_asksAgainForUnprocessedKeys_andComparesThem_whenTheSourceAnswersLater() {
        when(dynamo.batchGetItem(any(Consumer.class)))
                .thenReturn(BatchGetItemResponse.builder()
                        .unprocessedKeys(Map.of("notes", KeysAndAttributes.builder().keys(List.of(key)).build())).build())
                .thenReturn(BatchGetItemResponse.builder().responses(Map.of("notes", List.of(item))).build());

        assertThat(SourceComparison.differences(dynamo, "notes", List.of("id"), List.of(item))).isEmpty();
        verify(dynamo, times(2)).batchGetItem(any(Consumer.class));
    }
}
