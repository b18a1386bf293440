package dev.notesbackup.backup.vault.restore;

import dev.notesbackup.backup.vault.RestoreManifest;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TableCreationParameters;

/**
 * The table ImportTable creates, rebuilt from a restore manifest (pure): key schema, attribute
 * definitions, global secondary indexes with their projections and capacity, billing mode and
 * capacity, and encryption. Everything else ImportTable cannot set (see {@link VaultRestore}).
 *
 * <p>Attribute definitions: CreateTable, and so ImportTable, refuses a definition that no key of the
 * table or of a created index uses. The manifest's include the local indexes' sort keys, which the
 * import cannot create, so only the used ones are passed.
 */
public final class TableCreation {
    private TableCreation() {
    }

    /**
     * @param dynamoDbOwnedKey encrypt with DynamoDB's own key whatever the manifest says (the
     *                         manifest's KMS key may be unusable, e.g. in an account that is gone)
     */
    public static TableCreationParameters parameters(RestoreManifest manifest, String tableName, boolean dynamoDbOwnedKey) {
        boolean provisioned = BillingMode.PROVISIONED.toString().equals(manifest.billingMode());
        List<GlobalSecondaryIndex> indexes = manifest.globalSecondaryIndexes().stream()
                .map(index -> GlobalSecondaryIndex.builder()
                        .indexName(index.indexName())
                        .keySchema(keys(index.keySchema()))
                        .projection(projection(index))
                        .provisionedThroughput(provisioned ? throughput(index.readCapacityUnits(), index.writeCapacityUnits(),
                                "index " + index.indexName()) : null)
                        .build())
                .toList();
        List<String> used = java.util.stream.Stream.concat(manifest.keySchema().stream(),
                        manifest.globalSecondaryIndexes().stream().flatMap(i -> i.keySchema().stream()))
                .map(RestoreManifest.Key::attributeName).distinct().toList();
        TableCreationParameters.Builder table = TableCreationParameters.builder()
                .tableName(tableName)
                .keySchema(keys(manifest.keySchema()))
                .attributeDefinitions(manifest.attributeDefinitions().stream()
                        .filter(a -> used.contains(a.attributeName()))
                        .map(a -> AttributeDefinition.builder().attributeName(a.attributeName()).attributeType(a.attributeType()).build())
                        .toList())
                .billingMode(provisioned ? BillingMode.PROVISIONED : BillingMode.PAY_PER_REQUEST)
                .provisionedThroughput(provisioned ? throughput(manifest.readCapacityUnits(), manifest.writeCapacityUnits(), "the table") : null)
                .sseSpecification(dynamoDbOwnedKey ? null : encryption(manifest));
        if (!indexes.isEmpty()) {
            table.globalSecondaryIndexes(indexes);
        }
        return table.build();
    }

    /** KMS with the manifest's key (or the AWS managed key when it names none); DynamoDB's own key otherwise (the default). */
    static SSESpecification encryption(RestoreManifest manifest) {
        if (!SSEType.KMS.toString().equals(manifest.sseType())) {
            return null;
        }
        return SSESpecification.builder().enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(manifest.kmsKeyArn()).build();
    }

    private static List<KeySchemaElement> keys(List<RestoreManifest.Key> keys) {
        return keys.stream().map(k -> KeySchemaElement.builder().attributeName(k.attributeName()).keyType(k.keyType()).build()).toList();
    }

    private static Projection projection(RestoreManifest.Index index) {
        Projection.Builder projection = Projection.builder().projectionType(index.projectionType());
        if (!index.nonKeyAttributes().isEmpty()) {
            projection.nonKeyAttributes(index.nonKeyAttributes());
        }
        return projection.build();
    }

    private static ProvisionedThroughput throughput(Long read, Long write, String of) {
        if (read == null || write == null) {
            throw new IllegalArgumentException("the restore manifest says PROVISIONED but gives no read and write capacity for "
                    + of + ": the manifest is damaged");
        }
        return ProvisionedThroughput.builder().readCapacityUnits(read).writeCapacityUnits(write).build();
    }
}
