package dev.notesbackup.notes.repair;

import dev.notesbackup.notes.store.Entity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's primary key with its entity, and the name an operator types for it: {@code note:<id>}
 * or {@code reply:<noteId>/<id>} (what {@code diff} prints and {@code repair --key} takes). Ordered
 * notes first, then by the key's values (partition key, then sort key), so every listing is in one order.
 */
public record ItemKey(Entity entity, List<String> values) implements Comparable<ItemKey> {
    private static final Comparator<ItemKey> ORDER = Comparator.comparing(ItemKey::entity)
            .thenComparing(key -> key.values().get(0))
            .thenComparing(key -> key.values().size() > 1 ? key.values().get(1) : "");

    public ItemKey {
        values = List.copyOf(values);
        if (values.size() != entity.keyAttributes().size()) {
            throw new IllegalArgumentException("a " + entity.wireName() + " key has " + entity.keyAttributes());
        }
    }

    /** The key of {@code item}; the tables' key attributes are strings. */
    public static ItemKey of(Entity entity, Map<String, AttributeValue> item) {
        List<String> values = new ArrayList<>();
        for (String name : entity.keyAttributes()) {
            AttributeValue value = item.get(name);
            if (value == null || value.s() == null) {
                throw new IllegalArgumentException("a " + entity.wireName() + " item without the string key attribute '" + name + "'");
            }
            values.add(value.s());
        }
        return new ItemKey(entity, values);
    }

    /** {@code note:<id>} or {@code reply:<noteId>/<id>}. */
    public String ref() {
        return entity.wireName() + ":" + String.join("/", values);
    }

    /** True if {@code ref} has the form of a key name ({@code note:<id>} or {@code reply:<noteId>/<id>}). */
    public static boolean looksLikeRef(String ref) {
        return ref.matches("note:[^/]+") || ref.matches("reply:[^/]+/.+");
    }

    /** The key as DynamoDB takes it. */
    public Map<String, AttributeValue> attributes() {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            key.put(entity.keyAttributes().get(i), AttributeValue.fromS(values.get(i)));
        }
        return key;
    }

    @Override
    public int compareTo(ItemKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return ref();
    }
}
