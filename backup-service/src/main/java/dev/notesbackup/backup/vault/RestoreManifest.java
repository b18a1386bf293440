package dev.notesbackup.backup.vault;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a restore needs that a DynamoDB export does not carry, written to the vault beside the
 * export when it starts ({@link VaultLayout#MANIFEST_FILE}). Serialised with Jackson as written
 * here (field names are the JSON names); {@code formatVersion} lets a later reader tell versions
 * apart. Null means "not set on the table" (e.g. no time to live, no stream); empty lists and maps
 * mean none.
 *
 * @param formatVersion        {@link #FORMAT_VERSION}
 * @param table                the table's name
 * @param tableArn             the table's ARN (account and region of the app)
 * @param slot                 the schedule slot the export belongs to
 * @param exportArn            the export's ARN
 * @param exportTime           the point in time the export reads the table at
 * @param bucket               the vault bucket
 * @param bucketOwner          the vault's account id
 * @param slotFolder           the export's S3Prefix ({@link VaultLayout#slotFolder})
 * @param keySchema            the table's key schema
 * @param attributeDefinitions the attribute definitions of the table's and its indexes' keys
 * @param globalSecondaryIndexes the global secondary indexes
 * @param localSecondaryIndexes  the local secondary indexes
 * @param billingMode          PAY_PER_REQUEST or PROVISIONED
 * @param readCapacityUnits    provisioned read capacity (null for on-demand)
 * @param writeCapacityUnits   provisioned write capacity (null for on-demand)
 * @param timeToLiveAttribute  the time-to-live attribute, or null when time to live is off
 * @param stream               the stream view type (e.g. NEW_AND_OLD_IMAGES), or null when streams are off
 * @param sseType              AES256 (DynamoDB-owned key) or KMS
 * @param kmsKeyArn            the KMS key of the table when sseType is KMS and the key is not AWS-owned, else null
 * @param tableClass           STANDARD or STANDARD_INFREQUENT_ACCESS
 * @param tags                 the table's tags
 * @param pointInTimeRecovery  whether point-in-time recovery was on
 * @param deletionProtection   whether deletion protection was on
 */
public record RestoreManifest(
        int formatVersion,
        String table,
        String tableArn,
        Instant slot,
        String exportArn,
        Instant exportTime,
        String bucket,
        String bucketOwner,
        String slotFolder,
        List<Key> keySchema,
        List<Attribute> attributeDefinitions,
        List<Index> globalSecondaryIndexes,
        List<Index> localSecondaryIndexes,
        String billingMode,
        Long readCapacityUnits,
        Long writeCapacityUnits,
        String timeToLiveAttribute,
        String stream,
        String sseType,
        String kmsKeyArn,
        String tableClass,
        Map<String, String> tags,
        boolean pointInTimeRecovery,
        boolean deletionProtection) {

    public static final int FORMAT_VERSION = 1;

    public RestoreManifest {
        keySchema = List.copyOf(keySchema);
        attributeDefinitions = List.copyOf(attributeDefinitions);
        globalSecondaryIndexes = globalSecondaryIndexes == null ? List.of() : List.copyOf(globalSecondaryIndexes);
        localSecondaryIndexes = localSecondaryIndexes == null ? List.of() : List.copyOf(localSecondaryIndexes);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** One key attribute: HASH or RANGE. */
    public record Key(String attributeName, String keyType) {
    }

    /** One attribute definition: S, N or B. */
    public record Attribute(String attributeName, String attributeType) {
    }

    /**
     * One secondary index. Capacity is null for on-demand tables and for local indexes.
     *
     * @param projectionType   ALL, KEYS_ONLY or INCLUDE
     * @param nonKeyAttributes the projected attributes for INCLUDE, else empty
     */
    public record Index(String indexName, List<Key> keySchema, String projectionType, List<String> nonKeyAttributes,
                        Long readCapacityUnits, Long writeCapacityUnits) {
        public Index {
            keySchema = List.copyOf(keySchema);
            nonKeyAttributes = nonKeyAttributes == null ? List.of() : List.copyOf(nonKeyAttributes);
        }
    }
}
