package dev.notesbackup.backup.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
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

    /** Every table name of the account and region, from every ListTables page. */
    public static List<String> names(DynamoDbClient dynamo) {
        return names(dynamo, () -> { });
    }

    /** As {@link #names(DynamoDbClient)}, calling {@code onPage} for every page fetched. */
    public static List<String> names(DynamoDbClient dynamo, Runnable onPage) {
        List<String> names = new ArrayList<>();
        dynamo.listTablesPaginator(ListTablesRequest.builder().build()).forEach(page -> {
            onPage.run();
            names.addAll(page.tableNames());
        });
        return names;
    }
}
