package dev.notesbackup.notes.repair;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the operator chose to write back: keys by name, all changed, all deleted; and, only when
 * named, items the bad deploy added, to delete. Nothing is chosen by default.
 *
 * @param keys        changed or deleted items by name ({@code --key})
 * @param allChanged  every changed item
 * @param allDeleted  every deleted item
 * @param deleteAdded added items by name, to delete ({@code --delete-added})
 * @param allAdded    every added item, to delete
 */
public record RepairChoice(List<String> keys, boolean allChanged, boolean allDeleted, List<String> deleteAdded, boolean allAdded) {
    public RepairChoice {
        keys = List.copyOf(keys);
        deleteAdded = List.copyOf(deleteAdded);
    }

    public boolean isEmpty() {
        return keys.isEmpty() && !allChanged && !allDeleted && deleteAdded.isEmpty() && !allAdded;
    }

    /**
     * The differences chosen, in the diff's order; throws IllegalArgumentException naming each key
     * that is not a key name, not in the diff, or chosen with the wrong option.
     */
    public List<Difference> select(NotesDiff diff) {
        Map<String, Difference> byRef = diff.byRef();
        List<String> problems = new ArrayList<>();
        Map<String, Difference> chosen = new LinkedHashMap<>();
        for (String ref : keys) {
            Difference d = find(byRef, ref, problems);
            if (d != null && d.kind() == Difference.Kind.ADDED) {
                problems.add(ref + " was added since the copy's time, not changed or deleted: it can only be deleted,"
                        + " and only with --delete-added " + ref);
            } else if (d != null) {
                chosen.put(ref, d);
            }
        }
        for (String ref : deleteAdded) {
            Difference d = find(byRef, ref, problems);
            if (d != null && d.kind() != Difference.Kind.ADDED) {
                problems.add(ref + " was " + d.kind().word() + " since the copy's time, not added: choose it with --key " + ref);
            } else if (d != null) {
                chosen.put(ref, d);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        for (Difference d : diff.differences()) {
            if (allChanged && d.kind() == Difference.Kind.CHANGED || allDeleted && d.kind() == Difference.Kind.DELETED
                    || allAdded && d.kind() == Difference.Kind.ADDED) {
                chosen.put(d.key().ref(), d);
            }
        }
        return diff.differences().stream().filter(d -> chosen.containsKey(d.key().ref())).toList();
    }

    private static Difference find(Map<String, Difference> byRef, String ref, List<String> problems) {
        if (!ItemKey.looksLikeRef(ref)) {
            problems.add("'" + ref + "' is not a key: expected note:<id> or reply:<noteId>/<id>, as 'diff' prints them");
            return null;
        }
        Difference d = byRef.get(ref);
        if (d == null) {
            problems.add("unknown key " + ref + ": it was not changed, deleted or added since the copy's time"
                    + " ('diff' lists the keys that were)");
        }
        return d;
    }
}
