package dev.notesbackup.backup.vault.watchdog;

import dev.notesbackup.backup.vault.VaultLayout;
import java.time.Instant;

/**
 * One table's folder in the vault: {@code <prefix>/<table>/} (the prefix is the app account id by
 * default, see {@link VaultLayout}).
 */
public record VaultTable(String prefix, String table) implements Comparable<VaultTable> {
    /** What follows a table's folder in one of our keys: {@code /<slot>/export-complete.json}. */
    private static final String PROBE_TAIL = VaultLayout.completionKey("p", "ttt", Instant.EPOCH).substring("p/ttt".length());

    /**
     * {@code <prefix>/<table>}, as the ExpectedTables parameter names a table; the table is the part
     * after the last '/', the prefix may itself hold '/'. Parsed with {@link VaultLayout}'s own key
     * rules, so a name it would never find in the bucket is refused here.
     */
    public static VaultTable parse(String text) {
        return VaultLayout.parse(text.strip() + PROBE_TAIL)
                .filter(key -> (key.prefix() + "/" + key.table()).equals(text.strip()))
                .map(key -> new VaultTable(key.prefix(), key.table()))
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not <prefix>/<table>: expected e.g."
                        + " 111122223333/notes (a prefix, '/', then a DynamoDB table name of 3-255 of a-z A-Z 0-9 _ . -)"));
    }

    @Override
    public int compareTo(VaultTable other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return prefix + "/" + table;
    }
}
