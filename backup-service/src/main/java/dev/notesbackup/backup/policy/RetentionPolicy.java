package dev.notesbackup.backup.policy;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides which backups of one table may be deleted. Pure: no I/O, no clock of its own.
 *
 * <p>Only AVAILABLE USER backups that this service named for this table are ever deleted, and only
 * when the table's backup succeeded in this run (or, for a dry run or a preview, is planned). Every backup of ours belongs to the schedule slot
 * its name carries; a slot's <em>first copy</em> is its available backup with the smallest ARN
 * (DynamoDB's backup ARNs end in the creation time in milliseconds and a random part, so this is
 * the first made; unlike a timestamp, an ARN reads the same in every response, so every run that
 * sees two copies agrees on which one stays). Then a backup is deleted if it is a later copy of a slot (overlapping deliveries of one
 * event can each make one; the first copy stays, whatever its age), or if it was created before
 * {@code now - retention} and its slot is not among the {@code keepAtLeast} newest slots that have
 * an available backup. So keep-at-least counts distinct slots, never two copies of one.
 *
 * <p>The decision is monotone in what has been seen: more backups can only add newer slots (which
 * push older ones out of the newest N) or an earlier first copy (which makes the previous first
 * copy a later one), so a KEEP may become a DELETE but never the other way round, and the run may
 * act on a partial listing.
 */
public final class RetentionPolicy {
    private static final Comparator<BackupInfo> NEWEST_FIRST =
            Comparator.comparing(BackupInfo::created).reversed().thenComparing(BackupInfo::arn);

    private RetentionPolicy() {
    }

    /** Every backup of {@code backups} with its verdict, in the input's order. */
    public static Map<BackupInfo, Verdict> evaluate(
            String table, Collection<BackupInfo> backups, TableFate fate, Instant now, RetentionRules rules) {
        Instant cutoff = now.minus(rules.retention());
        Map<Instant, BackupInfo> firstCopies = firstCopies(table, backups, rules);
        Set<Instant> newestSlots = slotsWithABackup(table, firstCopies, fate, rules).stream()
                .sorted(Comparator.reverseOrder())
                .limit(rules.keepAtLeast())
                .collect(Collectors.toSet());
        Map<BackupInfo, Verdict> verdicts = new LinkedHashMap<>();
        for (BackupInfo backup : backups) {
            verdicts.put(backup, verdict(backup, table, fate, cutoff, rules, firstCopies, newestSlots));
        }
        return verdicts;
    }

    /** The backups {@link #evaluate} marks for deletion, oldest first. */
    public static List<BackupInfo> toDelete(
            String table, Collection<BackupInfo> backups, TableFate fate, Instant now, RetentionRules rules) {
        return evaluate(table, backups, fate, now, rules).entrySet().stream()
                .filter(e -> e.getValue().deletes())
                .map(Map.Entry::getKey)
                .sorted(NEWEST_FIRST.reversed())
                .toList();
    }

    /**
     * True while newer backups not yet seen could still change a verdict on a backup created before
     * the cutoff: some available first copy of ours created before it has fewer than
     * {@code keepAtLeast} slots with a backup (a planned one included) newer than its own slot among
     * {@code seen}, so its slot may still be among the newest kept. Once false, no backup created at
     * or after the cutoff that comes into view changes such a verdict, as it can only add a slot
     * (an earlier first copy of an expired slot it cannot be: DynamoDB's ARNs begin with the
     * creation time). What the table's fate allows does not count here, as a table not yet backed
     * up may be by the time its backups are decided. Lets a listing stop short of the backups
     * within the retention period once keep-at-least is decided.
     */
    public static boolean awaitsNewerSlots(
            String table, Collection<BackupInfo> seen, TableFate fate, Instant now, RetentionRules rules) {
        Instant cutoff = now.minus(rules.retention());
        Map<Instant, BackupInfo> firstCopies = firstCopies(table, seen, rules);
        Optional<Instant> newestExpired = firstCopies.entrySet().stream()
                .filter(e -> e.getValue().created().isBefore(cutoff))
                .map(Map.Entry::getKey)
                .max(Comparator.naturalOrder());
        if (newestExpired.isEmpty()) {
            return false;
        }
        long newer = slotsWithABackup(table, firstCopies, fate, rules).stream().filter(s -> s.isAfter(newestExpired.get())).count();
        return newer < rules.keepAtLeast();
    }

    /** Per slot, its first copy: the available backup of ours with the smallest ARN. */
    private static Map<Instant, BackupInfo> firstCopies(String table, Collection<BackupInfo> backups, RetentionRules rules) {
        Map<Instant, BackupInfo> firstCopies = new HashMap<>();
        for (BackupInfo backup : backups) {
            if (backup.tableName().equals(table) && backup.isAvailable() && isOurs(backup, table, rules)) {
                firstCopies.merge(slotOf(backup, table, rules), backup, (a, b) -> a.arn().compareTo(b.arn()) <= 0 ? a : b);
            }
        }
        return firstCopies;
    }

    /** The slots that keep-at-least counts: those with an available backup of ours, and a planned backup's. */
    private static Set<Instant> slotsWithABackup(String table, Map<Instant, BackupInfo> firstCopies, TableFate fate, RetentionRules rules) {
        Set<Instant> slots = new HashSet<>(firstCopies.keySet());
        if (fate instanceof TableFate.Planned planned) {
            // the planned backup is its slot's available copy, though it has no ARN yet (an existing one stays first)
            slots.add(BackupNames.slotOf(rules.namePrefix(), table, planned.backupName()).orElseThrow(() ->
                    new IllegalArgumentException("the planned backup " + planned.backupName() + " is not named by this service for " + table)));
        }
        return slots;
    }

    public static boolean isOurs(BackupInfo backup, String table, RetentionRules rules) {
        return backup.isUserBackup() && BackupNames.isOurs(rules.namePrefix(), table, backup.name());
    }

    private static Instant slotOf(BackupInfo backup, String table, RetentionRules rules) {
        return BackupNames.slotOf(rules.namePrefix(), table, backup.name()).orElseThrow();
    }

    private static Verdict verdict(BackupInfo backup, String table, TableFate fate, Instant cutoff,
                                   RetentionRules rules, Map<Instant, BackupInfo> firstCopies, Set<Instant> newestSlots) {
        if (!backup.tableName().equals(table)) {
            return Verdict.KEEP_OTHER_TABLE;
        }
        if (!isOurs(backup, table, rules)) {
            return Verdict.KEEP_NOT_OURS;
        }
        if (!backup.isAvailable()) {
            return Verdict.KEEP_NOT_AVAILABLE;
        }
        Instant slot = slotOf(backup, table, rules);
        if (!firstCopies.get(slot).arn().equals(backup.arn())) {
            return fate.allowsPruning() ? Verdict.DELETE_LATER_COPY : Verdict.KEEP_TABLE_NOT_BACKED_UP;
        }
        if (newestSlots.contains(slot)) {
            return Verdict.KEEP_NEWEST_N;
        }
        if (!backup.created().isBefore(cutoff)) {
            return Verdict.KEEP_WITHIN_RETENTION;
        }
        if (!fate.allowsPruning()) {
            return Verdict.KEEP_TABLE_NOT_BACKED_UP;
        }
        return Verdict.DELETE;
    }
}
