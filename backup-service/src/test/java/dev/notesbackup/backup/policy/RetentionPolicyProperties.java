package dev.notesbackup.backup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The retention invariants over random backup sets, clocks, prefixes, N and table outcomes.
 * jqwik runs each property 1,000 times by default.
 */
class RetentionPolicyProperties {
    static final String TABLE = "notes";

    record Scenario(List<BackupInfo> backups, Instant now, RetentionRules rules, TableOutcome outcome) {
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
        Arbitrary<TableOutcome> outcomes = Arbitraries.of(TableOutcome.class);
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

    /** Backups of ours and of everyone else: other prefixes, hand-made names, other types, statuses and tables. */
    private Arbitrary<BackupInfo> backup(String prefix, Instant now) {
        Arbitrary<Instant> created = Arbitraries.longs().between(0, 120L * 86_400).map(age -> now.minusSeconds(age));
        Arbitrary<String> table = Arbitraries.of(TABLE, TABLE, TABLE, "notes-old", "replies");
        Arbitrary<String> type = Arbitraries.of("USER", "USER", "USER", "SYSTEM", "AWS_BACKUP");
        Arbitrary<String> status = Arbitraries.of("AVAILABLE", "AVAILABLE", "AVAILABLE", "CREATING", "DELETED");
        Arbitrary<Integer> naming = Arbitraries.integers().between(0, 5);
        return Combinators.combine(created, table, type, status, naming).as((when, t, ty, st, how) -> {
            String name = switch (how) {
                case 0 -> "manual-" + t;
                case 1 -> BackupNames.forSlot("other", t, when);
                case 2 -> prefix + "-manual";
                case 3 -> BackupNames.forSlot(prefix, "notes-old", when);
                default -> BackupNames.forSlot(prefix, t, when);
            };
            return new BackupInfo("tmp", name, t, ty, st, when, 1);
        });
    }

    @Property
    void onlyOurUserBackupsOfThisTableAreEverDeleted(@ForAll("scenarios") Scenario s) {
        for (BackupInfo b : s.deleted()) {
            assertThat(b.tableName()).isEqualTo(TABLE);
            assertThat(b.type()).isEqualTo("USER");
            assertThat(BackupNames.isOurs(s.rules().namePrefix(), TABLE, b.name())).isTrue();
        }
    }

    @Property
    void nothingWithinTheRetentionPeriodIsDeleted(@ForAll("scenarios") Scenario s) {
        Instant cutoff = s.now().minus(s.rules().retention());
        assertThat(s.deleted()).allSatisfy(b -> assertThat(b.created()).isBefore(cutoff));
    }

    @Property
    void theNewestNAvailableBackupsOfOursAlwaysRemain(@ForAll("scenarios") Scenario s) {
        List<BackupInfo> newest = s.backups().stream()
                .filter(b -> RetentionPolicy.isOurs(b, TABLE, s.rules()) && b.tableName().equals(TABLE) && b.isAvailable())
                .sorted(Comparator.comparing(BackupInfo::created).reversed())
                .limit(s.rules().keepAtLeast())
                .toList();
        assertThat(s.deleted()).noneMatch(newest::contains);
        // so at least min(N, how many there were) of ours remain
        long oursBefore = s.backups().stream().filter(b -> RetentionPolicy.isOurs(b, TABLE, s.rules()) && b.isAvailable()).count();
        assertThat(oursBefore - s.deleted().size()).isGreaterThanOrEqualTo(Math.min(s.rules().keepAtLeast(), oursBefore));
    }

    @Property
    void nothingIsDeletedForATableThatWasNotBackedUp(@ForAll("scenarios") Scenario s) {
        if (s.outcome() != TableOutcome.BACKED_UP) {
            assertThat(s.deleted()).isEmpty();
        }
    }

    @Property
    void aBackupThatIsNotAvailableIsNeverDeleted(@ForAll("scenarios") Scenario s) {
        assertThat(s.deleted()).allSatisfy(b -> assertThat(b.status()).isEqualTo("AVAILABLE"));
    }

    @Property
    void everyExpiredBackupOfOursBeyondTheNewestN_isDeleted_whenBackedUp(@ForAll("scenarios") Scenario s) {
        if (s.outcome() != TableOutcome.BACKED_UP) {
            return;
        }
        Instant cutoff = s.now().minus(s.rules().retention());
        List<BackupInfo> ours = s.backups().stream()
                .filter(b -> b.tableName().equals(TABLE) && RetentionPolicy.isOurs(b, TABLE, s.rules()) && b.isAvailable())
                .sorted(Comparator.comparing(BackupInfo::created).reversed().thenComparing(BackupInfo::arn))
                .toList();
        Set<BackupInfo> expected = new HashSet<>();
        for (int i = s.rules().keepAtLeast(); i < ours.size(); i++) {
            if (ours.get(i).created().isBefore(cutoff)) {
                expected.add(ours.get(i));
            }
        }
        assertThat(s.deleted()).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Why the run may act on a partial listing: seeing more backups never un-deletes one. */
    @Property
    void decisionsAreMonotoneInWhatHasBeenSeen(@ForAll("scenarios") Scenario s, @ForAll @IntRange(min = 0, max = 40) int seen) {
        List<BackupInfo> partial = s.backups().subList(0, Math.min(seen, s.backups().size()));
        List<BackupInfo> early = RetentionPolicy.toDelete(TABLE, partial, s.outcome(), s.now(), s.rules());
        assertThat(s.deleted()).containsAll(early);
    }
}
