package dev.notesbackup.backup.vault.watchdog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The watchdog's decision, without I/O: from the vault's listing (and the completion files it reads
 * through {@link ExportFiles}), each table's newest completed export and whether it is older than
 * allowed.
 *
 * <p>An export counts as completed when our {@code export-complete.json} says COMPLETED, or, when
 * that is missing or says nothing usable, when DynamoDB's {@code manifest-summary.json} is there
 * (AWS writes it only at the end of a successful export; the backup run may never have seen the
 * end, e.g. its stack was deleted meanwhile). A FAILED completion, an unreadable file or a slot
 * with neither file is not an export. Its time is the point in time the export read the table at
 * (exportTime, else its start, else the slot), but never later than S3's LastModified of the file
 * that proves it: the writer chooses what a file says, not when S3 stored it, so a file claiming a
 * time in the future cannot keep a table fresh.
 */
public final class StaleExports {
    private StaleExports() {
    }

    /**
     * @param objects  every object of the vault bucket (keys of other shapes are ignored)
     * @param expected tables that must have an export even if the bucket holds nothing of them
     * @param maxAge   a table whose newest export is older than this is stale (exactly this old is not)
     */
    public static List<TableAge> check(Collection<VaultObject> objects, Set<VaultTable> expected, ExportFiles files,
                                       Instant now, Duration maxAge) {
        Map<VaultTable, List<ExportSlot>> byTable = new TreeMap<>(ExportSlot.byTable(objects));
        expected.forEach(table -> byTable.putIfAbsent(table, List.of()));
        List<TableAge> ages = new ArrayList<>();
        byTable.forEach((table, slots) -> {
            Optional<Instant> newest = newestCompleted(slots, files);
            Optional<Duration> age = newest.map(time -> time.isAfter(now) ? Duration.ZERO : Duration.between(time, now));
            ages.add(new TableAge(table, newest, age, age.map(a -> a.compareTo(maxAge) > 0).orElse(true)));
        });
        return ages;
    }

    /**
     * The export time of the newest slot that holds a completed export. Slots are taken newest first
     * and files are read only until one is found, so a check reads about one file per table.
     * Newest by slot, not by the time a file claims.
     */
    static Optional<Instant> newestCompleted(List<ExportSlot> newestFirst, ExportFiles files) {
        for (ExportSlot slot : newestFirst) {
            Optional<Instant> completed = slot.completion()
                    .flatMap(file -> files.completion(file)
                            .filter(c -> "COMPLETED".equals(c.status()))
                            .map(c -> earliest(firstOf(c.exportTime(), c.startTime(), slot.slot()), file.lastModified())));
            if (completed.isEmpty()) {
                completed = slot.manifestSummaries().stream()
                        .flatMap(file -> files.summaryExportTime(file).map(time -> earliest(time, file.lastModified())).stream())
                        .max(Instant::compareTo);
            }
            if (completed.isPresent()) {
                return completed;
            }
        }
        return Optional.empty();
    }

    private static Instant firstOf(Instant... candidates) {
        return Stream.of(candidates).filter(Objects::nonNull).findFirst().orElseThrow();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
