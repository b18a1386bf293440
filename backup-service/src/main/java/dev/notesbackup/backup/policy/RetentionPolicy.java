package dev.notesbackup.backup.policy;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides which backups of one table may be deleted. Pure: no I/O, no clock of its own.
 *
 * <p>A backup is deleted only if every one of these holds: the table's backup succeeded in this
 * run; the backup is a USER backup named by this service for this table; it is AVAILABLE; it was
 * created before {@code now - retention}; and at least {@code keepAtLeast} newer available backups
 * of ours exist. The last rule makes the decision monotone: seeing more backups of the table can
 * only turn a KEEP into a DELETE through more newer backups, never the other way round, so the
 * run may act on a partial listing.
 */
public final class RetentionPolicy {
    private static final Comparator<BackupInfo> NEWEST_FIRST =
            Comparator.comparing(BackupInfo::created).reversed().thenComparing(BackupInfo::arn);

    private RetentionPolicy() {
    }

    /** Every backup of {@code backups} with its verdict, in the input's order. */
    public static Map<BackupInfo, Verdict> evaluate(
            String table, Collection<BackupInfo> backups, TableOutcome outcome, Instant now, RetentionRules rules) {
        Instant cutoff = now.minus(rules.retention());
        Set<String> newestKeptArns = backups.stream()
                .filter(b -> b.tableName().equals(table) && isOurs(b, table, rules) && b.isAvailable())
                .sorted(NEWEST_FIRST)
                .limit(rules.keepAtLeast())
                .map(BackupInfo::arn)
                .collect(Collectors.toSet());
        Map<BackupInfo, Verdict> verdicts = new LinkedHashMap<>();
        for (BackupInfo backup : backups) {
            verdicts.put(backup, verdict(backup, table, outcome, cutoff, rules, newestKeptArns));
        }
        return verdicts;
    }

    /** The backups {@link #evaluate} marks {@link Verdict#DELETE}, oldest first. */
    public static List<BackupInfo> toDelete(
            String table, Collection<BackupInfo> backups, TableOutcome outcome, Instant now, RetentionRules rules) {
        return evaluate(table, backups, outcome, now, rules).entrySet().stream()
                .filter(e -> e.getValue() == Verdict.DELETE)
                .map(Map.Entry::getKey)
                .sorted(NEWEST_FIRST.reversed())
                .toList();
    }

    public static boolean isOurs(BackupInfo backup, String table, RetentionRules rules) {
        return backup.isUserBackup() && BackupNames.isOurs(rules.namePrefix(), table, backup.name());
    }

    private static Verdict verdict(BackupInfo backup, String table, TableOutcome outcome, Instant cutoff,
                                   RetentionRules rules, Set<String> newestKeptArns) {
        if (!backup.tableName().equals(table)) {
            return Verdict.KEEP_OTHER_TABLE;
        }
        if (!isOurs(backup, table, rules)) {
            return Verdict.KEEP_NOT_OURS;
        }
        if (!backup.isAvailable()) {
            return Verdict.KEEP_NOT_AVAILABLE;
        }
        if (newestKeptArns.contains(backup.arn())) {
            return Verdict.KEEP_NEWEST_N;
        }
        if (!backup.created().isBefore(cutoff)) {
            return Verdict.KEEP_WITHIN_RETENTION;
        }
        if (outcome != TableOutcome.BACKED_UP) {
            return Verdict.KEEP_TABLE_NOT_BACKED_UP;
        }
        return Verdict.DELETE;
    }
}
