package dev.notesbackup.notes.repair;

import dev.notesbackup.notes.store.Entity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What changed in the live tables since the copy's time T, by primary key: items changed, deleted
 * and added. Pure: it compares what two scans returned, in any order, and lists the differences in
 * one order ({@link ItemKey}'s: notes first, then by key), whatever order the scans had.
 */
public record NotesDiff(List<Difference> differences) {
    public NotesDiff {
        differences = differences.stream().sorted(Comparator.comparing(Difference::key)).toList();
    }

    /** The differences of one table: {@code asOf} are the copy's items, {@code live} the live table's. */
    public static List<Difference> compare(Entity entity, Collection<Map<String, AttributeValue>> asOf,
                                           Collection<Map<String, AttributeValue>> live) {
        Map<ItemKey, Map<String, AttributeValue>> copyByKey = byKey(entity, asOf, "copy");
        Map<ItemKey, Map<String, AttributeValue>> liveByKey = byKey(entity, live, "live table");
        List<Difference> differences = new ArrayList<>();
        copyByKey.forEach((key, copyItem) -> {
            Map<String, AttributeValue> liveItem = liveByKey.get(key);
            if (liveItem == null) {
                differences.add(new Difference(Difference.Kind.DELETED, key, copyItem, null));
            } else if (!liveItem.equals(copyItem)) {
                differences.add(new Difference(Difference.Kind.CHANGED, key, copyItem, liveItem));
            }
        });
        liveByKey.forEach((key, liveItem) -> {
            if (!copyByKey.containsKey(key)) {
                differences.add(new Difference(Difference.Kind.ADDED, key, null, liveItem));
            }
        });
        return differences;
    }

    private static Map<ItemKey, Map<String, AttributeValue>> byKey(Entity entity, Collection<Map<String, AttributeValue>> items,
                                                                  String where) {
        Map<ItemKey, Map<String, AttributeValue>> byKey = new HashMap<>();
        for (Map<String, AttributeValue> item : items) {
            if (byKey.put(ItemKey.of(entity, item), item) != null) {
                throw new IllegalStateException("the " + where + " returned the " + entity.wireName() + " "
                        + ItemKey.of(entity, item).ref() + " twice");
            }
        }
        return byKey;
    }

    public List<Difference> of(Difference.Kind kind) {
        return differences.stream().filter(d -> d.kind() == kind).toList();
    }

    public boolean isEmpty() {
        return differences.isEmpty();
    }

    /** The difference for a key name ({@link ItemKey#ref()}), by name. */
    public Map<String, Difference> byRef() {
        Map<String, Difference> byRef = new LinkedHashMap<>();
        differences.forEach(d -> byRef.put(d.key().ref(), d));
        return byRef;
    }

    /** {@code changed 2, deleted 1, added 3} */
    public String counts() {
        return "changed " + of(Difference.Kind.CHANGED).size() + ", deleted " + of(Difference.Kind.DELETED).size()
                + ", added " + of(Difference.Kind.ADDED).size();
    }
}
