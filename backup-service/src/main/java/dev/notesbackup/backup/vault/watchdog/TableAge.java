package dev.notesbackup.backup.vault.watchdog;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One table's newest completed export in the vault and whether it is too old.
 *
 * @param newestExport the point in time the newest completed export holds the table at; empty when
 *                     the vault has no completed export of it
 * @param age          how old that is at the check; empty with no export
 * @param stale        older than allowed, or no completed export at all
 */
public record TableAge(VaultTable table, Optional<Instant> newestExport, Optional<Duration> age, boolean stale) {
}
