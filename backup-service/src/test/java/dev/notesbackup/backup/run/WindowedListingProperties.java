package dev.notesbackup.backup.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.config.RateLimits;
import dev.notesbackup.backup.policy.BackupInfo;
import dev.notesbackup.backup.policy.BackupNames;
import dev.notesbackup.backup.policy.RetentionPolicy;
import dev.notesbackup.backup.policy.RetentionRules;
import dev.notesbackup.backup.policy.TableFate;
import dev.notesbackup.testsupport.InMemoryDynamoDb;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.DeleteBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;

/**
 * The account-wide windowed listing against the full listing, on random accounts: several tables
 * (by name, or by a prefix that also selects tables that vanished), daily or irregular slots, later
 * copies of a slot (some made hours after the first), CREATING and DELETED backups, backups not
 * ours, random retention, keep-at-least, page size, clock (to the millisecond, so that the
 * cutoff falls between seconds) and status of the backups CreateBackup makes. What a run with
 * the full listing deletes is the policy applied to every backup of each table and the run's own
 * new backup: the policy is monotone, so the run's deletions are those of its last decision,
 * which sees everything. Each try is a whole run on its own account, so the tries are fewer than
 * the policy's (300, 300 and 200).
 */
class WindowedListingProperties {
    static final Instant SLOT = Instant.parse("2026-11-25T03:00:00Z");
    static final String PREFIX = BackupConfig.DEFAULT_NAME_PREFIX;

    /** One backup of the account before the run; they are made in the order of their creation times, as ARNs are. */
    record Seed(String table, String name, String type, String status, Instant created) {
    }

    record Scenario(Instant now, int retentionDays, int keepAtLeast, int pageSize, String createdStatus,
                    String selectors, List<String> liveTables, List<Seed> backups) {
        RetentionRules rules() {
            return new RetentionRules(PREFIX, Duration.ofDays(retentionDays), keepAtLeast);
        }
    }

    /** A run of the scenario on its own in-memory account. */
    record Run(Scenario scenario, InMemoryDynamoDb aws, Map<String, BackupSummary> before, RunReport report) {
        Set<String> deleted() {
            return aws.requests(DeleteBackupRequest.class).stream().map(DeleteBackupRequest::backupArn).collect(Collectors.toSet());
        }

        /** The account-wide requests with an upper bound (the expired backups, then the windows), first pages only. */
        List<ListBackupsRequest> ranges() {
            return aws.requests(ListBackupsRequest.class).stream()
                    .filter(r -> r.tableName() == null && r.timeRangeUpperBound() != null && r.exclusiveStartBackupArn() == null)
                    .toList();
        }
    }

    // ---- scenarios ---------------------------------------------------------------------------

    @Provide
    Arbitrary<Scenario> scenarios() {
        // a slot given by hand may lie ahead of the clock
        Arbitrary<Long> nowOffsetMillis = Arbitraries.longs().between(-30 * 60_000L, 15 * 60_000L);
        Arbitrary<Integer> retention = Arbitraries.integers().between(1, 40);
        Arbitrary<Integer> keep = Arbitraries.integers().between(1, 6);
        Arbitrary<Integer> pageSize = Arbitraries.integers().between(1, 40);
        Arbitrary<String> createdStatus = Arbitraries.of("AVAILABLE", "CREATING");
        Arbitrary<Integer> liveCount = Arbitraries.integers().between(1, 6);
        Arbitrary<Integer> goneCount = Arbitraries.integers().between(0, 2);
        Arbitrary<Boolean> byPrefix = Arbitraries.of(true, false);
        return Combinators.combine(nowOffsetMillis, retention, keep, pageSize, createdStatus, liveCount, goneCount, byPrefix)
                .flatAs((offset, days, n, page, status, live, gone, prefix) -> {
                    Instant now = SLOT.plusMillis(offset);
                    List<String> liveTables = IntStream.rangeClosed(1, live).mapToObj(i -> "t-" + i).toList();
                    List<String> goneTables = IntStream.rangeClosed(1, gone).mapToObj(i -> "t-gone-" + i).toList();
                    // a listing per table for up to 3 tables named one by one: only a prefix or more tables list account-wide
                    boolean selectByPrefix = prefix || live <= BackupRun.PER_TABLE_LISTING_MAX_TABLES;
                    List<String> named = new ArrayList<>(liveTables);
                    named.addAll(goneTables); // named but missing: reported MISSING, its backups kept
                    String selectors = selectByPrefix ? "t-*" : String.join(",", named);
                    List<String> withBackups = new ArrayList<>(liveTables);
                    withBackups.addAll(goneTables);
                    withBackups.add("u-other"); // selected by neither: its backups are no concern of the run
                    return Combinators.combine(withBackups.stream().map(t -> backupsOf(t, now, liveTables.contains(t))).toList())
                            .as(lists -> new Scenario(now, days, n, page, status, selectors, liveTables,
                                    lists.stream().flatMap(List::stream).sorted(Comparator.comparing(Seed::created)).toList()));
                });
    }

    /**
     * A table's backups: daily or irregular slots, each with up to 3 copies, and some backups that
     * are not ours; all made at least an hour before the slot. A live table may have this slot's
     * backup already (an earlier delivery made it).
     */
    private Arbitrary<List<Seed>> backupsOf(String table, Instant now, boolean live) {
        Arbitrary<Boolean> daily = Arbitraries.of(true, true, false);
        return daily.flatMap(isDaily -> {
            Arbitrary<Long> ages = isDaily
                    ? Arbitraries.longs().between(1, 45).map(d -> d * 86_400)
                    : Arbitraries.longs().between(10 * 3_600, 45 * 86_400L);
            Arbitrary<List<Seed>> slots = slotCopies(table, ages).list().ofMaxSize(isDaily ? 40 : 20)
                    .uniqueElements(copies -> copies.get(0).name())
                    .map(lists -> lists.stream().flatMap(List::stream).toList());
            Arbitrary<List<Seed>> others = notOurs(table).list().ofMaxSize(3);
            Arbitrary<Boolean> thisSlotMadeAlready = Arbitraries.of(false, false, false, false, true);
            return Combinators.combine(slots, others, thisSlotMadeAlready, Arbitraries.of("AVAILABLE", "CREATING", "DELETED"))
                    .as((ours, theirs, redelivered, status) -> {
                        List<Seed> all = new ArrayList<>(ours);
                        all.addAll(theirs);
                        if (live && redelivered) { // an earlier delivery of this slot's event made its backup
                            all.add(new Seed(table, BackupNames.forSlot(PREFIX, table, SLOT), "USER", status, now.minusSeconds(1)));
                        }
                        return all;
                    });
        });
    }

    /** The copies of one slot {@code age} seconds before the run's: the first up to an hour after the slot, later ones up to 8 hours after that. */
    private Arbitrary<List<Seed>> slotCopies(String table, Arbitrary<Long> ages) {
        Arbitrary<String> status = Arbitraries.of("AVAILABLE", "AVAILABLE", "AVAILABLE", "AVAILABLE", "AVAILABLE", "CREATING", "DELETED");
        Arbitrary<Long> late = Arbitraries.longs().between(0, 3_600);
        Arbitrary<List<Long>> laterBy = Arbitraries.longs().between(1, 8 * 3_600).list().ofMaxSize(2);
        return Combinators.combine(ages, late, laterBy, status.list().ofSize(3)).as((age, first, later, statuses) -> {
            Instant slot = SLOT.minusSeconds(age);
            String name = BackupNames.forSlot(PREFIX, table, slot);
            List<Seed> copies = new ArrayList<>();
            copies.add(new Seed(table, name, "USER", statuses.get(0), slot.plusSeconds(first)));
            for (int i = 0; i < later.size(); i++) {
                copies.add(new Seed(table, name, "USER", statuses.get(i + 1), slot.plusSeconds(first + later.get(i))));
            }
            return copies;
        });
    }

    private Arbitrary<Seed> notOurs(String table) {
        Arbitrary<Long> ages = Arbitraries.longs().between(3_600, 60 * 86_400L);
        return Combinators.combine(ages, Arbitraries.integers().between(0, 2)).as((age, how) -> {
            Instant created = SLOT.minusSeconds(age);
            return switch (how) {
                case 0 -> new Seed(table, "manual-" + table, "USER", "AVAILABLE", created);
                case 1 -> new Seed(table, BackupNames.forSlot("other", table, created), "USER", "AVAILABLE", created);
                default -> new Seed(table, BackupNames.forSlot(PREFIX, table, created), "SYSTEM", "AVAILABLE", created);
            };
        });
    }

    // ---- running it --------------------------------------------------------------------------

    /** The scenario's account, then one run of the service on it, its time budget ending after {@code calls} calls (or never, for a negative). */
    static Run run(Scenario s, int calls) {
        InMemoryDynamoDb aws = new InMemoryDynamoDb().clock(s::now);
        aws.withTables(s.liveTables().toArray(String[]::new));
        Map<String, BackupSummary> before = new HashMap<>();
        for (Seed b : s.backups()) {
            BackupSummary made = aws.addBackup(b.table(), b.name(), b.created(), b.type(), b.status());
            before.put(made.backupArn(), made);
        }
        aws.backupPageSize = s.pageSize();
        aws.createdBackupStatus = s.createdStatus();
        TimeBudget budget = TimeBudget.unlimited();
        if (calls >= 0) {
            // a clock that moves one second per call; the budget has a second of margin
            AtomicLong nanos = new AtomicLong();
            List.of("ListBackups", "CreateBackup", "DeleteBackup").forEach(op -> aws.beforeCall(op, r -> nanos.addAndGet(1_000_000_000L)));
            budget = TimeBudget.fromRemaining(Duration.ofSeconds(calls + 1L), Duration.ofSeconds(1), nanos::get);
        }
        BackupConfig config = BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, s.selectors(),
                        BackupConfig.RETENTION_DAYS, String.valueOf(s.retentionDays()),
                        BackupConfig.KEEP_AT_LEAST, String.valueOf(s.keepAtLeast())))
                .withRates(RateLimits.UNLIMITED);
        Retrier retrier = new Retrier(3, Duration.ofMillis(1), Duration.ofMillis(2), d -> { }, () -> 1.0);
        RunReport report = new BackupService(aws, Clock.fixed(s.now(), ZoneOffset.UTC), config, retrier, d -> { }, System::nanoTime)
                .run(SLOT, budget);
        return new Run(s, aws, before, report);
    }

    /**
     * What a run with the full listing and no time limit deletes: per live table, the policy over
     * all its backups and this slot's backup, made now unless a backup of the slot exists already.
     */
    static Set<String> deletedByTheFullListing(Run run) {
        Scenario s = run.scenario();
        Set<String> deleted = new HashSet<>();
        for (String table : s.liveTables()) {
            List<BackupInfo> all = fullView(run, table);
            RetentionPolicy.toDelete(table, all, TableFate.BACKED_UP, s.now(), s.rules()).forEach(b -> deleted.add(b.arn()));
        }
        return deleted;
    }

    /** Every backup of the table before the run, and this slot's once the run made it (its ARN sorts after every other). */
    static List<BackupInfo> fullView(Run run, String table) {
        Scenario s = run.scenario();
        List<BackupInfo> all = new ArrayList<>();
        for (BackupSummary b : run.before().values()) {
            if (b.tableName().equals(table)) {
                all.add(new BackupInfo(b.backupArn(), b.backupName(), table, b.backupTypeAsString(), b.backupStatusAsString(),
                        b.backupCreationDateTime(), 0));
            }
        }
        String slotName = BackupNames.forSlot(PREFIX, table, SLOT);
        boolean made = all.stream().anyMatch(b -> b.name().equals(slotName) && b.isUserBackup() && !"DELETED".equals(b.status()));
        if (!made) {
            all.add(new BackupInfo(InMemoryDynamoDb.tableArn(table) + "/backup/~this-run", slotName, table, "USER", s.createdStatus(), s.now(), 0));
        }
        return all;
    }

    /**
     * Later copies of a slot that lie, or whose first copy lies, in the days the windows left out
     * (within the retention period), or that lie within the retention while their first copy is past
     * the cutoff (listed in a later window than it, after the run may have deleted it).
     */
    static Set<String> laterCopiesLeftOut(Run run) {
        Scenario s = run.scenario();
        List<ListBackupsRequest> ranges = run.ranges();
        Instant cutoff = ranges.get(0).timeRangeUpperBound();
        Instant lowest = ranges.stream().skip(1).map(ListBackupsRequest::timeRangeLowerBound).min(Comparator.naturalOrder()).orElse(s.now());
        Set<String> leftOut = new HashSet<>();
        for (String table : s.liveTables()) {
            Map<String, List<BackupInfo>> copies = fullView(run, table).stream()
                    .filter(b -> b.isAvailable() && RetentionPolicy.isOurs(b, table, s.rules()))
                    .collect(Collectors.groupingBy(BackupInfo::name));
            for (List<BackupInfo> slot : copies.values()) {
                slot.sort(Comparator.comparing(BackupInfo::arn));
                for (BackupInfo later : slot.subList(1, slot.size())) {
                    // a later copy in a window after the expired one comes into view once its first copy, past the
                    // cutoff, may already be deleted: it is then the only copy seen, within retention, and waits
                    boolean afterItsExpiredFirstCopy = slot.get(0).created().isBefore(cutoff) && !later.created().isBefore(cutoff);
                    if (within(later.created(), cutoff, lowest) || within(slot.get(0).created(), cutoff, lowest)
                            || afterItsExpiredFirstCopy) {
                        leftOut.add(later.arn());
                    }
                }
            }
        }
        return leftOut;
    }

    private static boolean within(Instant t, Instant from, Instant before) {
        return !t.isBefore(from) && t.isBefore(before);
    }

    // ---- properties --------------------------------------------------------------------------

    /** Safety: whatever the time budget leaves of the listing, no deletion the full listing would not make. */
    @Property(tries = 300)
    void windowedRun_neverDeletesWhatTheFullListingKeeps_whateverTheTimeBudget(
            @ForAll("scenarios") Scenario s, @ForAll @IntRange(min = 0, max = 300) int calls) {
        Run run = run(s, calls);

        Set<String> existing = new HashSet<>(run.deleted());
        existing.retainAll(run.before().keySet()); // a copy the run made itself, when the budget stopped its look for one, is no backup of the account's
        assertThat(deletedByTheFullListing(run)).containsAll(existing);
    }

    /**
     * With time enough, the same deletions as the full listing, but for the later copies of a
     * slot in the days the windows left out (within the retention period: nothing there expires
     * today; they go once past the cutoff).
     */
    @Property(tries = 300)
    void windowedRun_deletesWhatTheFullListingDeletes_withAnUnlimitedBudget(@ForAll("scenarios") Scenario s) {
        Run run = run(s, -1);

        Set<String> full = deletedByTheFullListing(run);
        assertThat(run.report().listingComplete()).isTrue();
        assertThat(full).containsAll(run.deleted());
        Set<String> missed = new HashSet<>(full);
        missed.removeAll(run.deleted());
        assertThat(laterCopiesLeftOut(run)).containsAll(missed);
        // and the tables a prefix selects that vanished keep every backup
        run.report().tables().stream().filter(t -> t.status() == TableStatus.MISSING)
                .forEach(t -> assertThat(run.aws().backupsOf(t.table())).hasSameSizeAs(
                        s.backups().stream().filter(b -> b.table().equals(t.table())).toList()));
    }

    /** The ranges asked for: the expired backups, then days going back from now, each bound shared by two of them. */
    @Property(tries = 200)
    void windows_neverOverlap_andLeaveNoGap_insideTheListedRange(
            @ForAll("scenarios") Scenario s, @ForAll @IntRange(min = -1, max = 300) int calls) {
        Run run = run(s, calls);
        List<ListBackupsRequest> ranges = run.ranges();
        if (ranges.isEmpty()) {
            return; // the budget stopped the run before its listing
        }

        ListBackupsRequest expired = ranges.get(0);
        Instant cutoff = expired.timeRangeUpperBound();
        assertThat(expired.timeRangeLowerBound()).isNull();
        assertThat(cutoff).isBetween(s.now().minus(Duration.ofDays(s.retentionDays())),
                s.now().minus(Duration.ofDays(s.retentionDays())).plusSeconds(1));
        assertThat(cutoff.getNano()).as("a whole second").isZero();
        Instant upper = s.now();
        for (ListBackupsRequest window : ranges.subList(1, ranges.size())) {
            assertThat(window.timeRangeUpperBound()).as("each window ends where the newer one starts").isEqualTo(upper);
            assertThat(window.timeRangeLowerBound()).isBefore(upper).isAfterOrEqualTo(cutoff);
            assertThat(window.timeRangeLowerBound().getNano()).as("a whole second").isZero();
            upper = window.timeRangeLowerBound();
        }
        // every page after a range's first asks for the same range
        ListBackupsRequest first = null;
        for (ListBackupsRequest r : run.aws().requests(ListBackupsRequest.class)) {
            if (r.tableName() != null || r.timeRangeUpperBound() == null) {
                continue;
            }
            if (r.exclusiveStartBackupArn() == null) {
                first = r;
            } else {
                assertThat(first).isNotNull();
                assertThat(r.timeRangeLowerBound()).isEqualTo(first.timeRangeLowerBound());
                assertThat(r.timeRangeUpperBound()).isEqualTo(first.timeRangeUpperBound());
            }
        }
    }
}
