package dev.notesbackup.backup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.backup.aws.DeletedTableBackups;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * The retention invariants over random backup sets, clocks, prefixes, N and table outcomes.
 * jqwik runs each property 1,000 times by default.
 */
class RetentionPolicyProperties {
    static final String TABLE = "notes";

    record Scenario(List<BackupInfo> backups, Instant now, RetentionRules rules, TableFate outcome) {
        List<BackupInfo> deleted() {
            return RetentionPolicy.toDelete(TABLE, backups, outcome, now, rules);
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<String> prefixes = Arbitraries.of("scheduled", "nightly", "s", "backup.v2", "a-b");
        Arbitrary<Instant> nows = Arbitraries.longs().between(1_600_000_000L, 2_000_000_000L).map(Instant::ofEpochSecond);
        Arbitrary<Integer> retentionDays = Arbitraries.integers().between(0, 60);
        Arbitrary<Integer> keep = Arbitraries.integers().between(1, 8);
        Arbitrary<TableFate> outcomes = Arbitraries.of(TableFate.BACKED_UP, TableFate.NOT_BACKED_UP);
        return Combinators.combine(prefixes, nows, retentionDays, keep, outcomes).flatAs((prefix, now, days, n, outcome) -> {
            RetentionRules rules = new RetentionRules(prefix, Duration.ofDays(days), n);
            return backup(prefix, now).list().ofMaxSize(40).map(list -> {
                List<BackupInfo> unique = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    BackupInfo b = list.get(i);
                    unique.add(new BackupInfo("arn-" + i, b.name(), b.tableName(), b.type(), b.status(), b.created(), b.sizeBytes()));
                }
                return new Scenario(unique, now, rules, outcome);
            });
        });
    }

    /**
     * Backups of ours and of everyone else: other prefixes, hand-made names, other types, statuses
     * and tables. Slots are days before {@code now}, and a copy is made up to an hour after its
     * slot, so several copies of one slot (overlapping deliveries) are common.
     */
    private Arbitrary<BackupInfo> backup(String prefix, Instant now) {
        Arbitrary<Instant> slots = Arbitraries.integers().between(0, 120).map(days -> now.minus(Duration.ofDays(days)).truncatedTo(ChronoUnit.SECONDS));
        Arbitrary<Long> lateBy = Arbitraries.longs().between(0, 3_600);
        Arbitrary<String> table = Arbitraries.of(TABLE, TABLE, TABLE, "notes-old", "replies");
        Arbitrary<String> type = Arbitraries.of("USER", "USER", "USER", "SYSTEM", "AWS_BACKUP");
        Arbitrary<String> status = Arbitraries.of("AVAILABLE", "AVAILABLE", "AVAILABLE", "CREATING", "DELETED");
        Arbitrary<Integer> naming = Arbitraries.integers().between(0, 6);
        return Combinators.combine(slots, lateBy, table, type, status, naming).as((slot, late, t, ty, st, how) -> {
            String name = switch (how) {
                case 0 -> "manual-" + t;
                case 1 -> BackupNames.forSlot("other", t, slot);
                case 2 -> prefix + "-manual";
                case 3 -> BackupNames.forSlot(prefix, "notes-old", slot);
                case 4 -> t + DeletedTableBackups.NAME_SUFFIX; // what DynamoDB names the SYSTEM backup of a deleted table
                default -> BackupNames.forSlot(prefix, t, slot);
            };
            return new BackupInfo("tmp", name, t, ty, st, slot.plusSeconds(late), 1);
        });
    }

    private static List<BackupInfo> availableOurs(Scenario s, List<BackupInfo> backups) {
        return backups.stream()
                .filter(b -> b.tableName().equals(TABLE) && RetentionPolicy.isOurs(b, TABLE, s.rules()) && b.isAvailable())
                .toList();
    }

    private static Instant slot(Scenario s, BackupInfo b) {
        return BackupNames.slotOf(s.rules().namePrefix(), TABLE, b.name()).orElseThrow();
    }

    /** Per slot, its available backups of ours, the first copy (smallest ARN) first. */
    private static TreeMap<Instant, List<BackupInfo>> copiesBySlot(Scenario s, List<BackupInfo> backups) {
        TreeMap<Instant, List<BackupInfo>> slots = new TreeMap<>();
        for (BackupInfo b : availableOurs(s, backups)) {
            slots.computeIfAbsent(slot(s, b), k -> new ArrayList<>()).add(b);
        }
        slots.values().forEach(copies -> copies.sort(Comparator.comparing(BackupInfo::arn)));
        return slots;
    }

    private static List<BackupInfo> remaining(Scenario s) {
        List<BackupInfo> left = new ArrayList<>(s.backups());
        left.removeAll(s.deleted());
        return left;
    }

    @Property
    void prune_deletesOnlyOurUserBackupsOfThisTable_always(@ForAll("scenarios") Scenario s) {
        for (BackupInfo b : s.deleted()) {
            assertThat(b.tableName()).isEqualTo(TABLE);
            assertThat(b.type()).isEqualTo("USER");
            assertThat(BackupNames.isOurs(s.rules().namePrefix(), TABLE, b.name())).isTrue();
        }
    }

    @Property
    void prune_neverDeletesTheBackupDynamoDbKeptOfADeletedTable(@ForAll("scenarios") Scenario s) {
        assertThat(s.deleted()).noneMatch(DeletedTableBackups::isDeletedTableBackup);
    }

    @Property
    void prune_keepsWithinRetention_unlessALaterCopyOfASlot(@ForAll("scenarios") Scenario s) {
        Instant cutoff = s.now().minus(s.rules().retention());
        TreeMap<Instant, List<BackupInfo>> slots = copiesBySlot(s, s.backups());
        for (BackupInfo b : s.deleted()) {
            if (!b.created().isBefore(cutoff)) {
                assertThat(slots.get(slot(s, b)).get(0)).as("first copy of the slot of " + b).isNotEqualTo(b);
            }
        }
    }

    @Property
    void prune_keepsFirstCopy_whenSlotWithinRetention(@ForAll("scenarios") Scenario s) {
        Instant cutoff = s.now().minus(s.rules().retention());
        List<BackupInfo> left = remaining(s);
        copiesBySlot(s, s.backups()).forEach((slot, copies) -> {
            if (!copies.get(0).created().isBefore(cutoff)) {
                assertThat(left).as("first copy of slot " + slot).contains(copies.get(0));
            }
        });
    }

    @Property
    void prune_leavesOneCopyPerSlot_whenBackedUp(@ForAll("scenarios") Scenario s) {
        if (!s.outcome().allowsPruning()) {
            return;
        }
        copiesBySlot(s, remaining(s)).forEach((slot, copies) -> assertThat(copies).as("copies of slot " + slot).hasSize(1));
    }

    @Property
    void prune_keepsNewestNSlots_always(@ForAll("scenarios") Scenario s) {
        TreeMap<Instant, List<BackupInfo>> before = copiesBySlot(s, s.backups());
        TreeMap<Instant, List<BackupInfo>> after = copiesBySlot(s, remaining(s));
        List<Instant> newest = before.descendingKeySet().stream().limit(s.rules().keepAtLeast()).toList();
        assertThat(after.keySet()).containsAll(newest);
        assertThat(after.size()).isGreaterThanOrEqualTo(Math.min(s.rules().keepAtLeast(), before.size()));
    }

    @Property
    void prune_deletesNothing_whenTableNotBackedUp(@ForAll("scenarios") Scenario s) {
        if (!s.outcome().allowsPruning()) {
            assertThat(s.deleted()).isEmpty();
        }
    }

    @Property
    void prune_neverDeletesUnavailableBackup_always(@ForAll("scenarios") Scenario s) {
        assertThat(s.deleted()).allSatisfy(b -> assertThat(b.status()).isEqualTo("AVAILABLE"));
    }

    @Property
    void prune_deletesLaterCopiesAndExpiredSlotsBeyondNewestN_whenBackedUp(@ForAll("scenarios") Scenario s) {
        if (!s.outcome().allowsPruning()) {
            return;
        }
        Instant cutoff = s.now().minus(s.rules().retention());
        TreeMap<Instant, List<BackupInfo>> slots = copiesBySlot(s, s.backups());
        Set<BackupInfo> expected = new HashSet<>();
        int rank = 0;
        for (List<BackupInfo> copies : slots.descendingMap().values()) {
            expected.addAll(copies.subList(1, copies.size()));
            if (rank++ >= s.rules().keepAtLeast() && copies.get(0).created().isBefore(cutoff)) {
                expected.add(copies.get(0));
            }
        }
        assertThat(s.deleted()).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * Why the run's listing may stop short of the days within the retention period: once no
     * expired backup awaits newer slots, the backups created since the cutoff that are not in view
     * change no verdict on one created before it. ARNs follow creation times, as DynamoDB's do.
     */
    @Property
    void awaitsNewerSlots_false_whenNoNewerBackupChangesAVerdictOnAnExpiredOne(
            @ForAll("scenarios") Scenario s, @ForAll @IntRange(min = 0, max = 40) int younger) {
        List<BackupInfo> byCreation = new ArrayList<>(s.backups());
        byCreation.sort(Comparator.comparing(BackupInfo::created));
        List<BackupInfo> all = new ArrayList<>();
        for (BackupInfo b : byCreation) {
            all.add(new BackupInfo(String.format("arn-%05d", all.size()), b.name(), b.tableName(), b.type(), b.status(), b.created(), 1));
        }
        Instant cutoff = s.now().minus(s.rules().retention());
        List<BackupInfo> expired = all.stream().filter(b -> b.created().isBefore(cutoff)).toList();
        List<BackupInfo> inView = new ArrayList<>(expired);
        all.stream().filter(b -> !b.created().isBefore(cutoff)).limit(younger).forEach(inView::add);

        boolean awaits = RetentionPolicy.awaitsNewerSlots(TABLE, inView, s.outcome(), s.now(), s.rules());
        String decision = awaits ? "awaits newer slots" : expired.isEmpty() ? "nothing expired" : "decided";
        Statistics.label("expired backups").collect(decision);
        Statistics.label("expired backups").coverage(c -> {
            c.check("decided").percentage(p -> p > 10);
            c.check("awaits newer slots").percentage(p -> p > 10);
        });
        if (!awaits) {
            Map<BackupInfo, Verdict> partial = RetentionPolicy.evaluate(TABLE, inView, s.outcome(), s.now(), s.rules());
            Map<BackupInfo, Verdict> full = RetentionPolicy.evaluate(TABLE, all, s.outcome(), s.now(), s.rules());
            expired.forEach(b -> assertThat(partial.get(b)).as(b.toString()).isEqualTo(full.get(b)));
        }
    }

    /** Why the run may act on a partial listing: seeing more backups never un-deletes one. */
    @Property
    void evaluate_isMonotone_whenMoreBackupsAreSeen(@ForAll("scenarios") Scenario s, @ForAll @IntRange(min = 0, max = 40) int seen) {
        List<BackupInfo> partial = s.backups().subList(0, Math.min(seen, s.backups().size()));
        List<BackupInfo> early = RetentionPolicy.toDelete(TABLE, partial, s.outcome(), s.now(), s.rules());
        assertThat(s.deleted()).containsAll(early);
    }
}
