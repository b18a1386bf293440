package dev.notesbackup.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What AWS does to a ListBackups result and moto does not: the BackupType and time-range filters,
 * a stable order, and paging with Limit / ExclusiveStartBackupArn / LastEvaluatedBackupArn.
 * Pure: works on backup summaries as JSON objects.
 */
final class BackupListing {
    static final Set<String> BACKUP_TYPES = Set.of("USER", "SYSTEM", "AWS_BACKUP", "ALL");
    static final int MAX_LIMIT = 100;

    /** Sort and resume key of a summary: creation time (epoch seconds), then ARN. */
    record Key(BigDecimal created, String arn) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparing(Key::created).thenComparing(Key::arn);

        static Key of(JsonNode summary) {
            return new Key(BackupListing.created(summary), summary.path("BackupArn").asText(""));
        }

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    /**
     * A ListBackups request's fields, validated as AWS validates them.
     *
     * @param tableName the table (a name or its ARN), or null for the account
     * @param exclusiveStartBackupArn where the previous page ended, or null
     */
    record Request(String tableName, String backupType, BigDecimal lowerBound, BigDecimal upperBound, int limit,
                   String exclusiveStartBackupArn) {
        /** The request's fields; a Limit outside 1..100 or an unknown BackupType is AWS's ValidationException. */
        static Request parse(JsonNode request, int defaultLimit) {
            String type = request.path("BackupType").asText("USER");
            if (!BACKUP_TYPES.contains(type)) {
                throw DynamoDbError.validation("1 validation error detected: Value '" + type
                        + "' at 'backupType' failed to satisfy constraint: Member must satisfy enum value set: " + BACKUP_TYPES);
            }
            int limit = request.has("Limit") ? request.get("Limit").asInt(0) : defaultLimit;
            if (limit < 1 || limit > MAX_LIMIT) {
                throw DynamoDbError.validation("1 validation error detected: Value '" + request.get("Limit")
                        + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100");
            }
            return new Request(text(request, "TableName"), type, decimal(request.get("TimeRangeLowerBound")),
                    decimal(request.get("TimeRangeUpperBound")), limit, text(request, "ExclusiveStartBackupArn"));
        }

        Query query(Key startAfter) {
            return new Query(backupType, lowerBound, upperBound, limit, startAfter);
        }

        /** AWS's answer to an ExclusiveStartBackupArn that names no position it knows. */
        DynamoDbError invalidStart() {
            return DynamoDbError.validation("Invalid ExclusiveStartBackupArn: " + exclusiveStartBackupArn);
        }

        private static String text(JsonNode request, String field) {
            return request.hasNonNull(field) ? request.get(field).asText() : null;
        }

        private static BigDecimal decimal(JsonNode node) {
            if (node == null || node.isNull()) {
                return null;
            }
            return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText());
        }
    }

    /**
     * One ListBackups request's filters and position.
     *
     * @param backupType USER, SYSTEM, AWS_BACKUP or ALL
     * @param lowerBound inclusive, epoch seconds, or null
     * @param upperBound exclusive, epoch seconds, or null
     * @param limit 1..100
     * @param startAfter resume after this key, or null for the first page
     */
    record Query(String backupType, BigDecimal lowerBound, BigDecimal upperBound, int limit, Key startAfter) {
    }

    record Page(List<ObjectNode> summaries, String lastEvaluatedBackupArn) {
    }

    private BackupListing() {
    }

    static Page page(List<ObjectNode> all, Query query) {
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode summary : all) {
            if (matches(summary, query)) {
                matching.add(summary);
            }
        }
        matching.sort(Comparator.comparing(Key::of));
        int from = 0;
        if (query.startAfter() != null) {
            while (from < matching.size() && Key.of(matching.get(from)).compareTo(query.startAfter()) <= 0) {
                from++;
            }
        }
        int to = Math.min(matching.size(), from + query.limit());
        String last = to < matching.size() ? matching.get(to - 1).path("BackupArn").asText() : null;
        return new Page(List.copyOf(matching.subList(from, to)), last);
    }

    private static boolean matches(JsonNode summary, Query query) {
        String type = summary.path("BackupType").asText("USER");
        if (!"ALL".equals(query.backupType()) && !query.backupType().equals(type)) {
            return false;
        }
        BigDecimal created = created(summary);
        if (query.lowerBound() != null && created.compareTo(query.lowerBound()) < 0) {
            return false;
        }
        return query.upperBound() == null || created.compareTo(query.upperBound()) < 0;
    }

    static BigDecimal created(JsonNode summary) {
        JsonNode created = summary.path("BackupCreationDateTime");
        return created.isNumber() ? created.decimalValue() : BigDecimal.ZERO;
    }
}
