package dev.notesbackup.notes.repair;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A condition that holds only while the live item is still what the diff saw: every attribute it
 * had, with the same value, and none of {@code absent} (the copy's attributes it did not have). So
 * a repair never clobbers a write made after the diff: that write fails the condition and the item
 * is reported as skipped.
 *
 * @param expression the ConditionExpression
 * @param names      its ExpressionAttributeNames
 * @param values     its ExpressionAttributeValues
 */
public record UnchangedCondition(String expression, Map<String, String> names, Map<String, AttributeValue> values) {

    public static UnchangedCondition of(Map<String, AttributeValue> seen, Set<String> absent) {
        StringJoiner expression = new StringJoiner(" AND ");
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        int i = 0;
        for (String name : new TreeSet<>(seen.keySet())) {
            names.put("#a" + i, name);
            values.put(":v" + i, seen.get(name));
            expression.add("#a" + i + " = :v" + i);
            i++;
        }
        for (String name : new TreeSet<>(absent)) {
            if (!seen.containsKey(name)) {
                names.put("#a" + i, name);
                expression.add("attribute_not_exists(#a" + i + ")");
                i++;
            }
        }
        return new UnchangedCondition(expression.toString(), Map.copyOf(names), Map.copyOf(values));
    }
}
