package dev.notesbackup.backup.vault.watchdog;

import dev.notesbackup.backup.vault.VaultLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One schedule slot's folder of one table ({@link VaultLayout#slotFolder}) and the files in it that
 * tell whether its export completed: our {@link VaultLayout#COMPLETION_FILE} and DynamoDB's
 * {@code AWSDynamoDB/<export id>/manifest-summary.json} (AWS writes it when the export has finished).
 *
 * @param completion        our completion file, if listed
 * @param manifestSummaries DynamoDB's summary files, if listed (one per export of the slot)
 */
public record ExportSlot(VaultTable table, Instant slot, Optional<VaultObject> completion, List<VaultObject> manifestSummaries) {
    private static final String AWS_FOLDER = "/" + VaultLayout.AWS_EXPORT_FOLDER + "/";

    public ExportSlot {
        manifestSummaries = List.copyOf(manifestSummaries);
    }

    /**
     * The listing grouped by table, each table's slots newest first. A table is every
     * {@code <prefix>/<table>/} that holds at least one slot folder; keys of any other shape are
     * ignored (the bucket may hold other things, and they say nothing about an export).
     */
    public static Map<VaultTable, List<ExportSlot>> byTable(Collection<VaultObject> objects) {
        Map<VaultTable, Map<Instant, Builder>> slots = new TreeMap<>();
        for (VaultObject object : objects) {
            String key = object.key();
            int aws = key.indexOf(AWS_FOLDER);
            // a key in DynamoDB's folder is read as its slot folder plus one file name, so that
            // VaultLayout's own rules decide prefix, table and slot
            Optional<VaultLayout.SlotKey> parsed = VaultLayout.parse(aws < 0 ? key : key.substring(0, aws) + "/" + VaultLayout.AWS_EXPORT_FOLDER);
            if (parsed.isEmpty()) {
                continue;
            }
            VaultLayout.SlotKey slotKey = parsed.get();
            Builder slot = slots.computeIfAbsent(new VaultTable(slotKey.prefix(), slotKey.table()), t -> new TreeMap<>())
                    .computeIfAbsent(slotKey.slot(), s -> new Builder());
            if (aws < 0 && slotKey.file().equals(VaultLayout.COMPLETION_FILE)) {
                slot.completion = object;
            } else if (aws >= 0 && isManifestSummary(key.substring(aws + AWS_FOLDER.length()))) {
                slot.summaries.add(object);
            }
        }
        Map<VaultTable, List<ExportSlot>> result = new TreeMap<>();
        slots.forEach((table, bySlot) -> result.put(table, bySlot.entrySet().stream()
                .sorted(Map.Entry.<Instant, Builder>comparingByKey(Comparator.reverseOrder()))
                .map(e -> new ExportSlot(table, e.getKey(), Optional.ofNullable(e.getValue().completion), e.getValue().summaries))
                .toList()));
        return result;
    }

    /** {@code <export id>/manifest-summary.json}, with one export id (no '/') before it. */
    private static boolean isManifestSummary(String insideAwsFolder) {
        int slash = insideAwsFolder.indexOf('/');
        return slash > 0 && insideAwsFolder.substring(slash + 1).equals(VaultLayout.AWS_MANIFEST_SUMMARY);
    }

    private static final class Builder {
        private VaultObject completion;
        private final List<VaultObject> summaries = new ArrayList<>();
    }
}
