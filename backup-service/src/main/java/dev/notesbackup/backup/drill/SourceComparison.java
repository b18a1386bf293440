package dev.notesbackup.backup.drill;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Compares sampled items of a restored table, attribute for attribute, with the source table's
 * items of the same key: what a broken or partial restore gets wrong (a lost attribute, an altered
 * value, an item that is not the source's). Sets compare as sets, since neither table promises an order.
 */
final class SourceComparison {
    /** BatchGetItem takes at most 100 keys per call. */
    private static final int BATCH = 100;
    /**
     * Rounds of BatchGetItem per batch: keys left unprocessed (the source table is throttled) are asked
     * again, but not without end, so a throttled table cannot hold the drill until the Lambda times out.
     */
    static final int MAX_ROUNDS = 5;

    /** The source table kept some sampled keys unprocessed, so they could not be compared. */
    static final class SourceThrottledException extends RuntimeException {
        SourceThrottledException(int unprocessed, int asked) {
            super("the source table left " + unprocessed + " of " + asked + " sampled keys unprocessed after "
                    + MAX_ROUNDS + " BatchGetItem rounds (throttled), so they could not be compared");
        }
    }

    /** The sampled items that differ from the source (missing there, or with other attributes), with why. */
    record Difference(Map<String, AttributeValue> key, String why) {
    }

    private SourceComparison() {
    }

    static List<Difference> differences(DynamoDbClient dynamo, String sourceTable, List<String> keyAttributes,
                                        List<Map<String, AttributeValue>> sample) {
        Map<Map<String, Object>, Map<String, AttributeValue>> source = sourceItems(dynamo, sourceTable, keyAttributes, sample);
        List<Difference> differences = new ArrayList<>();
        for (Map<String, AttributeValue> restored : sample) {
            Map<String, AttributeValue> key = keyOf(restored, keyAttributes);
            Map<String, AttributeValue> original = source.get(normalized(key));
            if (original == null) {
                differences.add(new Difference(key, "not in the source table"));
                continue;
            }
            String why = firstDifference(restored, original);
            if (why != null) {
                differences.add(new Difference(key, why));
            }
        }
        return differences;
    }

    private static Map<Map<String, Object>, Map<String, AttributeValue>> sourceItems(
            DynamoDbClient dynamo, String table, List<String> keyAttributes, List<Map<String, AttributeValue>> sample) {
        Map<Map<String, Object>, Map<String, AttributeValue>> found = new HashMap<>();
        List<Map<String, AttributeValue>> keys = sample.stream().map(item -> keyOf(item, keyAttributes)).distinct().toList();
        for (int from = 0; from < keys.size(); from += BATCH) {
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + BATCH))).consistentRead(true).build());
            for (int round = 1; !request.isEmpty(); round++) {
                if (round > MAX_ROUNDS) {
                    throw new SourceThrottledException(request.get(table).keys().size(), keys.size());
                }
                Map<String, KeysAndAttributes> asked = request;
                BatchGetItemResponse page = dynamo.batchGetItem(r -> r.requestItems(asked));
                page.responses().getOrDefault(table, List.of())
                        .forEach(item -> found.put(normalized(keyOf(item, keyAttributes)), item));
                request = page.hasUnprocessedKeys() && page.unprocessedKeys().containsKey(table) ? page.unprocessedKeys() : Map.of();
            }
        }
        return found;
    }

    private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item, List<String> keyAttributes) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        keyAttributes.forEach(name -> key.put(name, item.get(name)));
        return key;
    }

    /** Where two items differ, or null if they are the same. */
    static String firstDifference(Map<String, AttributeValue> restored, Map<String, AttributeValue> original) {
        for (String name : new TreeSet<>(original.keySet())) {
            if (!restored.containsKey(name)) {
                return "attribute " + name + " is missing";
            }
            if (!normalized(restored.get(name)).equals(normalized(original.get(name)))) {
                return "attribute " + name + " differs";
            }
        }
        for (String name : new TreeSet<>(restored.keySet())) {
            if (!original.containsKey(name)) {
                return "attribute " + name + " is not in the source";
            }
        }
        return null;
    }

    private static Map<String, Object> normalized(Map<String, AttributeValue> item) {
        Map<String, Object> result = new HashMap<>();
        item.forEach((name, value) -> result.put(name, normalized(value)));
        return result;
    }

    /** A value that compares by content: sets as sets, lists and maps element by element. */
    private static Object normalized(AttributeValue value) {
        if (value == null) {
            return null;
        }
        if (value.hasSs()) {
            return List.of("SS", new HashSet<>(value.ss()));
        }
        if (value.hasNs()) {
            return List.of("NS", new HashSet<>(value.ns()));
        }
        if (value.hasBs()) {
            return List.of("BS", new HashSet<>(value.bs().stream().map(SdkBytes::asByteBuffer).toList()));
        }
        if (value.hasL()) {
            return List.of("L", value.l().stream().map(SourceComparison::normalized).toList());
        }
        if (value.hasM()) {
            return List.of("M", normalized(value.m()));
        }
        return value; // a scalar: the SDK's equals compares type and value
    }
}
