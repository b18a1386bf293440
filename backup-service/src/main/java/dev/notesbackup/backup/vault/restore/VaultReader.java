package dev.notesbackup.backup.vault.restore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.notesbackup.backup.restore.RestoreException;
import dev.notesbackup.backup.vault.ExportCompletion;
import dev.notesbackup.backup.vault.RestoreManifest;
import dev.notesbackup.backup.vault.VaultJson;
import dev.notesbackup.backup.vault.VaultLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads what the vault holds, by {@link VaultLayout}: every slot folder of a table (or of every
 * table under the prefix), our restore manifest and completion record in it, and DynamoDB's own
 * files of the export by AWS's documented layout ({@code AWSDynamoDB/<export id>/manifest-summary.json},
 * {@code manifest-files.json}, {@code data/}). Reads only; the app account's role and the vault
 * account's operators both may call it.
 */
public final class VaultReader {
    private final S3Client s3;
    private final Clock clock;

    public VaultReader(S3Client s3, Clock clock) {
        this.s3 = s3;
        this.clock = clock;
    }

    /**
     * Every slot's export under {@code location} (of {@code table} only, when given), sorted by
     * prefix, table and slot, oldest slot first.
     */
    public List<VaultExport> exports(VaultLocation location, Optional<String> table) {
        if (table.isPresent() && !location.hasPrefix()) {
            throw new IllegalArgumentException("a table's exports are looked up under a prefix: give the vault prefix"
                    + " (the app account's folder, by default its account id) with the table " + table.get());
        }
        String listPrefix = table.map(t -> VaultLayout.tableFolder(location.prefix(), t))
                .orElse(location.hasPrefix() ? location.prefix() + "/" : "");
        Map<String, SlotObjects> slots = new TreeMap<>();
        for (S3Object object : list(location, listPrefix)) {
            slotFolderOf(object.key()).ifPresent(folder -> slots
                    .computeIfAbsent(folder, f -> new SlotObjects(VaultLayout.parse(f + "/" + VaultLayout.MANIFEST_FILE).orElseThrow()))
                    .keys.add(object.key()));
        }
        Instant now = clock.instant();
        return slots.entrySet().stream()
                .map(e -> read(location, e.getKey(), e.getValue(), now))
                .sorted(Comparator.comparing(VaultExport::prefix).thenComparing(VaultExport::table).thenComparing(VaultExport::slot))
                .toList();
    }

    private Iterable<S3Object> list(VaultLocation location, String prefix) {
        try {
            // materialised here, so that a missing bucket fails with our message, not half way through a stream
            return s3.listObjectsV2Paginator(r -> r.bucket(location.bucket()).prefix(prefix)
                    .expectedBucketOwner(location.expectedOwner())).contents().stream().toList();
        } catch (NoSuchBucketException e) {
            throw new RestoreException("The vault bucket " + location.bucket() + " does not exist"
                    + (location.expectedOwner() == null ? "" : " in account " + location.expectedOwner())
                    + ": check --bucket (the vault stack's bucket output) and the region.", e);
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                throw new RestoreException("The vault bucket " + location.bucket() + " cannot be listed with these credentials"
                        + (location.expectedOwner() == null ? "" : ", or account " + location.expectedOwner() + " does not own it")
                        + " (" + e.awsErrorDetails().errorCode() + "): use a role the vault's bucket policy lets read "
                        + location.describe() + ".", e);
            }
            throw e;
        }
    }

    /** The slot folder a key lies in: one of our files directly in it, or DynamoDB's files under it. */
    static Optional<String> slotFolderOf(String key) {
        int aws = key.indexOf("/" + VaultLayout.AWS_EXPORT_FOLDER + "/");
        String candidate = aws > 0 ? key.substring(0, aws) + "/" + VaultLayout.MANIFEST_FILE : key;
        return VaultLayout.parse(candidate)
                .filter(k -> aws > 0 || k.file().equals(VaultLayout.MANIFEST_FILE) || k.file().equals(VaultLayout.COMPLETION_FILE))
                .map(k -> VaultLayout.slotFolder(k.prefix(), k.table(), k.slot()));
    }

    private static final class SlotObjects {
        final VaultLayout.SlotKey slot;
        final TreeSet<String> keys = new TreeSet<>();

        SlotObjects(VaultLayout.SlotKey slot) {
            this.slot = slot;
        }
    }

    private VaultExport read(VaultLocation location, String folder, SlotObjects objects, Instant now) {
        List<String> notes = new ArrayList<>();
        String manifestKey = folder + "/" + VaultLayout.MANIFEST_FILE;
        String completionKey = folder + "/" + VaultLayout.COMPLETION_FILE;
        RestoreManifest manifest = null;
        Instant manifestLock = null;
        // A file that cannot be read makes its slot INCOMPLETE (with the reason), never the listing fail:
        // whoever may write under the prefix must not be able to block the restore of every other slot.
        if (objects.keys.contains(manifestKey)) {
            ResponseBytes<GetObjectResponse> bytes = get(location, manifestKey);
            try {
                manifest = VaultJson.read(bytes.asByteArray(), RestoreManifest.class, where(location, manifestKey));
                manifestLock = bytes.response().objectLockRetainUntilDate();
            } catch (IllegalArgumentException e) {
                notes.add(e.getMessage());
            }
        }
        ExportCompletion completion = null;
        if (objects.keys.contains(completionKey)) {
            try {
                completion = VaultJson.read(get(location, completionKey).asByteArray(), ExportCompletion.class,
                        where(location, completionKey));
            } catch (IllegalArgumentException e) {
                notes.add(e.getMessage());
            }
        }
        String exportArn = manifest != null ? manifest.exportArn() : completion != null ? completion.exportArn() : null;
        AwsExportFiles aws = AwsExportFiles.ABSENT;
        List<String> dataKeys = List.of();
        if (exportArn != null) {
            try {
                String dataFolder = VaultLayout.dataFolder(folder, exportArn);
                dataKeys = objects.keys.stream().filter(k -> k.startsWith(dataFolder)).toList();
                aws = awsFiles(location, folder, exportArn, objects.keys, notes);
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                notes.add(e.getMessage());
            }
        }
        Instant lockedUntil = null;
        if (manifestLock == null && manifest != null) {
            notes.add("the restore manifest has no Object Lock retention");
        } else if (manifestLock != null && !dataKeys.isEmpty()) {
            // the objects of one export are written within its run, under the bucket's one default
            // retention: one data file stands for the others
            String firstData = dataKeys.get(0);
            Instant dataLock = s3.headObject(r -> r.bucket(location.bucket()).key(firstData)
                    .expectedBucketOwner(location.expectedOwner())).objectLockRetainUntilDate();
            if (dataLock == null) {
                notes.add("the export's data files have no Object Lock retention");
            } else {
                lockedUntil = manifestLock.isBefore(dataLock) ? manifestLock : dataLock;
            }
        }
        return VaultExport.assess(objects.slot.prefix(), objects.slot.table(), objects.slot.slot(), folder, manifest, completion,
                aws, dataKeys.size(), lockedUntil, notes, now);
    }

    private AwsExportFiles awsFiles(VaultLocation location, String folder, String exportArn, TreeSet<String> keys, List<String> notes) {
        String summaryKey = VaultLayout.awsManifestSummaryKey(folder, exportArn);
        String filesKey = VaultLayout.awsManifestFilesKey(folder, exportArn);
        if (!keys.contains(summaryKey)) {
            return AwsExportFiles.ABSENT;
        }
        JsonNode summary = tree(get(location, summaryKey).asByteArray(), where(location, summaryKey));
        Long summaryItems = longField(summary, "itemCount");
        Long billed = longField(summary, "billedSizeBytes");
        Instant exportTime = summary.hasNonNull("exportTime") ? Instant.parse(summary.get("exportTime").asText()) : null;
        if (!keys.contains(filesKey)) {
            notes.add("DynamoDB's manifest-files.json is missing");
            return new AwsExportFiles(summaryItems, billed, exportTime, 0, null, 0);
        }
        String lines = get(location, filesKey).asString(StandardCharsets.UTF_8);
        int files = 0;
        long filesItems = 0;
        int missing = 0;
        for (String line : (Iterable<String>) lines.lines().filter(l -> !l.isBlank())::iterator) {
            JsonNode entry = tree(line.getBytes(StandardCharsets.UTF_8), where(location, filesKey));
            files++;
            filesItems += entry.path("itemCount").asLong();
            String dataKey = entry.path("dataFileS3Key").asText();
            // AWS's example names the keys without the export's S3Prefix: both forms are taken
            if (!keys.contains(dataKey) && !keys.contains(folder + "/" + dataKey)) {
                missing++;
            }
        }
        return new AwsExportFiles(summaryItems, billed, exportTime, files, filesItems, missing);
    }

    private ResponseBytes<GetObjectResponse> get(VaultLocation location, String key) {
        return s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(key).expectedBucketOwner(location.expectedOwner()));
    }

    private static JsonNode tree(byte[] json, String where) {
        try {
            return VaultJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " is not readable JSON: " + e.getMessage(), e);
        }
    }

    private static Long longField(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asLong() : null;
    }

    private static String where(VaultLocation location, String key) {
        return "s3://" + location.bucket() + "/" + key;
    }
}
