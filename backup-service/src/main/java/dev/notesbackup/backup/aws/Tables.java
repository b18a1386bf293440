package dev.notesbackup.backup.aws;

import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** Table look-ups where "no such table" is an answer, not an error. */
public final class Tables {
    private Tables() {
    }

    /** The table's description, or empty if it does not exist. */
    public static Optional<TableDescription> describe(DynamoDbClient dynamo, String table) {
        try {
            return Optional.of(dynamo.describeTable(r -> r.tableName(table)).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    public static boolean exists(DynamoDbClient dynamo, String table) {
        return describe(dynamo, table).isPresent();
    }
}
