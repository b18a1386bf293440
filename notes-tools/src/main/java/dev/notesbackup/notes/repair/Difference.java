package dev.notesbackup.notes.repair;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item that is not in the live table as it was at the copy's time T.
 *
 * @param kind what happened since T
 * @param key  the item's key
 * @param asOf the item in the copy (as of T); null if it was ADDED since
 * @param live the item in the live table; null if it was DELETED since
 */
public record Difference(Kind kind, ItemKey key, Map<String, AttributeValue> asOf, Map<String, AttributeValue> live) {
    public enum Kind {
        /** In both, with other attributes or values. */
        CHANGED,
        /** In the copy, not in the live table. */
        DELETED,
        /** In the live table, not in the copy. */
        ADDED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Difference {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        if ((asOf == null) != (kind == Kind.ADDED) || (live == null) != (kind == Kind.DELETED)) {
            throw new IllegalArgumentException("a " + kind.word() + " item needs " + switch (kind) {
                case CHANGED -> "both the copy's and the live item";
                case DELETED -> "the copy's item and no live one";
                case ADDED -> "the live item and none in the copy";
            });
        }
        asOf = asOf == null ? null : Map.copyOf(asOf);
        live = live == null ? null : Map.copyOf(live);
    }

    /** The names of the attributes that differ (present in one only, or with other values), sorted. */
    public SortedSet<String> changedAttributes() {
        SortedSet<String> names = new TreeSet<>();
        Map<String, AttributeValue> before = asOf == null ? Map.of() : asOf;
        Map<String, AttributeValue> after = live == null ? Map.of() : live;
        names.addAll(before.keySet());
        names.addAll(after.keySet());
        names.removeIf(name -> Objects.equals(before.get(name), after.get(name)));
        return names;
    }
}
