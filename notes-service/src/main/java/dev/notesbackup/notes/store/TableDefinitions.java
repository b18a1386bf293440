package dev.notesbackup.notes.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The key design of the two tables, the single source for the code; notes-service/template.yaml
 * declares the same (a contract test compares them), and the local server creates tables from it.
 *
 * <ul>
 *   <li>notes: partition key {@code id} (a time-ordered id, see {@code Ids}); index {@value #NEWEST_INDEX}
 *       with partition key {@code feed} (always {@value #FEED_ALL}) and sort key {@code id}, so a
 *       descending Query pages the notes newest first.</li>
 *   <li>replies: partition key {@code noteId}, sort key {@code id} (the reply's time-ordered id):
 *       an ascending Query reads a note's replies oldest first.</li>
 * </ul>
 */
public final class TableDefinitions {
    public static final String NOTE_ID = "id";
    public static final String FEED = "feed";
    public static final String FEED_ALL = "all";
    public static final String NEWEST_INDEX = "newest";
    public static final String REPLY_NOTE_ID = "noteId";
    public static final String REPLY_ID = "id";

    private TableDefinitions() {
    }

    public static CreateTableRequest notesTable(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute(NOTE_ID),
                        attribute(FEED))
                .keySchema(key(NOTE_ID, KeyType.HASH))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(NEWEST_INDEX)
                        .keySchema(key(FEED, KeyType.HASH), key(NOTE_ID, KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
                .deletionProtectionEnabled(true)
                .build();
    }

    public static CreateTableRequest repliesTable(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute(REPLY_NOTE_ID), attribute(REPLY_ID))
                .keySchema(key(REPLY_NOTE_ID, KeyType.HASH), key(REPLY_ID, KeyType.RANGE))
                .deletionProtectionEnabled(true)
                .build();
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
