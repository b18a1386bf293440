package dev.notesbackup.backup.vault.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notesbackup.backup.vault.RestoreManifest;
import dev.notesbackup.backup.vault.RestoreManifest.Attribute;
import dev.notesbackup.backup.vault.RestoreManifest.Index;
import dev.notesbackup.backup.vault.RestoreManifest.Key;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TableCreationParameters;

class TableCreationTest {
    static final String KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    static RestoreManifest manifest(String billing, Long read, Long write, String sseType, String kmsKey, Long indexRead) {
        return new RestoreManifest(RestoreManifest.FORMAT_VERSION, "notes", "arn:aws:dynamodb:eu-west-1:111122223333:table/notes",
                Instant.parse("2026-11-25T03:00:00Z"), "arn:aws:dynamodb:eu-west-1:111122223333:table/notes/export/01764039600000-a1b2c3d4",
                Instant.parse("2026-11-25T03:00:05Z"), "vault", "444455556666", "111122223333/notes/20261125T030000Z",
                List.of(new Key("pk", "HASH"), new Key("sk", "RANGE")),
                List.of(new Attribute("pk", "S"), new Attribute("sk", "S"), new Attribute("author", "S"),
                        new Attribute("createdAt", "N"), new Attribute("at", "N")),
                List.of(new Index("byAuthor", List.of(new Key("author", "HASH"), new Key("createdAt", "RANGE")), "INCLUDE",
                        List.of("text"), indexRead, indexRead == null ? null : 2L),
                        new Index("byCreated", List.of(new Key("createdAt", "HASH")), "KEYS_ONLY", List.of(), indexRead,
                                indexRead == null ? null : 2L)),
                List.of(new Index("byTime", List.of(new Key("pk", "HASH"), new Key("at", "RANGE")), "ALL", List.of(), null, null)),
                billing, read, write, "expiresAt", "NEW_IMAGE", sseType, kmsKey, "STANDARD", Map.of("app", "notes"), true, true);
    }

    @Test
    void parameters_rebuildKeysIndexesAndOnDemandBilling_fromTheManifest() {
        TableCreationParameters p = TableCreation.parameters(manifest("PAY_PER_REQUEST", null, null, "AES256", null, null), "notes-back", false);

        assertThat(p.tableName()).isEqualTo("notes-back");
        assertThat(p.keySchema()).extracting(k -> k.attributeName() + " " + k.keyTypeAsString()).containsExactly("pk HASH", "sk RANGE");
        assertThat(p.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(p.provisionedThroughput()).isNull();
        assertThat(p.globalSecondaryIndexes()).hasSize(2);
        GlobalSecondaryIndex byAuthor = p.globalSecondaryIndexes().get(0);
        assertThat(byAuthor.indexName()).isEqualTo("byAuthor");
        assertThat(byAuthor.keySchema()).extracting(k -> k.attributeName() + " " + k.keyTypeAsString())
                .containsExactly("author HASH", "createdAt RANGE");
        assertThat(byAuthor.projection().projectionType()).isEqualTo(ProjectionType.INCLUDE);
        assertThat(byAuthor.projection().nonKeyAttributes()).containsExactly("text");
        assertThat(byAuthor.provisionedThroughput()).isNull();
        assertThat(p.globalSecondaryIndexes().get(1).projection().hasNonKeyAttributes()).isFalse();
        assertThat(p.sseSpecification()).isNull();
    }

    @Test
    void parameters_dropTheLocalIndexesSortKey_fromTheAttributeDefinitions_sinceTheImportCreatesNoLocalIndex() {
        TableCreationParameters p = TableCreation.parameters(manifest("PAY_PER_REQUEST", null, null, "AES256", null, null), "t-1", false);

        assertThat(p.attributeDefinitions()).extracting(a -> a.attributeName() + " " + a.attributeTypeAsString())
                .containsExactly("pk S", "sk S", "author S", "createdAt N");
    }

    @Test
    void parameters_carryTableAndIndexCapacity_whenProvisioned() {
        TableCreationParameters p = TableCreation.parameters(manifest("PROVISIONED", 7L, 3L, "AES256", null, 5L), "t-1", false);

        assertThat(p.billingMode()).isEqualTo(BillingMode.PROVISIONED);
        assertThat(p.provisionedThroughput().readCapacityUnits()).isEqualTo(7L);
        assertThat(p.provisionedThroughput().writeCapacityUnits()).isEqualTo(3L);
        assertThat(p.globalSecondaryIndexes()).allSatisfy(i -> {
            assertThat(i.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
            assertThat(i.provisionedThroughput().writeCapacityUnits()).isEqualTo(2L);
        });
    }

    @Test
    void parameters_refuseAProvisionedManifestWithoutCapacity() {
        assertThatThrownBy(() -> TableCreation.parameters(manifest("PROVISIONED", null, null, "AES256", null, null), "t-1", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("says PROVISIONED but gives no read and write capacity");
    }

    @Test
    void parameters_keepTheKmsKey_unlessDynamoDbsOwnKeyIsAsked() {
        assertThat(TableCreation.parameters(manifest("PAY_PER_REQUEST", null, null, "KMS", KEY, null), "t-1", false).sseSpecification())
                .satisfies(sse -> {
                    assertThat(sse.enabled()).isTrue();
                    assertThat(sse.sseType()).isEqualTo(SSEType.KMS);
                    assertThat(sse.kmsMasterKeyId()).isEqualTo(KEY);
                });
        assertThat(TableCreation.parameters(manifest("PAY_PER_REQUEST", null, null, "KMS", null, null), "t-1", false)
                .sseSpecification().kmsMasterKeyId()).isNull(); // the AWS managed key
        assertThat(TableCreation.parameters(manifest("PAY_PER_REQUEST", null, null, "KMS", KEY, null), "t-1", true).sseSpecification()).isNull();
    }

    @Test
    void atImport_saysLocalIndexesAreNotRebuilt_andWhichKeyEncrypts() {
        List<VaultRestore.Setting> settings = VaultRestore.atImport(manifest("PAY_PER_REQUEST", null, null, "KMS", KEY, null),
                VaultRestore.Encryption.DYNAMODB_OWNED_KEY);

        assertThat(settings).extracting(VaultRestore.Setting::toString).contains(
                "key schema: set at import (pk HASH, sk RANGE)",
                "billing mode: set at import (PAY_PER_REQUEST)",
                "global secondary indexes: set at import (byAuthor, byCreated)",
                "encryption: NOT re-applied (the source used KMS key " + KEY + "; DynamoDB's own key was asked for instead)");
        assertThat(settings).anySatisfy(s -> assertThat(s.toString()).startsWith(
                "local secondary indexes: NOT re-applied (byTime: ImportTable creates no local indexes and DynamoDB adds them only when a table is created"));
    }
}
