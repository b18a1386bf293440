package dev.notesbackup.backup.cli;

import dev.notesbackup.backup.vault.restore.VaultLocation;
import picocli.CommandLine.Option;

/** Which vault bucket: the vault commands' shared options (each adds its own --prefix). */
public final class VaultOptions {
    @Option(names = "--bucket", required = true, paramLabel = "BUCKET", description = "The vault bucket (the vault stack's output).")
    String bucket;

    @Option(names = "--bucket-owner", paramLabel = "ACCOUNT_ID",
            description = "The vault account's id: every call fails unless it owns the bucket (recommended).")
    String bucketOwner;

    VaultLocation location(String prefix) {
        return new VaultLocation(bucket, bucketOwner, prefix);
    }
}
