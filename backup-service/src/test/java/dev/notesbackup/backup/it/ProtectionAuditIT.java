package dev.notesbackup.backup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.backup.audit.AuditReport;
import dev.notesbackup.backup.audit.CheckStatus;
import dev.notesbackup.backup.audit.Protection;
import dev.notesbackup.backup.audit.ProtectionAudit;
import dev.notesbackup.backup.audit.TableAudit;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.policy.BackupNames;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.testsupport.StackWait;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The protection audit against moto through the real SDK. What moto does and does not do here:
 * it applies {@code DeletionProtectionEnabled} from a template but not
 * {@code PointInTimeRecoverySpecification} (the tests turn PITR on with UpdateContinuousBackups);
 * DescribeStackResources by PhysicalResourceId fails ("Stack with id None does not exist") and
 * tables made by a stack carry no {@code aws:cloudformation:*} tags, so the audit finds the owning
 * stack through its index of every stack's resources; backup creation times are moto's wall clock.
 */
@ExtendWith(MotoExtension.class)
class ProtectionAuditIT {
    static final String PREFIX = BackupConfig.DEFAULT_NAME_PREFIX;

    CloudFormationClient cfn;
    DynamoDbClient dynamo;
    final Clock clock = Clock.systemUTC();

    @BeforeEach
    void clients(MotoServer moto) {
        cfn = LocalAws.client(CloudFormationClient.builder(), moto.endpoint(), LocalAws.noRetries());
        dynamo = LocalAws.dynamoDb(moto.endpoint());
    }

    @AfterEach
    void closeClients() {
        cfn.close();
        dynamo.close();
    }

    void deployStack(String name, String fixture) {
        cfn.createStack(r -> r.stackName(name).templateBody(DeployGuardIT.fixture(fixture)));
        StackWait.untilCreateComplete(cfn, name);
    }

    /** The protected notes stack, with PITR turned on by hand (moto ignores it in templates) and a backup of ours each. */
    void deployProtectedNotesStack() {
        deployStack("quarantine-notes", "notes-stack.yaml");
        for (String table : new String[] {"quarantine-notes", "quarantine-replies"}) {
            dynamo.updateContinuousBackups(r -> r.tableName(table)
                    .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
            backUp(table);
        }
    }

    void backUp(String table) {
        Instant slot = clock.instant().truncatedTo(ChronoUnit.HOURS);
        dynamo.createBackup(r -> r.tableName(table).backupName(BackupNames.forSlot(PREFIX, table, slot)));
    }

    void createPlainTable(String name) {
        dynamo.createTable(r -> r.tableName(name)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    AuditReport audit(String tables) {
        BackupConfig config = BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, tables));
        return new ProtectionAudit(dynamo, cfn, clock, config).audit();
    }

    static TableAudit table(AuditReport report, String name) {
        return report.tables().stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void audit_reportsAllProtected_whenTheNotesStacksTablesHavePitrAndABackupOfOurs() {
        deployProtectedNotesStack();

        AuditReport report = audit("quarantine-notes,quarantine-replies");

        assertThat(report.allProtected()).as(report.toText()).isTrue();
        TableAudit notes = table(report, "quarantine-notes");
        assertThat(notes.checks()).extracting(c -> c.status()).containsOnly(CheckStatus.OK);
        assertThat(notes.checks()).extracting(c -> c.protection()).containsExactly(Protection.EXISTS, Protection.DELETION_PROTECTION,
                Protection.POINT_IN_TIME_RECOVERY, Protection.RECENT_BACKUP, Protection.DELETION_POLICY,
                Protection.UPDATE_REPLACE_POLICY); // every protection but the vault's, which is checked only with a vault
        assertThat(notes.stackName()).isEqualTo("quarantine-notes");
        assertThat(notes.logicalId()).isEqualTo("NotesTable");
        assertThat(notes.ourBackups()).isEqualTo(1);
        assertThat(notes.check(Protection.DELETION_POLICY).orElseThrow().message())
                .isEqualTo("DeletionPolicy Retain in stack quarantine-notes (logical id NotesTable): deleting the stack"
                        + " or dropping the table from the template leaves the table in place");
        assertThat(table(report, "quarantine-replies").logicalId()).isEqualTo("RepliesTable");
        assertThat(report.toText()).startsWith("Protection audit at ").contains("ALL PROTECTED: 2 of 2 tables");
    }

    @Test
    void audit_reportsWhatIsMissing_whenATableWasCreatedDirectlyWithoutPitrOrDeletionProtection() throws Exception {
        deployProtectedNotesStack();
        createPlainTable("plain-table");

        AuditReport report = audit("quarantine-*,plain-table");

        assertThat(report.allProtected()).isFalse();
        assertThat(report.tables()).extracting(TableAudit::table)
                .containsExactly("quarantine-notes", "quarantine-replies", "plain-table");
        assertThat(report.unprotected()).extracting(TableAudit::table).containsExactly("plain-table");
        TableAudit plain = table(report, "plain-table");
        assertThat(plain.gaps()).extracting(c -> c.protection()).containsExactly(
                Protection.DELETION_PROTECTION, Protection.POINT_IN_TIME_RECOVERY, Protection.RECENT_BACKUP);
        assertThat(plain.status(Protection.EXISTS)).isEqualTo(CheckStatus.OK);
        assertThat(plain.status(Protection.DELETION_POLICY)).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(plain.stackName()).isNull();
        assertThat(plain.check(Protection.DELETION_PROTECTION).orElseThrow().message()).startsWith("deletion protection is off");
        assertThat(plain.check(Protection.POINT_IN_TIME_RECOVERY).orElseThrow().message()).startsWith("point-in-time recovery is disabled");

        String text = report.toText();
        assertThat(text).contains("NOT PROTECTED: 1 of 3 tables miss a protection (plain-table)")
                .contains("plain-table:\n  MISSING deletion protection: deletion protection is off")
                .contains("  MISSING point-in-time recovery: ")
                .contains("  MISSING recent backup: no available backup of plain-table made by this service");
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.get("allProtected").asBoolean()).isFalse();
        assertThat(json.get("tables")).hasSize(3);
        JsonNode plainJson = json.get("tables").get(2);
        assertThat(plainJson.get("table").asText()).isEqualTo("plain-table");
        assertThat(plainJson.get("protected").asBoolean()).isFalse();
        assertThat(plainJson.get("checks").get(1).get("check").asText()).isEqualTo("DELETION_PROTECTION");
        assertThat(plainJson.get("checks").get(1).get("status").asText()).isEqualTo("MISSING");
    }

    @Test
    void audit_reportsMissingStackPolicies_whenATablesStackDoesNotRetainIt() {
        deployStack("links", "other-project.yaml");
        dynamo.updateContinuousBackups(r -> r.tableName("short-links")
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        dynamo.updateTable(r -> r.tableName("short-links").deletionProtectionEnabled(true));
        backUp("short-links");

        AuditReport report = audit("short-links");

        TableAudit links = table(report, "short-links");
        assertThat(links.stackName()).isEqualTo("links");
        assertThat(links.logicalId()).isEqualTo("LinksTable");
        assertThat(links.gaps()).extracting(c -> c.protection())
                .containsExactly(Protection.DELETION_POLICY, Protection.UPDATE_REPLACE_POLICY);
        assertThat(links.check(Protection.DELETION_POLICY).orElseThrow().message())
                .startsWith("no DeletionPolicy in stack links (logical id LinksTable), so CloudFormation's default, Delete, applies");
        assertThat(report.allProtected()).isFalse();
    }

    @Test
    void audit_countsTheBackupsOfATable_whenTheTableWasDeleted() {
        createPlainTable("gone-table");
        backUp("gone-table");
        dynamo.deleteTable(r -> r.tableName("gone-table"));

        AuditReport report = audit("gone-table");

        TableAudit gone = table(report, "gone-table");
        assertThat(gone.status(Protection.EXISTS)).isEqualTo(CheckStatus.MISSING);
        assertThat(gone.ourBackups()).as("backups outlive their table").isEqualTo(1);
        assertThat(gone.status(Protection.RECENT_BACKUP)).isEqualTo(CheckStatus.OK);
        assertThat(report.allProtected()).isFalse();
    }
}
