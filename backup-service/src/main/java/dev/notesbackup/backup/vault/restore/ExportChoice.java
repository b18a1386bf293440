package dev.notesbackup.backup.vault.restore;

import dev.notesbackup.backup.restore.RestoreException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Which export a restore takes (pure): the newest COMPLETED one, or the newest at or before a time. */
public final class ExportChoice {
    private ExportChoice() {
    }

    /**
     * The newest COMPLETED export of {@code table} among {@code exports}, by its export time; with
     * {@code notAfter}, the newest whose export time is at or before it.
     *
     * @throws RestoreException naming what the vault holds of the table when none fits
     */
    public static VaultExport choose(List<VaultExport> exports, String table, Optional<Instant> notAfter) {
        List<VaultExport> ofTable = exports.stream().filter(e -> e.table().equals(table)).toList();
        Optional<VaultExport> chosen = ofTable.stream()
                .filter(VaultExport::restorable)
                .filter(e -> notAfter.map(t -> !e.pointInTime().isAfter(t)).orElse(true))
                .max(Comparator.comparing(VaultExport::pointInTime));
        if (chosen.isPresent()) {
            return chosen.get();
        }
        if (ofTable.isEmpty()) {
            throw new RestoreException("The vault holds no export of table " + table + " under this prefix: check --table and"
                    + " --prefix (`vault list` without --table shows every table the vault holds).");
        }
        String held = ofTable.stream().map(e -> e.slot() + " " + e.status()).collect(Collectors.joining(", "));
        throw new RestoreException(notAfter.isPresent()
                ? "No COMPLETED export of table " + table + " at or before " + notAfter.get() + " (the vault holds: " + held
                        + "). Choose a later --before, or drop it for the newest."
                : "No COMPLETED export of table " + table + " (the vault holds: " + held + "). `vault list --table " + table
                        + "` says why each is not restorable.");
    }
}
