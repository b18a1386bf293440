package dev.notesbackup.notes.repair;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** Every item of a table, every page (the SDK's scan paginator), strongly consistent, with a progress line now and then. */
public final class TableScan {
    /** A progress line after each this many items. */
    static final int PROGRESS_EVERY = 10_000;

    private TableScan() {
    }

    public static List<Map<String, AttributeValue>> items(DynamoDbClient db, String table, Consumer<String> progress) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Map<String, AttributeValue> item : db.scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build())
                .items()) {
            items.add(item);
            if (items.size() % PROGRESS_EVERY == 0) {
                progress.accept("scanned " + items.size() + " items of " + table + " ...");
            }
        }
        progress.accept("scanned " + table + ": " + items.size() + " items");
        return items;
    }
}
