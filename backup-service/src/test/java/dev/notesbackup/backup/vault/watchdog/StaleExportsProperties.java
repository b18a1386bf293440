package dev.notesbackup.backup.vault.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.backup.vault.VaultLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The watchdog's decision over random vaults: tables of several accounts, slots whose export
 * completed (our file, DynamoDB's summary, or both), failed, is unreadable or only started, keys of
 * other shapes, expected tables, clocks and limits. Each property is checked against a model
 * computed in the plainest way from the generated slots.
 */
class StaleExportsProperties {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final List<String> PREFIXES = List.of("111111111111", "222222222222", "111111111111/prod");
    static final List<String> TABLES = List.of("notes", "replies", "orders");

    enum Outcome { OURS_COMPLETED, SUMMARY_ONLY, BOTH, FAILED, FAILED_WITH_SUMMARY, UNREADABLE, STARTED }

    /** One generated slot: its table, slot time, what its files say, and when S3 stored them. */
    record GenSlot(VaultTable table, Instant slot, Outcome outcome, long exportOffsetSeconds, long writtenAfterSeconds) {
        boolean completed() {
            return outcome == Outcome.OURS_COMPLETED || outcome == Outcome.SUMMARY_ONLY || outcome == Outcome.BOTH
                    || outcome == Outcome.FAILED_WITH_SUMMARY;
        }

        Instant claimed() {
            return slot.plusSeconds(exportOffsetSeconds);
        }

        Instant written() {
            return slot.plusSeconds(writtenAfterSeconds);
        }

        /** The time the decision must give: the claim, never later than S3 stored the file. */
        Instant expected() {
            return claimed().isBefore(written()) ? claimed() : written();
        }
    }

    record Vault(List<GenSlot> slots, List<String> junk, Set<VaultTable> expected, Duration maxAge) {
        FakeExportFiles files() {
            FakeExportFiles files = new FakeExportFiles();
            for (GenSlot s : slots) {
                String prefix = s.table().prefix();
                String table = s.table().table();
                files.object(VaultLayout.manifestKey(prefix, table, s.slot()), s.slot());
                switch (s.outcome()) {
                    case OURS_COMPLETED -> files.completion(prefix, table, s.slot(), "COMPLETED", s.claimed(), s.written());
                    case SUMMARY_ONLY -> files.summary(prefix, table, s.slot(), s.claimed(), s.written());
                    case BOTH -> files.completion(prefix, table, s.slot(), "COMPLETED", s.claimed(), s.written())
                            .summary(prefix, table, s.slot(), s.claimed(), s.written());
                    case FAILED -> files.completion(prefix, table, s.slot(), "FAILED", s.claimed(), s.written());
                    case FAILED_WITH_SUMMARY -> files.completion(prefix, table, s.slot(), "FAILED", s.claimed(), s.written())
                            .summary(prefix, table, s.slot(), s.claimed(), s.written());
                    case UNREADABLE -> files.brokenCompletion(prefix, table, s.slot(), s.written());
                    case STARTED -> { }
                }
            }
            junk.forEach(key -> files.object(key, NOW));
            return files;
        }

        /** The model: per table, the newest completed slot's expected time. */
        Map<VaultTable, Optional<Instant>> newest() {
            Map<VaultTable, Optional<Instant>> model = new TreeMap<>();
            expected.forEach(t -> model.put(t, Optional.empty()));
            slots.forEach(s -> model.putIfAbsent(s.table(), Optional.empty()));
            slots.stream().filter(GenSlot::completed)
                    .collect(Collectors.groupingBy(GenSlot::table))
                    .forEach((table, done) -> model.put(table,
                            done.stream().max(Comparator.comparing(GenSlot::slot)).map(GenSlot::expected)));
            return model;
        }

        List<TableAge> decide() {
            FakeExportFiles files = files();
            return StaleExports.check(files.objects, expected, files, NOW, maxAge);
        }
    }

    @Provide
    Arbitrary<Vault> vaults() {
        Arbitrary<VaultTable> tables = Combinators.combine(Arbitraries.of(PREFIXES), Arbitraries.of(TABLES)).as(VaultTable::new);
        Arbitrary<GenSlot> slot = Combinators.combine(tables, Arbitraries.integers().between(0, 20 * 24),
                        Arbitraries.of(Outcome.class), Arbitraries.longs().between(-600, 7200), Arbitraries.longs().between(0, 3600))
                .as((table, hoursAgo, outcome, offset, written) ->
                        new GenSlot(table, NOW.minus(Duration.ofHours(hoursAgo)), outcome, offset, written));
        Arbitrary<String> junk = Arbitraries.of("README", "111111111111/notes/latest/export-complete.json",
                "111111111111/notes/20261201T030000Z", "111111111111/x/20261201T030000Z/export-complete.json",
                "111111111111/notes/2026-12-01/export-complete.json", "notes/20261201T030000Z",
                "111111111111/notes/20261201T030000Z/");
        return Combinators.combine(
                slot.list().ofMaxSize(30).map(StaleExportsProperties::oneOutcomePerSlot),
                junk.list().ofMaxSize(4),
                tables.set().ofMaxSize(3),
                Arbitraries.integers().between(1, 72).map(Duration::ofHours))
                .as(Vault::new);
    }

    /** A slot folder holds one export's files: two generated entries for the same table and slot keep the first. */
    static List<GenSlot> oneOutcomePerSlot(List<GenSlot> slots) {
        Set<String> seen = new HashSet<>();
        List<GenSlot> unique = new ArrayList<>();
        for (GenSlot s : slots) {
            if (seen.add(VaultLayout.slotFolder(s.table().prefix(), s.table().table(), s.slot()))) {
                unique.add(s);
            }
        }
        return unique;
    }

    @Property
    void eachTablesNewestExport_isItsNewestCompletedSlot_cappedAtLastModified(@ForAll("vaults") Vault vault) {
        Map<VaultTable, Optional<Instant>> actual = new TreeMap<>();
        vault.decide().forEach(t -> actual.put(t.table(), t.newestExport()));

        assertThat(actual).isEqualTo(vault.newest());
    }

    @Property
    void staleExactlyWhen_noCompletedExport_orOlderThanTheLimit(@ForAll("vaults") Vault vault) {
        for (TableAge table : vault.decide()) {
            Optional<Instant> newest = vault.newest().get(table.table());
            boolean expectedStale = newest.map(t -> Duration.between(t, NOW).compareTo(vault.maxAge()) > 0).orElse(true);
            assertThat(table.stale()).as(table.toString()).isEqualTo(expectedStale);
            assertThat(table.age()).as(table.toString())
                    .isEqualTo(newest.map(t -> t.isAfter(NOW) ? Duration.ZERO : Duration.between(t, NOW)));
        }
    }

    @Property
    void everyExpectedAndEveryFoundTable_isReported_once_andNothingElse(@ForAll("vaults") Vault vault) {
        List<VaultTable> reported = vault.decide().stream().map(TableAge::table).toList();

        assertThat(reported).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(vault.newest().keySet());
    }

    @Property
    void olderSlotsFilesAreNotRead_onceANewerCompletedExportIsFound(@ForAll("vaults") Vault vault) {
        FakeExportFiles files = vault.files();
        StaleExports.check(files.objects, vault.expected(), files, NOW, vault.maxAge());
        Map<VaultTable, Optional<GenSlot>> newestDone = vault.slots().stream().filter(GenSlot::completed)
                .collect(Collectors.groupingBy(GenSlot::table, Collectors.maxBy(Comparator.comparing(GenSlot::slot))));

        for (String key : files.read) {
            VaultLayout.SlotKey read = VaultLayout.parse(key.contains("/AWSDynamoDB/")
                    ? key.substring(0, key.indexOf("/AWSDynamoDB/")) + "/x" : key).orElseThrow();
            newestDone.getOrDefault(new VaultTable(read.prefix(), read.table()), Optional.empty()).ifPresent(done ->
                    assertThat(read.slot()).as(key).isAfterOrEqualTo(done.slot()));
        }
    }
}
