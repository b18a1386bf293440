package dev.notesbackup.backup.vault;

import dev.notesbackup.backup.config.ConfigException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the backup run exports to: the vault bucket in the vault account, the app account's folder
 * in it, and the vault's KMS key when the bucket is KMS-encrypted. Read once from the environment;
 * off (empty) unless {@link #BUCKET} is set.
 *
 * @param bucket    the vault bucket
 * @param accountId the vault account (the bucket's owner; every write names it as the expected owner)
 * @param prefix    the app account's folder in the bucket, or null for the app account's id, which
 *                  is what the vault's bucket policy lets a role write under ({@code ${aws:PrincipalAccount}/*})
 * @param kmsKeyArn the vault's KMS key to encrypt with (SSE-KMS), or null for the bucket's default encryption
 */
public record VaultTarget(String bucket, String accountId, String prefix, String kmsKeyArn) {
    public static final String BUCKET = "VAULT_BUCKET";
    public static final String ACCOUNT_ID = "VAULT_ACCOUNT_ID";
    public static final String PREFIX = "VAULT_PREFIX";
    public static final String KMS_KEY_ARN = "VAULT_KMS_KEY_ARN";

    /** S3's rules for a bucket name (3-63 characters; lower case, digits, '.' and '-'; a letter or digit at each end). */
    public static final Pattern BUCKET_PATTERN = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    public static final Pattern ACCOUNT_PATTERN = Pattern.compile("\\d{12}");
    /** Folders of safe key characters, no empty one: the slot folders and file names are appended with '/'. */
    public static final Pattern PREFIX_PATTERN = Pattern.compile("[a-zA-Z0-9_.-]+(/[a-zA-Z0-9_.-]+)*");
    /** Leaves room in S3's 1,024-byte keys for the table (up to 255), the slot and the file names. */
    public static final int MAX_PREFIX_LENGTH = 200;
    public static final Pattern KMS_KEY_PATTERN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[a-zA-Z0-9-]+");

    private static final String BUCKET_FORM = "an S3 bucket name (3-63 characters of a-z, 0-9, '.', '-', starting and ending"
            + " with a letter or digit), or empty for no vault";
    private static final String ACCOUNT_FORM = "the vault account's id, 12 digits";
    private static final String PREFIX_FORM = "1-200 characters of a-z, A-Z, 0-9, '_', '.', '-' in folders separated by '/'"
            + " (no leading, trailing or double '/'), or empty for the app account's id";
    private static final String KMS_FORM = "a KMS key ARN, arn:aws:kms:<region>:<account>:key/<key id>, or empty for the"
            + " bucket's default encryption";

    public VaultTarget {
        check(BUCKET, bucket, BUCKET_PATTERN, BUCKET_FORM);
        check(ACCOUNT_ID, accountId, ACCOUNT_PATTERN, ACCOUNT_FORM);
        if (prefix != null) {
            check(PREFIX, prefix, PREFIX_PATTERN, PREFIX_FORM);
            if (prefix.length() > MAX_PREFIX_LENGTH) {
                throw ConfigException.invalid(PREFIX, prefix, PREFIX_FORM);
            }
        }
        if (kmsKeyArn != null) {
            check(KMS_KEY_ARN, kmsKeyArn, KMS_KEY_PATTERN, KMS_FORM);
        }
    }

    /**
     * The vault, or empty when {@link #BUCKET} is unset or empty. All or nothing: a bucket needs its
     * account, and the other variables without a bucket are an error (a half-configured vault would
     * otherwise silently export nothing). Empty means unset here, unlike the run's other variables:
     * the backup stack passes its vault parameters through as they are, and empty is their "off".
     */
    public static Optional<VaultTarget> fromEnvironment(Map<String, String> env) {
        String bucket = value(env, BUCKET);
        String account = value(env, ACCOUNT_ID);
        String prefix = value(env, PREFIX);
        String key = value(env, KMS_KEY_ARN);
        if (bucket == null) {
            for (String[] other : new String[][] {{ACCOUNT_ID, account}, {PREFIX, prefix}, {KMS_KEY_ARN, key}}) {
                if (other[1] != null) {
                    throw new ConfigException(other[0] + "='" + other[1] + "' is set but " + BUCKET + " is not: the vault is"
                            + " configured with " + BUCKET + " and " + ACCOUNT_ID + " (" + PREFIX + " and " + KMS_KEY_ARN
                            + " optional), or with none of them");
                }
            }
            return Optional.empty();
        }
        if (account == null) {
            throw new ConfigException("Missing " + ACCOUNT_ID + ": " + BUCKET + "='" + bucket + "' is set, so expected "
                    + ACCOUNT_FORM);
        }
        return Optional.of(new VaultTarget(bucket, account, prefix, key));
    }

    /** The folder this app account writes under: {@link #prefix}, or the app account's id. */
    public String prefixFor(String appAccountId) {
        return prefix != null ? prefix : appAccountId;
    }

    public Optional<String> kmsKey() {
        return Optional.ofNullable(kmsKeyArn);
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static void check(String variable, String value, Pattern pattern, String expected) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw ConfigException.invalid(variable, String.valueOf(value), expected);
        }
    }
}
