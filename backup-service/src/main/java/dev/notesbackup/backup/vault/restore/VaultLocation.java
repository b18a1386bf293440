package dev.notesbackup.backup.vault.restore;

/**
 * Where a vault lies: its bucket, the account expected to own it, and the app account's folder in it.
 *
 * @param bucket        the vault bucket
 * @param expectedOwner the vault account's id; every S3 call then fails unless that account owns the
 *                      bucket, and ImportTable reads it as S3BucketOwner (null: not checked)
 * @param prefix        the app account's folder ({@code VaultLayout}'s prefix), without slashes at the
 *                      ends; null or empty means every folder of the bucket (for listing only)
 */
public record VaultLocation(String bucket, String expectedOwner, String prefix) {
    public VaultLocation {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("the vault bucket is missing: give the bucket's name, e.g. notes-vault-111122223333");
        }
        if (expectedOwner != null && !expectedOwner.matches("\\d{12}")) {
            throw new IllegalArgumentException("the vault's owner account '" + expectedOwner + "' is not an AWS account id (12 digits)");
        }
        if (prefix != null) {
            prefix = prefix.replaceAll("^/+|/+$", "");
            if (prefix.isEmpty()) {
                prefix = null;
            }
        }
    }

    public boolean hasPrefix() {
        return prefix != null;
    }

    /** s3://bucket/prefix/, for messages. */
    public String describe() {
        return "s3://" + bucket + "/" + (prefix == null ? "" : prefix + "/");
    }
}
