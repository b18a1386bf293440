package dev.notesbackup.backup.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

class TablesTest {
    private final DynamoDbClient dynamo = mock(DynamoDbClient.class);

    @SuppressWarnings("unchecked")
    private void tableIs(TableStatus status) {
        DescribeTableResponse response = DescribeTableResponse.builder().table(t -> t.tableName("restored").tableStatus(status)).build();
        when(dynamo.describeTable(any(DescribeTableRequest.class))).thenReturn(response);
        when(dynamo.describeTable(any(Consumer.class))).thenReturn(response); // Tables.describe's form
    }

    @Test
    void waitUntilActive_answersFalse_whenTheWaiterGivesUpAPollBeforeTheTimeOut() {
        tableIs(TableStatus.CREATING);

        // the SDK's waiter stops once its next poll would end after the time out (here at about 200 ms of 250)
        assertThat(Tables.waitUntilActive(dynamo, "restored", Duration.ofMillis(100), Duration.ofMillis(250))).isFalse();
    }

    @Test
    void waitUntilActive_looksOnce_whenNoTimeIsLeft() {
        tableIs(TableStatus.CREATING);
        assertThat(Tables.waitUntilActive(dynamo, "restored", Duration.ofMillis(100), Duration.ZERO)).isFalse();

        tableIs(TableStatus.ACTIVE);
        assertThat(Tables.waitUntilActive(dynamo, "restored", Duration.ofMillis(100), Duration.ZERO)).isTrue();
        verify(dynamo, times(2)).describeTable(any(Consumer.class));
    }

    @Test
    void waitUntilActive_answersTrue_whenTheTableBecomesActive() {
        when(dynamo.describeTable(any(DescribeTableRequest.class)))
                .thenReturn(DescribeTableResponse.builder().table(t -> t.tableStatus(TableStatus.CREATING)).build())
                .thenReturn(DescribeTableResponse.builder().table(t -> t.tableStatus(TableStatus.ACTIVE)).build());

        assertThat(Tables.waitUntilActive(dynamo, "restored", Duration.ofMillis(10), Duration.ofSeconds(5))).isTrue();
    }
}
