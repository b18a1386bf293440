package dev.notesbackup.notes.repair;

import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.store.AttributeValues;
import dev.notesbackup.notes.store.InsertLog;
import dev.notesbackup.notes.store.ItemFormatException;
import dev.notesbackup.notes.store.ItemMapper;
import dev.notesbackup.notes.store.NotesRepository;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Writes chosen items of the copy back to the live tables, or (a dry run) says what it would write.
 * <ul>
 *   <li>deleted since T: the copy's item, put as the API inserts ({@link NotesRepository#conditionalPut}: only if the key is still free);</li>
 *   <li>changed since T: the copy's item, put only if the live item is still what the diff saw ({@link UnchangedCondition});</li>
 *   <li>added since T, only when the operator named it: deleted, under the same condition.</li>
 * </ul>
 * Every put is announced first on the {@link InsertLog}, the API's write-ahead log (its line, its
 * digest), so a later recovery from the log includes it. The log has no delete event: a deletion
 * is in this report only, with the item it removed. A write whose condition fails is skipped and
 * reported, never forced. A changed or added item is also read (strongly consistent) just before
 * its write and skipped unless it is exactly what the diff saw, attributes the condition cannot name included.
 */
public final class Repairer {
    /** What a repair did (or, dry, would do). */
    public record Summary(boolean dryRun, int restored, int deleted, int skipped, int failed) {
        public String describe() {
            return dryRun
                    ? "repair (dry run, nothing written): would restore " + restored + ", would delete " + deleted
                    : "repair: restored " + restored + ", deleted " + deleted + ", skipped " + skipped + ", failed " + failed;
        }

        /** OK when every chosen item was written; FAILED when some were skipped (changed meanwhile) or failed. */
        public int exitCode() {
            return skipped > 0 || failed > 0 ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }

    private final DynamoDbClient db;
    private final NotesTables live;
    private final InsertLog log;
    private final String requestId;
    private final Consumer<String> out;

    /**
     * @param log       the write-ahead log the puts are announced on; null for a dry run
     * @param requestId the log lines' requestId, one per repair run
     */
    public Repairer(DynamoDbClient db, NotesTables live, InsertLog log, String requestId, Consumer<String> out) {
        this.db = db;
        this.live = live;
        this.log = log;
        this.requestId = requestId;
        this.out = out;
    }

    /**
     * Checks, before anything is written, that each item to put back is one the API could have
     * written (its log line must replay); throws RecoveryException naming those that are not.
     */
    public static void checkRestorable(List<Difference> chosen) {
        List<String> bad = chosen.stream().filter(d -> d.kind() != Difference.Kind.ADDED).flatMap(d -> {
            try {
                ItemMapper.check(d.key().entity(), d.asOf());
                return Stream.<String>empty();
            } catch (ItemFormatException e) {
                return Stream.of(d.key().ref() + " (" + e.getMessage() + ")");
            }
        }).toList();
        if (!bad.isEmpty()) {
            throw new RecoveryException("the copy's item is not a valid note or reply, so the repair would log a line no replay"
                    + " accepts; nothing was written: " + String.join("; ", bad));
        }
    }

    public Summary dryRun(List<Difference> chosen) {
        int restore = 0;
        for (Difference d : chosen) {
            out.accept("would " + action(d));
            restore += d.kind() == Difference.Kind.ADDED ? 0 : 1;
        }
        return new Summary(true, restore, chosen.size() - restore, 0, 0);
    }

    public Summary apply(List<Difference> chosen) {
        int restored = 0;
        int deleted = 0;
        int skipped = 0;
        int failed = 0;
        for (Difference d : chosen) {
            String table = live.table(d.key().entity());
            try {
                boolean written = (d.kind() == Difference.Kind.DELETED || d.live().equals(current(table, d))) && write(d, table);
                if (!written) {
                    out.accept("skipped " + d.key().ref() + ": " + (d.kind() == Difference.Kind.DELETED
                            ? "an item with this key was written after the diff" : "the live item changed after the diff")
                            + "; left as it is (run 'diff' again to see it)");
                    skipped++;
                } else if (d.kind() == Difference.Kind.ADDED) {
                    out.accept("deleted " + d.key().ref() + " from " + table + " (not in the write-ahead log, which has no"
                            + " delete event); it was " + describe(d.live()));
                    deleted++;
                } else {
                    out.accept("restored " + d.key().ref() + " in " + table + " (" + d.kind().word() + " since the copy's time)");
                    restored++;
                }
            } catch (SdkException e) {
                out.accept("failed " + d.key().ref() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
                failed++;
            }
        }
        return new Summary(false, restored, deleted, skipped, failed);
    }

    /** The conditional write; false if its condition failed (the item was written meanwhile). */
    private boolean write(Difference d, String table) {
        try {
            if (d.kind() == Difference.Kind.ADDED) {
                UnchangedCondition unchanged = UnchangedCondition.of(d.live(), Set.of());
                db.deleteItem(DeleteItemRequest.builder().tableName(table).key(d.key().attributes())
                        .conditionExpression(unchanged.expression())
                        .expressionAttributeNames(unchanged.names())
                        .expressionAttributeValues(unchanged.values())
                        .build());
            } else {
                // the line first, as the API does: no put without its line
                log.recordPut(d.key().entity(), table, d.asOf(), requestId);
                db.putItem(put(d, table));
            }
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * The live item now, strongly consistent: the condition of the write checks every attribute the diff
     * saw, but no condition can say "and no other attribute", so an attribute added meanwhile is caught here.
     */
    private Map<String, AttributeValue> current(String table, Difference d) {
        GetItemResponse response = db.getItem(GetItemRequest.builder().tableName(table).key(d.key().attributes())
                .consistentRead(true).build());
        return response.hasItem() ? response.item() : null;
    }

    private static PutItemRequest put(Difference d, String table) {
        if (d.kind() == Difference.Kind.DELETED) {
            return NotesRepository.conditionalPut(d.key().entity(), table, d.asOf());
        }
        UnchangedCondition unchanged = UnchangedCondition.of(d.live(), d.asOf().keySet());
        return PutItemRequest.builder().tableName(table).item(d.asOf())
                .conditionExpression(unchanged.expression())
                .expressionAttributeNames(unchanged.names())
                .expressionAttributeValues(unchanged.values())
                .build();
    }

    private String action(Difference d) {
        String table = live.table(d.key().entity());
        return switch (d.kind()) {
            case CHANGED -> "restore " + d.key().ref() + " in " + table + " (changed since the copy's time: "
                    + String.join(", ", d.changedAttributes()) + "), to " + describe(d.asOf());
            case DELETED -> "restore " + d.key().ref() + " in " + table + " (deleted since the copy's time), as "
                    + describe(d.asOf());
            case ADDED -> "delete " + d.key().ref() + " from " + table + " (added since the copy's time), now "
                    + describe(d.live());
        };
    }

    /** The item as plain JSON; one holding a type plain JSON has not (sets, binary) as the SDK prints it. */
    private static String describe(Map<String, AttributeValue> item) {
        try {
            return Json.write(new TreeMap<>(AttributeValues.toPlain(item)));
        } catch (IllegalArgumentException e) {
            return item.toString();
        }
    }
}
