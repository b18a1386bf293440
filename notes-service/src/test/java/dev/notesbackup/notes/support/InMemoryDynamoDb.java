package dev.notesbackup.notes.support;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.notesbackup.notes.store.TableDefinitions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * A Mockito-mocked DynamoDbClient that answers the calls the notes service makes (PutItem with
 * {@code attribute_not_exists}, GetItem, the two Query shapes) from in-memory tables, so tests can
 * follow a request through handler, service and repository. Tests still verify calls on {@link #client}.
 * Not a DynamoDB emulator: the moto integration tests cover the real protocol.
 */
public final class InMemoryDynamoDb {
    public final DynamoDbClient client = mock(DynamoDbClient.class);
    private final String notesTable;
    private final String repliesTable;
    private final Map<String, TreeMap<String, Map<String, AttributeValue>>> tables = new LinkedHashMap<>();

    public InMemoryDynamoDb(String notesTable, String repliesTable) {
        this.notesTable = notesTable;
        this.repliesTable = repliesTable;
        tables.put(notesTable, new TreeMap<>());
        tables.put(repliesTable, new TreeMap<>());
        when(client.putItem(any(PutItemRequest.class))).thenAnswer(call -> put(call.getArgument(0)));
        when(client.getItem(any(GetItemRequest.class))).thenAnswer(call -> get(call.getArgument(0)));
        when(client.query(any(QueryRequest.class))).thenAnswer(call -> query(call.getArgument(0)));
    }

    public synchronized List<Map<String, AttributeValue>> items(String table) {
        return new ArrayList<>(table(table).values());
    }

    public synchronized int size(String table) {
        return table(table).size();
    }

    private TreeMap<String, Map<String, AttributeValue>> table(String name) {
        TreeMap<String, Map<String, AttributeValue>> table = tables.get(name);
        if (table == null) {
            throw ResourceNotFoundException.builder().message("Requested resource not found: " + name).build();
        }
        return table;
    }

    private String keyOf(String table, Map<String, AttributeValue> item) {
        if (table.equals(notesTable)) {
            return item.get(TableDefinitions.NOTE_ID).s();
        }
        return item.get(TableDefinitions.REPLY_NOTE_ID).s() + "|" + item.get(TableDefinitions.REPLY_ID).s();
    }

    private synchronized PutItemResponse put(PutItemRequest request) {
        TreeMap<String, Map<String, AttributeValue>> table = table(request.tableName());
        String key = keyOf(request.tableName(), request.item());
        if (request.conditionExpression() != null) {
            if (!request.conditionExpression().equals("attribute_not_exists(#pk)")) {
                throw new IllegalArgumentException("unsupported condition " + request.conditionExpression());
            }
            if (table.containsKey(key)) {
                throw ConditionalCheckFailedException.builder().message("The conditional request failed").build();
            }
        }
        table.put(key, Map.copyOf(request.item()));
        return PutItemResponse.builder().build();
    }

    private synchronized GetItemResponse get(GetItemRequest request) {
        Map<String, AttributeValue> item = table(request.tableName()).get(keyOf(request.tableName(), request.key()));
        return item == null ? GetItemResponse.builder().build() : GetItemResponse.builder().item(item).build();
    }

    private synchronized QueryResponse query(QueryRequest request) {
        List<Map<String, AttributeValue>> matching = new ArrayList<>();
        Comparator<Map<String, AttributeValue>> byId = Comparator.comparing(item -> item.get("id").s());
        if (request.tableName().equals(notesTable)) {
            if (!TableDefinitions.NEWEST_INDEX.equals(request.indexName())) {
                throw new IllegalArgumentException("notes are queried on the newest index");
            }
            String feed = request.expressionAttributeValues().get(":feed").s();
            table(notesTable).values().stream().filter(item -> feed.equals(item.get(TableDefinitions.FEED).s()))
                    .forEach(matching::add);
        } else {
            String noteId = request.expressionAttributeValues().get(":noteId").s();
            table(repliesTable).values().stream()
                    .filter(item -> noteId.equals(item.get(TableDefinitions.REPLY_NOTE_ID).s()))
                    .forEach(matching::add);
        }
        boolean forward = request.scanIndexForward() == null || request.scanIndexForward();
        matching.sort(forward ? byId : byId.reversed());
        if (request.hasExclusiveStartKey()) {
            String start = request.exclusiveStartKey().get("id").s();
            matching.removeIf(item -> forward ? item.get("id").s().compareTo(start) <= 0
                    : item.get("id").s().compareTo(start) >= 0);
        }
        int limit = request.limit() == null ? Integer.MAX_VALUE : request.limit();
        List<Map<String, AttributeValue>> page = matching.subList(0, Math.min(limit, matching.size()));
        QueryResponse.Builder response = QueryResponse.builder().items(page).count(page.size());
        if (page.size() == limit) {
            Map<String, AttributeValue> last = page.get(page.size() - 1);
            Map<String, AttributeValue> lastKey = new LinkedHashMap<>();
            if (request.tableName().equals(notesTable)) {
                lastKey.put(TableDefinitions.NOTE_ID, last.get(TableDefinitions.NOTE_ID));
                lastKey.put(TableDefinitions.FEED, last.get(TableDefinitions.FEED));
            } else {
                lastKey.put(TableDefinitions.REPLY_NOTE_ID, last.get(TableDefinitions.REPLY_NOTE_ID));
                lastKey.put(TableDefinitions.REPLY_ID, last.get(TableDefinitions.REPLY_ID));
            }
            response.lastEvaluatedKey(lastKey);
        }
        return response.build();
    }
}
