package dev.notesbackup.backup.vault.export;

import dev.notesbackup.backup.aws.Tables;
import dev.notesbackup.backup.vault.RestoreManifest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TableClass;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * What a restore needs that the export does not carry, read from the table when its export
 * starts (DescribeTable, DescribeTimeToLive, DescribeContinuousBackups, ListTagsOfResource), and
 * turned into the {@link RestoreManifest} written beside the export.
 *
 * @param table               the table's description
 * @param timeToLiveAttribute the time-to-live attribute, or null when time to live is off
 * @param pointInTimeRecovery whether point-in-time recovery is on (an export needs it)
 * @param tags                the table's tags
 */
public record ManifestCapture(TableDescription table, String timeToLiveAttribute, boolean pointInTimeRecovery,
                              Map<String, String> tags) {

    public ManifestCapture {
        tags = Map.copyOf(tags);
    }

    /** Reads the table's settings; {@code table} is its DescribeTable answer. */
    public static ManifestCapture of(DynamoDbClient dynamo, TableDescription table) {
        var ttl = dynamo.describeTimeToLive(r -> r.tableName(table.tableName())).timeToLiveDescription();
        boolean ttlOn = ttl != null && (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
        var recovery = dynamo.describeContinuousBackups(r -> r.tableName(table.tableName()))
                .continuousBackupsDescription().pointInTimeRecoveryDescription();
        boolean pitr = recovery != null && recovery.pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED;
        return new ManifestCapture(table, ttlOn ? ttl.attributeName() : null, pitr, Tables.tags(dynamo, table.tableArn()));
    }

    /** The manifest of the slot's export. */
    public RestoreManifest manifest(Instant slot, String exportArn, Instant exportTime, String bucket, String bucketOwner,
                                    String slotFolder) {
        boolean onDemand = billingMode() == BillingMode.PAY_PER_REQUEST;
        ProvisionedThroughputDescription capacity = table.provisionedThroughput();
        var sse = table.sseDescription();
        boolean kms = sse != null && sse.sseType() == SSEType.KMS;
        return new RestoreManifest(RestoreManifest.FORMAT_VERSION, table.tableName(), table.tableArn(), slot, exportArn,
                exportTime, bucket, bucketOwner, slotFolder,
                keys(table.keySchema()),
                table.attributeDefinitions().stream()
                        .map(a -> new RestoreManifest.Attribute(a.attributeName(), a.attributeTypeAsString())).toList(),
                table.globalSecondaryIndexes().stream().map(i -> globalIndex(i, onDemand)).toList(),
                table.localSecondaryIndexes().stream().map(ManifestCapture::localIndex).toList(),
                billingMode().toString(),
                onDemand || capacity == null ? null : capacity.readCapacityUnits(),
                onDemand || capacity == null ? null : capacity.writeCapacityUnits(),
                timeToLiveAttribute,
                table.streamSpecification() != null && Boolean.TRUE.equals(table.streamSpecification().streamEnabled())
                        ? table.streamSpecification().streamViewTypeAsString() : null,
                kms ? SSEType.KMS.toString() : SSEType.AES256.toString(),
                kms ? sse.kmsMasterKeyArn() : null,
                table.tableClassSummary() == null || table.tableClassSummary().tableClass() == null
                        ? TableClass.STANDARD.toString() : table.tableClassSummary().tableClassAsString(),
                tags,
                pointInTimeRecovery,
                Boolean.TRUE.equals(table.deletionProtectionEnabled()));
    }

    /** A table created before on-demand existed has no billing mode summary: it is provisioned. */
    private BillingMode billingMode() {
        return table.billingModeSummary() == null || table.billingModeSummary().billingMode() == null
                ? BillingMode.PROVISIONED : table.billingModeSummary().billingMode();
    }

    private static RestoreManifest.Index globalIndex(GlobalSecondaryIndexDescription index, boolean onDemand) {
        ProvisionedThroughputDescription capacity = index.provisionedThroughput();
        return new RestoreManifest.Index(index.indexName(), keys(index.keySchema()), projectionType(index.projection()),
                nonKeyAttributes(index.projection()),
                onDemand || capacity == null ? null : capacity.readCapacityUnits(),
                onDemand || capacity == null ? null : capacity.writeCapacityUnits());
    }

    private static RestoreManifest.Index localIndex(LocalSecondaryIndexDescription index) {
        return new RestoreManifest.Index(index.indexName(), keys(index.keySchema()), projectionType(index.projection()),
                nonKeyAttributes(index.projection()), null, null);
    }

    private static String projectionType(Projection projection) {
        return projection == null ? null : projection.projectionTypeAsString();
    }

    private static List<String> nonKeyAttributes(Projection projection) {
        return projection == null ? List.of() : projection.nonKeyAttributes();
    }

    private static List<RestoreManifest.Key> keys(List<KeySchemaElement> schema) {
        return schema.stream().map(k -> new RestoreManifest.Key(k.attributeName(), k.keyTypeAsString())).toList();
    }
}
