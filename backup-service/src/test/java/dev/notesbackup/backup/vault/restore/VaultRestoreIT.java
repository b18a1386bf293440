package dev.notesbackup.backup.vault.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notesbackup.backup.restore.RestoreException;
import dev.notesbackup.backup.vault.ExportCompletion;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** Restores from a vault on moto, through the real SDK over HTTP (see {@link MotoVault} for what the test builds). */
@ExtendWith(MotoExtension.class)
class VaultRestoreIT {
    static final Instant SLOT = Instant.parse("2026-11-25T03:00:00Z");
    static final Instant NOW = SLOT.plus(Duration.ofHours(6));

    MotoVault vault;
    DynamoDbClient recorded;
    final List<String> operations = new ArrayList<>();

    @BeforeEach
    void setUp(MotoServer moto) {
        vault = new MotoVault(moto.endpoint());
        vault.createBucket();
        recorded = LocalAws.dynamoDb(moto.endpoint(), ClientOverrideConfiguration.builder()
                .addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                    }
                }).build());
    }

    @AfterEach
    void tearDown() {
        vault.close();
        recorded.close();
    }

    VaultRestore restore() {
        return new VaultRestore(vault.s3, recorded, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(50), Duration.ofMinutes(1));
    }

    /** Every item of a table by its key, compared by value (sets as sets). */
    Map<String, Map<String, Object>> scanAll(String table) {
        Map<String, Map<String, Object>> items = new TreeMap<>();
        vault.dynamo.scanPaginator(r -> r.tableName(table)).items()
                .forEach(item -> items.put(item.get("pk").s() + "|" + item.get("sk").s(), comparable(item)));
        return items;
    }

    static Map<String, Object> comparable(Map<String, AttributeValue> item) {
        Map<String, Object> result = new TreeMap<>();
        item.forEach((name, value) -> result.put(name, comparable(value)));
        return result;
    }

    static Object comparable(AttributeValue v) {
        if (v.hasSs()) {
            return new java.util.TreeSet<>(v.ss());
        }
        if (v.hasNs()) {
            return new java.util.TreeSet<>(v.ns().stream().map(java.math.BigDecimal::new).map(java.math.BigDecimal::stripTrailingZeros).toList());
        }
        if (v.hasM()) {
            return comparable(v.m());
        }
        if (v.hasL()) {
            return v.l().stream().map(VaultRestoreIT::comparable).toList();
        }
        return v;
    }

    @Test
    void restore_rebuildsTheTableWithItsIndexesAndSettings_andEveryItemEqual() {
        vault.notesTable("notes");
        vault.export("notes", SLOT);
        TableDescription source = vault.dynamo.describeTable(r -> r.tableName("notes")).table();
        List<String> progress = new ArrayList<>();

        VaultRestore.Result result = restore().restore(vault.location(), "notes", Optional.empty(), "notes-restored",
                VaultRestore.Encryption.AS_MANIFEST, progress::add);

        TableDescription restored = vault.dynamo.describeTable(r -> r.tableName("notes-restored")).table();
        assertThat(restored.keySchema()).isEqualTo(source.keySchema());
        assertThat(restored.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(restored.globalSecondaryIndexes()).singleElement().satisfies(index -> {
            GlobalSecondaryIndexDescription original = source.globalSecondaryIndexes().get(0);
            assertThat(index.indexName()).isEqualTo("byAuthor");
            assertThat(index.keySchema()).isEqualTo(original.keySchema());
            assertThat(index.projection()).isEqualTo(original.projection());
        });
        assertThat(restored.deletionProtectionEnabled()).isTrue();
        assertThat(restored.streamSpecification().streamEnabled()).isTrue();
        assertThat(restored.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(vault.dynamo.describeTimeToLive(r -> r.tableName("notes-restored")).timeToLiveDescription())
                .satisfies(ttl -> {
                    assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
                    assertThat(ttl.attributeName()).isEqualTo("expiresAt");
                });
        assertThat(vault.dynamo.describeContinuousBackups(r -> r.tableName("notes-restored")).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        assertThat(vault.dynamo.listTagsOfResource(r -> r.resourceArn(restored.tableArn())).tags())
                .extracting(Tag::key, Tag::value)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("app", "notes"),
                        org.assertj.core.groups.Tuple.tuple("team", "Zoë 🦊"));
        Map<String, Map<String, Object>> original = scanAll("notes");
        Map<String, Map<String, Object>> copy = scanAll("notes-restored");
        assertThat(copy.keySet()).isEqualTo(original.keySet()).hasSize(7);
        original.forEach((key, item) -> item.forEach((name, value) ->
                assertThat(copy.get(key)).as(key + " " + name).containsEntry(name, value)));
        assertThat(copy).isEqualTo(original);

        assertThat(result.importedItems()).isEqualTo(7);
        assertThat(result.expectedItems()).isEqualTo(7);
        assertThat(result.complete()).as(result.summary().toString()).isFalse(); // the aws:* tag cannot be set by anyone but AWS
        assertThat(result.settings()).extracting(VaultRestore.Setting::toString).contains(
                "global secondary indexes: set at import (byAuthor)",
                "time to live: re-applied (attribute expiresAt)",
                "point-in-time recovery: re-applied",
                "deletion protection: re-applied",
                "tags: re-applied (2 tags)",
                "stream: re-applied (NEW_AND_OLD_IMAGES)",
                "local secondary indexes: not set on the source",
                "table class: not set on the source (STANDARD, the default)");
        assertThat(result.settings()).anySatisfy(s -> assertThat(s.toString())
                .startsWith("AWS tags: NOT re-applied (aws:cloudformation:stack-name: only AWS sets aws:* tags"));
        assertThat(progress).anySatisfy(line -> assertThat(line).startsWith("  import COMPLETED: 7 items"));
        assertThat(operations).contains("ImportTable", "DescribeImport");
    }

    @Test
    void restore_before_takesTheNewestExportAtOrBeforeThatTime() {
        vault.provisionedTableWithLocalIndex("orders", 3);
        vault.export("orders", SLOT.minus(Duration.ofDays(2)));
        vault.putItems("orders", 3, 5);
        vault.export("orders", SLOT.minus(Duration.ofDays(1)));
        vault.putItems("orders", 5, 9);
        vault.export("orders", SLOT);

        VaultRestore.Result dayBefore = restore().restore(vault.location(), "orders",
                Optional.of(SLOT.minus(Duration.ofDays(1)).plusSeconds(5)), "orders-day-before", VaultRestore.Encryption.AS_MANIFEST, line -> { });
        VaultRestore.Result latest = restore().restore(vault.location(), "orders", Optional.empty(), "orders-latest",
                VaultRestore.Encryption.AS_MANIFEST, line -> { });

        assertThat(dayBefore.slot()).isEqualTo(SLOT.minus(Duration.ofDays(1)));
        assertThat(vault.dynamo.scan(r -> r.tableName("orders-day-before")).count()).isEqualTo(5);
        assertThat(latest.slot()).isEqualTo(SLOT);
        assertThat(vault.dynamo.scan(r -> r.tableName("orders-latest")).count()).isEqualTo(9);
        TableDescription restored = vault.dynamo.describeTable(r -> r.tableName("orders-latest")).table();
        assertThat(restored.provisionedThroughput().readCapacityUnits()).isEqualTo(7L);
        assertThat(restored.provisionedThroughput().writeCapacityUnits()).isEqualTo(3L);
        assertThat(restored.localSecondaryIndexes()).isEmpty();
        assertThat(latest.complete()).isFalse();
        assertThat(latest.settings()).anySatisfy(s -> assertThat(s.toString())
                .startsWith("local secondary indexes: NOT re-applied (byTime: ImportTable creates no local indexes"));
    }

    @Test
    void restore_failsLoudly_whenTheImportedCountDiffersFromTheExports() {
        vault.notesTable("notes");
        MotoVault.Slot slot = vault.export("notes", SLOT, false);
        vault.writeCompletion("notes", SLOT, new ExportCompletion(ExportCompletion.FORMAT_VERSION, slot.exportArn(), "COMPLETED",
                SLOT, SLOT, SLOT.plusSeconds(60), 9L, 100L, null, null));

        assertThatThrownBy(() -> restore().restore(vault.location(), "notes", Optional.empty(), "notes-restored",
                VaultRestore.Encryption.AS_MANIFEST, line -> { }))
                .isInstanceOf(RestoreException.class)
                .hasMessageStartingWith("Table notes-restored holds 7 imported items, but the export recorded 9.")
                .hasMessageContaining("do not send traffic to it");
    }

    @Test
    void restore_intoAnExistingTable_isRefusedBeforeAnyImport_andChangesNothing() {
        vault.notesTable("notes");
        vault.export("notes", SLOT);
        vault.provisionedTableWithLocalIndex("taken", 2);

        assertThatThrownBy(() -> restore().restore(vault.location(), "notes", Optional.empty(), "taken",
                VaultRestore.Encryption.AS_MANIFEST, line -> { }))
                .isInstanceOf(RestoreException.class)
                .hasMessage("Table taken already exists. A restore from the vault creates a new table: choose another --to,"
                        + " or delete or rename the existing table first.");
        assertThat(operations).doesNotContain("ImportTable", "UpdateTable", "TagResource", "UpdateTimeToLive", "UpdateContinuousBackups");
        assertThat(vault.dynamo.scan(r -> r.tableName("taken")).count()).isEqualTo(2);
        assertThat(vault.dynamo.describeTable(r -> r.tableName("taken")).table().globalSecondaryIndexes()).isEmpty();
    }

    @Test
    void restore_namesWhatIsMissing_whenTableSlotOrBucketIsNot() {
        vault.notesTable("notes");
        vault.export("notes", SLOT, false); // no completion: IN_PROGRESS, not restorable

        assertThatThrownBy(() -> restore().restore(vault.location(), "replies", Optional.empty(), "r2", VaultRestore.Encryption.AS_MANIFEST, l -> { }))
                .hasMessageStartingWith("The vault holds no export of table replies under this prefix");
        assertThatThrownBy(() -> restore().restore(vault.location(), "notes", Optional.empty(), "n2", VaultRestore.Encryption.AS_MANIFEST, l -> { }))
                .hasMessage("No COMPLETED export of table notes (the vault holds: 2026-11-25T03:00:00Z IN_PROGRESS)."
                        + " `vault list --table notes` says why each is not restorable.");
        assertThatThrownBy(() -> restore().restore(new VaultLocation("no-such-vault", MotoVault.ACCOUNT, MotoVault.PREFIX), "notes",
                Optional.empty(), "n2", VaultRestore.Encryption.AS_MANIFEST, l -> { }))
                .isInstanceOf(RestoreException.class)
                .hasMessageStartingWith("The vault bucket no-such-vault does not exist in account 123456789012");
        assertThat(operations).doesNotContain("ImportTable");
    }

    @Test
    void exports_listEverySlotWithStatusItemsSizeAndLock() {
        vault.notesTable("notes");
        vault.export("notes", SLOT.minus(Duration.ofDays(2)), false);
        MotoVault.Slot failed = vault.export("notes", SLOT.minus(Duration.ofDays(1)), false);
        vault.writeCompletion("notes", failed.slot(), new ExportCompletion(ExportCompletion.FORMAT_VERSION, failed.exportArn(),
                "FAILED", failed.slot(), failed.slot(), failed.slot(), null, null, "S3NoSuchBucket", "The specified bucket does not exist"));
        vault.export("notes", SLOT);

        List<VaultExport> exports = restore().exports(vault.location(), "notes");

        assertThat(exports).extracting(VaultExport::slot, VaultExport::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SLOT.minus(Duration.ofDays(2)), ExportStatus.INCOMPLETE),
                org.assertj.core.groups.Tuple.tuple(SLOT.minus(Duration.ofDays(1)), ExportStatus.FAILED),
                org.assertj.core.groups.Tuple.tuple(SLOT, ExportStatus.COMPLETED));
        VaultExport newest = exports.get(2);
        assertThat(newest.itemCount()).isEqualTo(7);
        assertThat(newest.sizeBytes()).isPositive();
        assertThat(newest.exportTime()).isEqualTo(SLOT.plusSeconds(5));
        assertThat(newest.dataObjects()).isEqualTo(1);
        assertThat(newest.aws().summaryItemCount()).isEqualTo(7);
        assertThat(newest.aws().filesItemCount()).isEqualTo(7);
        // moto applies the default retention to PutObject: both the manifest and the moved data file are locked for 30 days
        assertThat(newest.lockedUntil()).isAfter(Instant.now().plus(Duration.ofDays(29)));
        assertThat(newest.notes()).isEmpty();
        assertThat(exports.get(0).notes()).anySatisfy(n -> assertThat(n).startsWith("no completion record 54 h after the slot"));
        assertThat(exports.get(1).notes()).contains("the export failed: S3NoSuchBucket: The specified bucket does not exist");
    }
}
