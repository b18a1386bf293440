package dev.notesbackup.backup.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

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

    /** The resource's tags, from every ListTagsOfResource page (the SDK has no paginator for it). */
    public static Map<String, String> tags(DynamoDbClient dynamo, String resourceArn) {
        Map<String, String> tags = new LinkedHashMap<>();
        String token = null;
        do {
            String from = token;
            ListTagsOfResourceResponse page = dynamo.listTagsOfResource(r -> r.resourceArn(resourceArn).nextToken(from));
            page.tags().forEach(t -> tags.put(t.key(), t.value()));
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return tags;
    }

    public static boolean exists(DynamoDbClient dynamo, String table) {
        return describe(dynamo, table).isPresent();
    }

    /** Every table name of the account and region, from every ListTables page. */
    public static List<String> names(DynamoDbClient dynamo) {
        return names(dynamo, request -> { });
    }

    /** As {@link #names(DynamoDbClient)}, each page's request configured by {@code perRequest} (e.g. to observe it). */
    public static List<String> names(DynamoDbClient dynamo, Consumer<AwsRequestOverrideConfiguration.Builder> perRequest) {
        List<String> names = new ArrayList<>();
        dynamo.listTablesPaginator(ListTablesRequest.builder().overrideConfiguration(perRequest).build())
                .forEach(page -> names.addAll(page.tableNames()));
        return names;
    }

    /**
     * Waits, with the SDK's TableExists waiter (ACTIVE; "not found" yet is waited through), polling
     * every {@code pollInterval}. Returns false if the table was not ACTIVE within {@code timeout}
     * (with no time left, it looks once); any other failure is thrown.
     */
    public static boolean waitUntilActive(DynamoDbClient dynamo, String table, Duration pollInterval, Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            return describe(dynamo, table).map(t -> t.tableStatus() == TableStatus.ACTIVE).orElse(false);
        }
        long started = System.nanoTime();
        try (DynamoDbWaiter waiter = waiter(dynamo, pollInterval, timeout)) {
            waiter.waitUntilTableExists(r -> r.tableName(table));
            return true;
        } catch (SdkClientException e) {
            // The waiter gives up with a plain SdkClientException as soon as its next poll would end
            // after the time out, so up to one poll interval early: the same test says it timed out.
            if (Duration.ofNanos(System.nanoTime() - started).plus(pollInterval).compareTo(timeout) > 0) {
                return false;
            }
            throw e;
        }
    }

    /** A DynamoDB waiter that polls every {@code pollInterval} until {@code timeout}: the time bounds the wait, not a count. */
    public static DynamoDbWaiter waiter(DynamoDbClient dynamo, Duration pollInterval, Duration timeout) {
        return DynamoDbWaiter.builder().client(dynamo)
                .overrideConfiguration(WaiterOverrideConfiguration.builder()
                        .maxAttempts(Integer.MAX_VALUE)
                        .waitTimeout(timeout)
                        .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(pollInterval))
                        .build())
                .build();
    }
}
