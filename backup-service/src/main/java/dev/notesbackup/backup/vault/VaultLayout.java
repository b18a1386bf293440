package dev.notesbackup.backup.vault;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where things lie in the vault bucket. One folder per table and schedule slot:
 * <pre>
 * &lt;prefix&gt;/&lt;table&gt;/&lt;yyyyMMdd'T'HHmmss'Z'&gt;/                     the export's S3Prefix
 *     restore-manifest.json                                    ours, written when the export starts
 *     export-complete.json                                     ours, written when a run sees it COMPLETED or FAILED
 *     AWSDynamoDB/&lt;export id&gt;/manifest-summary.json             DynamoDB's (AWS's documented export layout)
 *     AWSDynamoDB/&lt;export id&gt;/manifest-files.json               DynamoDB's: one line per data file
 *     AWSDynamoDB/&lt;export id&gt;/data/*.json.gz                      DynamoDB's: the items, DynamoDB JSON
 * </pre>
 * The prefix is the app account's own folder (by default its account id); the vault's bucket
 * policy lets the app account's backup role write under it and nowhere else.
 */
public final class VaultLayout {
    public static final String MANIFEST_FILE = "restore-manifest.json";
    public static final String COMPLETION_FILE = "export-complete.json";
    /** The folder DynamoDB writes an export into, under the export's S3Prefix. */
    public static final String AWS_EXPORT_FOLDER = "AWSDynamoDB";
    public static final String AWS_MANIFEST_SUMMARY = "manifest-summary.json";
    public static final String AWS_MANIFEST_FILES = "manifest-files.json";
    public static final String AWS_DATA_FOLDER = "data";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SLOT_KEY = Pattern.compile("(.+)/([a-zA-Z0-9_.-]{3,255})/(\\d{8}T\\d{6}Z)/([^/]+)");
    private static final Pattern EXPORT_ARN = Pattern.compile("arn:[^:]+:dynamodb:[^:]*:\\d{12}:table/[^/]+/export/([^/]+)");

    private VaultLayout() {
    }

    /** The export's S3Prefix (no trailing slash) for {@code table} and the schedule slot at {@code slot}. */
    public static String slotFolder(String prefix, String table, Instant slot) {
        return prefix + "/" + table + "/" + STAMP.format(slot.truncatedTo(ChronoUnit.SECONDS));
    }

    public static String manifestKey(String prefix, String table, Instant slot) {
        return slotFolder(prefix, table, slot) + "/" + MANIFEST_FILE;
    }

    public static String completionKey(String prefix, String table, Instant slot) {
        return slotFolder(prefix, table, slot) + "/" + COMPLETION_FILE;
    }

    /** The folder all of a table's slots lie in, with its trailing slash (for ListObjectsV2's Prefix). */
    public static String tableFolder(String prefix, String table) {
        return prefix + "/" + table + "/";
    }

    /** The folder ImportTable reads: DynamoDB's data files of the export, by AWS's documented layout. */
    public static String dataFolder(String slotFolder, String exportArn) {
        return slotFolder + "/" + AWS_EXPORT_FOLDER + "/" + exportId(exportArn) + "/" + AWS_DATA_FOLDER + "/";
    }

    public static String awsManifestSummaryKey(String slotFolder, String exportArn) {
        return slotFolder + "/" + AWS_EXPORT_FOLDER + "/" + exportId(exportArn) + "/" + AWS_MANIFEST_SUMMARY;
    }

    public static String awsManifestFilesKey(String slotFolder, String exportArn) {
        return slotFolder + "/" + AWS_EXPORT_FOLDER + "/" + exportId(exportArn) + "/" + AWS_MANIFEST_FILES;
    }

    /** The export id, the last part of an export ARN ({@code arn:aws:dynamodb:r:acct:table/t/export/<id>}). */
    public static String exportId(String exportArn) {
        Matcher m = EXPORT_ARN.matcher(exportArn);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a DynamoDB export ARN: " + exportArn
                    + " (expected arn:aws:dynamodb:<region>:<account>:table/<table>/export/<id>)");
        }
        return m.group(1);
    }

    /** A key of one of our files, parsed: its prefix, table, slot and file name; empty for any other key. */
    public static Optional<SlotKey> parse(String key) {
        Matcher m = SLOT_KEY.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SlotKey(m.group(1), m.group(2), Instant.from(STAMP.parse(m.group(3))), m.group(4)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** One of our files in the vault: {@code <prefix>/<table>/<slot>/<file>}. */
    public record SlotKey(String prefix, String table, Instant slot, String file) {
    }
}
