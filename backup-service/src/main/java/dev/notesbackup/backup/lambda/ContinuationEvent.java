package dev.notesbackup.backup.lambda;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.notesbackup.backup.json.Json;
import dev.notesbackup.backup.run.Continuation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The event that starts a continuation: shaped like the EventBridge scheduled event the function
 * takes (its {@code time} is the slot's), so one handler and one input type serve both, with
 * {@code detail-type} {@value #DETAIL_TYPE} and the {@link Continuation} in {@code detail}.
 *
 * <p>Backup ARNs are written without the part every ARN of a table shares ({@code
 * arn:aws:dynamodb:<region>:<account>:table/<table>/backup/}), which is written once, so that the
 * deletions of the account maximum's 10,000 tables fit Lambda's 1 MB for an asynchronous
 * invocation; what does not fit under {@link #MAX_PAYLOAD_CHARS} is left out and counted.
 */
public final class ContinuationEvent {
    public static final String DETAIL_TYPE = "Backup continuation";
    public static final String SOURCE = "dev.notesbackup.backup";
    /** Below Lambda's 1,048,576 bytes for an asynchronous invocation, with room for the envelope. */
    static final int MAX_PAYLOAD_CHARS = 1_000_000;
    private static final String TABLE_ARNS = ":table/";
    private static final String BACKUP_PART = "/backup/";

    /**
     * The payload to invoke the function with.
     *
     * @param json       the event
     * @param leftOut    deletions that did not fit and wait for the next slot
     * @param tablesLeftOut tables not reached, or not exported into the vault, that did not fit (they wait
     *                      for a retry or the next slot)
     */
    public record Payload(String json, int leftOut, int tablesLeftOut) {
    }

    private ContinuationEvent() {
    }

    /** The continuation this event carries, or empty for a scheduled event. */
    public static Optional<Continuation> carried(ScheduledEvent event) {
        if (event == null || !DETAIL_TYPE.equals(event.getDetailType())) {
            return Optional.empty();
        }
        if (!SOURCE.equals(event.getSource())) {
            throw new IllegalArgumentException("A '" + DETAIL_TYPE + "' event must come from " + SOURCE + ", not from "
                    + event.getSource());
        }
        Map<String, Object> detail = event.getDetail();
        if (detail == null) {
            throw invalid("it has no detail");
        }
        Object invocation = detail.get("invocation");
        if (!(invocation instanceof Number number) || number.intValue() < 2) {
            throw invalid("detail.invocation must be a whole number from 2, not " + invocation);
        }
        String tablePrefix = detail.get("tableArnPrefix") instanceof String s ? s : "";
        Object complete = detail.get("listingComplete");
        if (!(complete instanceof Boolean listingComplete)) {
            throw invalid("detail.listingComplete must be true or false, not " + complete);
        }
        Object vault = detail.getOrDefault("vault", List.of());
        if (!(vault instanceof List<?> names) || names.stream().anyMatch(n -> !(n instanceof String))) {
            throw invalid("detail.vault must list table names, not " + vault);
        }
        return Optional.of(new Continuation(number.intValue(), arns(detail, "deletions", tablePrefix),
                arns(detail, "toBackUp", tablePrefix), listingComplete, names.stream().map(String.class::cast).toList()));
    }

    /** The event for {@code next}, keeping from {@code scheduled} its account and region. */
    public static Payload of(Instant slot, Continuation next, ScheduledEvent scheduled) {
        String tablePrefix = tableArnPrefix(next);
        int[] budget = {MAX_PAYLOAD_CHARS - 2_000};
        int[] leftOut = {0, 0};
        // the tables not backed up first: a slot without a table's backup is worse than a deletion a day late
        Map<String, List<String>> toBackUp = fitting(next.toBackUp(), tablePrefix, budget, leftOut, true);
        List<String> vaultTables = new ArrayList<>();
        for (String table : next.vaultTables()) {
            if (table.length() + 3 <= budget[0]) {
                vaultTables.add(table);
                budget[0] -= table.length() + 3;
            } else {
                leftOut[1]++;
            }
        }
        Map<String, List<String>> deletions = fitting(next.deletions(), tablePrefix, budget, leftOut, false);
        String json = Json.line(out -> {
            out.writeStartObject();
            out.writeStringField("version", "0");
            out.writeStringField("id", UUID.randomUUID().toString());
            out.writeStringField("detail-type", DETAIL_TYPE);
            out.writeStringField("source", SOURCE);
            if (scheduled != null && scheduled.getAccount() != null) {
                out.writeStringField("account", scheduled.getAccount());
            }
            out.writeStringField("time", slot.toString());
            if (scheduled != null && scheduled.getRegion() != null) {
                out.writeStringField("region", scheduled.getRegion());
            }
            out.writeArrayFieldStart("resources");
            out.writeEndArray();
            out.writeObjectFieldStart("detail");
            out.writeNumberField("invocation", next.invocation());
            out.writeBooleanField("listingComplete", next.listingComplete());
            out.writeStringField("tableArnPrefix", tablePrefix);
            out.writeArrayFieldStart("vault");
            for (String table : vaultTables) {
                out.writeString(table);
            }
            out.writeEndArray();
            for (var section : List.of(Map.entry("deletions", deletions), Map.entry("toBackUp", toBackUp))) {
                out.writeObjectFieldStart(section.getKey());
                for (Map.Entry<String, List<String>> table : section.getValue().entrySet()) {
                    out.writeArrayFieldStart(table.getKey());
                    for (String entry : table.getValue()) {
                        out.writeString(entry);
                    }
                    out.writeEndArray();
                }
                out.writeEndObject();
            }
            out.writeEndObject();
            out.writeEndObject();
        });
        return new Payload(json, leftOut[0], leftOut[1]);
    }

    /** Each table's ARNs, shortened, while they fit the budget; a table not reached is kept whole or not at all. */
    private static Map<String, List<String>> fitting(Map<String, List<String>> tables, String tablePrefix, int[] budget,
                                                     int[] leftOut, boolean wholeTables) {
        Map<String, List<String>> fit = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> table : tables.entrySet()) {
            String own = tablePrefix + table.getKey() + BACKUP_PART;
            List<String> entries = new ArrayList<>();
            int cost = table.getKey().length() + 8;
            for (String arn : table.getValue()) {
                entries.add(!tablePrefix.isEmpty() && arn.startsWith(own) ? arn.substring(own.length()) : arn);
                cost += entries.get(entries.size() - 1).length() + 3;
            }
            if (cost <= budget[0]) {
                fit.put(table.getKey(), entries);
                budget[0] -= cost;
            } else if (wholeTables) {
                leftOut[0] += entries.size();
                leftOut[1]++;
            } else {
                int fits = 0;
                int room = budget[0] - table.getKey().length() - 8;
                while (fits < entries.size() && room >= entries.get(fits).length() + 3) {
                    room -= entries.get(fits).length() + 3;
                    fits++;
                }
                if (fits > 0) {
                    fit.put(table.getKey(), entries.subList(0, fits));
                    budget[0] = room;
                }
                leftOut[0] += entries.size() - fits;
            }
        }
        return fit;
    }

    /** {@code arn:...:table/} of the first backup ARN, which every ARN of the account and region shares. */
    private static String tableArnPrefix(Continuation next) {
        return java.util.stream.Stream.concat(next.deletions().values().stream(), next.toBackUp().values().stream())
                .flatMap(List::stream)
                .filter(arn -> arn.startsWith("arn:") && arn.contains(TABLE_ARNS))
                .map(arn -> arn.substring(0, arn.indexOf(TABLE_ARNS) + TABLE_ARNS.length()))
                .findFirst().orElse("");
    }

    private static Map<String, List<String>> arns(Map<String, Object> detail, String field, String tablePrefix) {
        Object value = detail.getOrDefault(field, Map.of());
        if (!(value instanceof Map<?, ?> tables)) {
            throw invalid("detail." + field + " must map table names to lists of backup ARNs");
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> table : tables.entrySet()) {
            if (!(table.getKey() instanceof String name) || !(table.getValue() instanceof List<?> entries)) {
                throw invalid("detail." + field + " must map table names to lists of backup ARNs, not " + table);
            }
            List<String> arns = new ArrayList<>();
            for (Object entry : entries) {
                if (!(entry instanceof String text) || text.isBlank()) {
                    throw invalid("detail." + field + "." + name + " holds " + entry + ", not a backup ARN");
                }
                arns.add(text.startsWith("arn:") ? text : tablePrefix + name + BACKUP_PART + text);
            }
            result.put(name, arns);
        }
        return result;
    }

    private static IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException("Not a continuation event the backup function made: " + why);
    }
}
