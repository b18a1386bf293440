package dev.notesbackup.backup.vault.watchdog;

import java.time.Instant;

/**
 * One object of the vault as ListObjectsV2 lists it.
 *
 * @param lastModified set by S3 when the object was written; the writer cannot choose it, so it
 *                     bounds any time the object's content claims
 */
public record VaultObject(String key, Instant lastModified) {
}
