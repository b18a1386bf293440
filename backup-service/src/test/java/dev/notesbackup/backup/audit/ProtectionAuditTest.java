package dev.notesbackup.backup.audit;

import static dev.notesbackup.backup.cfn.FakeCloudFormation.validationError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.notesbackup.backup.cfn.FakeCloudFormation;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.policy.BackupNames;
import dev.notesbackup.testsupport.InMemoryDynamoDb;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStacksRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeContinuousBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;

/** The audit's decisions on what moto cannot show: time passing, paging, stack look-ups that fail, computed policies. */
class ProtectionAuditTest {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final String PREFIX = "scheduled";
    static final String TABLE_TYPE = "AWS::DynamoDB::Table";
    static final String RETAINED = "Resources:\n"
            + "  NotesTable: {Type: AWS::DynamoDB::Table, DeletionPolicy: Retain, UpdateReplacePolicy: Retain,"
            + " Properties: {TableName: !Sub '${AWS::StackName}'}}\n"
            + "  RepliesTable: {Type: AWS::DynamoDB::Table, DeletionPolicy: Retain, UpdateReplacePolicy: Retain}\n";

    final InMemoryDynamoDb dynamo = new InMemoryDynamoDb();
    final FakeCloudFormation cfn = new FakeCloudFormation();

    {
        // small pages, so that every paging path runs
        dynamo.backupPageSize = 2;
        dynamo.tablePageSize = 2;
        dynamo.tagPageSize = 1;
    }

    ProtectionAudit audit(String tables) {
        return audit(tables, ProtectionAudit.DEFAULT_SCHEDULE_PERIOD);
    }

    ProtectionAudit audit(String tables, Duration period) {
        BackupConfig config = BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, tables));
        return new ProtectionAudit(dynamo, cfn.client, Clock.fixed(NOW, ZoneOffset.UTC), config, period);
    }

    /** A backup of ours for the daily slot {@code age} before now (made at the slot's time). */
    void backupOfOurs(String table, Duration age) {
        Instant slot = NOW.minus(age);
        dynamo.addBackup(table, BackupNames.forSlot(PREFIX, table, slot), slot);
    }

    /** The notes table, fully protected, in stack quarantine-notes. */
    void protectedNotesTable() {
        dynamo.protectedTable("quarantine-notes");
        backupOfOurs("quarantine-notes", Duration.ofHours(9));
        cfn.stack("quarantine-notes", RETAINED).resource("quarantine-notes", "NotesTable", "quarantine-notes", TABLE_TYPE);
    }

    // ---- backup age ----------------------------------------------------------------------------

    @Test
    void audit_reportsStaleBackup_whenNewestOfOursOlderThanOneAndAHalfPeriods() {
        protectedNotesTable();
        dynamo.removeAllBackups();
        backupOfOurs("quarantine-notes", Duration.ofHours(37));
        backupOfOurs("quarantine-notes", Duration.ofHours(61));

        TableAudit notes = audit("quarantine-notes").audit().tables().get(0);

        assertThat(notes.status(Protection.RECENT_BACKUP)).isEqualTo(CheckStatus.MISSING);
        assertThat(notes.check(Protection.RECENT_BACKUP).orElseThrow().message()).isEqualTo(
                "2 backups of ours; the newest, scheduled-20261123T230000Z-quarantine-notes, is 1d13h old, older than 1d12h"
                        + " (one run every 1d and half a period more): the scheduled run has missed at least one backup");
        assertThat(notes.newestBackup()).isEqualTo(NOW.minus(Duration.ofHours(37)));
        assertThat(notes.isProtected()).isFalse();
    }

    @Test
    void audit_reportsRecentBackup_whenNewestOfOursJustWithinOneAndAHalfPeriods() {
        protectedNotesTable();
        dynamo.removeAllBackups();
        backupOfOurs("quarantine-notes", Duration.ofHours(36));

        AuditReport report = audit("quarantine-notes").audit();

        assertThat(report.tables().get(0).status(Protection.RECENT_BACKUP)).isEqualTo(CheckStatus.OK);
        assertThat(report.allProtected()).as(report.toText()).isTrue();
        assertThat(report.newestBackupAge(report.tables().get(0))).isEqualTo(Duration.ofHours(36));
    }

    @Test
    void audit_staleAfterFollowsThePeriod_whenScheduleIsHourly() {
        protectedNotesTable();
        dynamo.removeAllBackups();
        backupOfOurs("quarantine-notes", Duration.ofMinutes(91));

        ProtectionAudit hourly = audit("quarantine-notes", Duration.ofHours(1));

        assertThat(hourly.staleAfter()).isEqualTo(Duration.ofMinutes(90));
        assertThat(hourly.audit().tables().get(0).status(Protection.RECENT_BACKUP)).isEqualTo(CheckStatus.MISSING);
    }

    @Test
    void audit_countsOnlyAvailableUserBackupsOfOurs_whenListingSpansPages() {
        protectedNotesTable();
        dynamo.removeAllBackups();
        dynamo.backupPageSize = 2;
        // made in creation order, the order ListBackups answers in
        backupOfOurs("quarantine-notes", Duration.ofDays(3));
        dynamo.addBackup("quarantine-notes", "before-migration", NOW.minus(Duration.ofHours(60)));
        dynamo.addBackup("quarantine-notes", "scheduled-manual-copy", NOW.minus(Duration.ofHours(60)));
        backupOfOurs("quarantine-notes", Duration.ofDays(2));
        backupOfOurs("quarantine-notes", Duration.ofHours(20)); // the newest of ours, on the last page
        dynamo.addBackup("quarantine-notes", BackupNames.forSlot(PREFIX, "quarantine-notes", NOW.minusSeconds(600)),
                NOW.minusSeconds(600), "USER", "CREATING");
        dynamo.addBackup("quarantine-notes", BackupNames.forSlot(PREFIX, "quarantine-notes", NOW.minusSeconds(60)),
                NOW.minusSeconds(60), "SYSTEM", "AVAILABLE");
        backupOfOurs("quarantine-replies", Duration.ofHours(1));

        TableAudit notes = audit("quarantine-notes").audit().tables().get(0);

        assertThat(notes.ourBackups()).isEqualTo(3);
        assertThat(notes.newestBackup()).isEqualTo(NOW.minus(Duration.ofHours(20)));
        assertThat(notes.status(Protection.RECENT_BACKUP)).isEqualTo(CheckStatus.OK);
        assertThat(dynamo.requests(ListBackupsRequest.class))
                .as("USER backups of the table, page after page")
                .allSatisfy(r -> assertThat(r.backupTypeAsString()).isEqualTo("USER"))
                .allSatisfy(r -> assertThat(r.tableName()).isEqualTo("quarantine-notes"))
                .hasSize(3)
                .extracting(ListBackupsRequest::exclusiveStartBackupArn)
                .containsExactly(null, dynamo.backups().get(1).backupArn(), dynamo.backups().get(3).backupArn());
    }

    @Test
    void audit_reportsMissingBackup_whenOnlyBackupsMadeByPeople() {
        protectedNotesTable();
        dynamo.removeAllBackups();
        dynamo.addBackup("quarantine-notes", "before-migration", NOW.minus(Duration.ofHours(1)));

        TableAudit notes = audit("quarantine-notes").audit().tables().get(0);

        assertThat(notes.ourBackups()).isZero();
        assertThat(notes.check(Protection.RECENT_BACKUP).orElseThrow().message())
                .startsWith("no available backup of quarantine-notes made by this service (names starting 'scheduled-')");
    }

    // ---- the table's own protections ------------------------------------------------------------

    @Test
    void audit_reportsEachMissingProtection_whenTableLacksDeletionProtectionAndPitr() {
        protectedNotesTable();
        dynamo.table("quarantine-notes", false, false);

        TableAudit notes = audit("quarantine-notes").audit().tables().get(0);

        assertThat(notes.gaps()).extracting(Check::protection)
                .containsExactly(Protection.DELETION_PROTECTION, Protection.POINT_IN_TIME_RECOVERY);
        assertThat(notes.check(Protection.POINT_IN_TIME_RECOVERY).orElseThrow().message())
                .startsWith("point-in-time recovery is disabled: only the scheduled backups can bring the data back");
    }

    @Test
    void audit_reportsPitrUnknown_whenDescribeContinuousBackupsFails() {
        protectedNotesTable();
        dynamo.beforeCall("DescribeContinuousBackups", r -> {
            throw DynamoDbException.builder().message("User is not authorized to perform DescribeContinuousBackups")
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build()).build();
        });

        AuditReport report = audit("quarantine-notes").audit();

        Check pitr = report.tables().get(0).check(Protection.POINT_IN_TIME_RECOVERY).orElseThrow();
        assertThat(pitr.status()).isEqualTo(CheckStatus.UNKNOWN);
        assertThat(pitr.message()).contains("not authorized");
        assertThat(report.allProtected()).as("what cannot be confirmed does not count as protected").isFalse();
    }

    @Test
    void audit_reportsTableMissingAndOtherChecksNotApplicable_whenConfiguredTableDoesNotExist() {
        backupOfOurs("quarantine-notes", Duration.ofHours(3));

        TableAudit notes = audit("quarantine-notes").audit().tables().get(0);

        assertThat(notes.status(Protection.EXISTS)).isEqualTo(CheckStatus.MISSING);
        assertThat(notes.status(Protection.DELETION_PROTECTION)).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(notes.status(Protection.RECENT_BACKUP)).isEqualTo(CheckStatus.OK);
        assertThat(notes.gaps()).extracting(Check::protection).containsExactly(Protection.EXISTS);
        verify(cfn.client, never()).listStacks(any(ListStacksRequest.class));
    }

    @Test
    void audit_reportsExistsUnknown_whenDescribeTableFailsForAnotherReason() {
        protectedNotesTable();
        dynamo.beforeCall("DescribeTable", r -> {
            throw SdkClientException.create("Unable to execute HTTP request: connect timed out");
        });

        TableAudit notes = audit("quarantine-notes").audit().tables().get(0);

        assertThat(notes.check(Protection.EXISTS).orElseThrow())
                .isEqualTo(Check.unknown(Protection.EXISTS, "could not describe table quarantine-notes:"
                        + " SdkClientException: Unable to execute HTTP request: connect timed out"));
        assertThat(notes.isProtected()).isFalse();
    }

    // ---- which tables --------------------------------------------------------------------------

    @Test
    void audit_resolvesPrefixesOverEveryListTablesPageAndReportsUnmatched_whenPrefixesConfigured() {
        dynamo.tablePageSize = 2;
        for (String t : new String[] {"a-table", "quarantine-notes", "quarantine-replies", "z-table", "quarantine-zzz"}) {
            dynamo.protectedTable(t);
            backupOfOurs(t, Duration.ofHours(1));
        }

        AuditReport report = audit("z-table,quarantine-*,nothing-*").audit();

        assertThat(report.tables()).extracting(TableAudit::table)
                .containsExactly("z-table", "quarantine-notes", "quarantine-replies", "quarantine-zzz", "nothing-*");
        assertThat(report.tables().get(4).checks()).containsExactly(
                Check.missing(Protection.EXISTS, "no table matches the prefix nothing-*"));
        assertThat(dynamo.requests(ListTablesRequest.class)).as("listed once, every page").hasSize(3);
    }

    @Test
    void audit_reportsGoneTable_whenPrefixSelectsItsBackupsOfOurs() {
        dynamo.protectedTable("quarantine-notes");
        backupOfOurs("quarantine-notes", Duration.ofHours(1));
        backupOfOurs("quarantine-replies", Duration.ofDays(3)); // its table was deleted

        AuditReport report = audit("quarantine-*").audit();

        assertThat(report.tables()).extracting(TableAudit::table).containsExactly("quarantine-notes", "quarantine-replies");
        assertThat(report.tables().get(1).status(Protection.EXISTS)).isEqualTo(CheckStatus.MISSING);
        assertThat(report.allProtected()).isFalse();
    }

    @Test
    void audit_reportsPrefixUnknown_whenListTablesFails() {
        dynamo.beforeCall("ListTables", r -> {
            throw SdkClientException.create("boom");
        });

        AuditReport report = audit("quarantine-*").audit();

        assertThat(report.tables()).singleElement().satisfies(t -> {
            assertThat(t.table()).isEqualTo("quarantine-*");
            assertThat(t.status(Protection.EXISTS)).isEqualTo(CheckStatus.UNKNOWN);
        });
    }

    // ---- the owning stack ----------------------------------------------------------------------

    @Test
    void audit_findsStackByPhysicalIdWithoutStackScan_whenAwsAnswersTheLookup() {
        protectedNotesTable();

        TableAudit notes = audit("quarantine-notes").audit().tables().get(0);

        assertThat(notes.stackName()).isEqualTo("quarantine-notes");
        assertThat(notes.logicalId()).isEqualTo("NotesTable");
        assertThat(notes.status(Protection.DELETION_POLICY)).isEqualTo(CheckStatus.OK);
        assertThat(notes.status(Protection.UPDATE_REPLACE_POLICY)).isEqualTo(CheckStatus.OK);
        verify(cfn.client, never()).listStacks(any(ListStacksRequest.class));
    }

    @Test
    void audit_findsStackByTags_whenPhysicalIdLookupFails() {
        protectedNotesTable();
        cfn.physicalIdLookup = false;
        cfn.resources.clear();
        dynamo.tag("quarantine-notes", "team", "notes")
                .tag("quarantine-notes", "aws:cloudformation:stack-name", "quarantine-notes")
                .tag("quarantine-notes", "aws:cloudformation:logical-id", "NotesTable");

        TableAudit notes = audit("quarantine-notes").audit().tables().get(0);

        assertThat(notes.stackName()).isEqualTo("quarantine-notes");
        assertThat(notes.logicalId()).isEqualTo("NotesTable");
        assertThat(notes.isProtected()).isTrue();
        verify(cfn.client, never()).listStacks(any(ListStacksRequest.class));
    }

    @Test
    void audit_scansStacksOnceAndReadsEachTemplateOnce_whenNeitherLookupNorTagsWork() {
        protectedNotesTable();
        dynamo.protectedTable("quarantine-replies");
        backupOfOurs("quarantine-replies", Duration.ofHours(9));
        cfn.resource("quarantine-notes", "RepliesTable", "quarantine-replies", TABLE_TYPE);
        cfn.stack("unrelated", "Resources: {}").resource("unrelated", "Topic", "arn:topic", "AWS::SNS::Topic");
        cfn.physicalIdLookup = false;

        AuditReport report = audit("quarantine-notes,quarantine-replies").audit();

        assertThat(report.allProtected()).as(report.toText()).isTrue();
        assertThat(report.tables()).extracting(TableAudit::logicalId).containsExactly("NotesTable", "RepliesTable");
        assertThat(cfn.requestsOf(ListStacksRequest.class)).as("one listing of two stacks, one per page").hasSize(2);
        assertThat(cfn.requestsOf(GetTemplateRequest.class)).hasSize(1);
        assertThat(cfn.requestsOf(software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest.class))
                .as("the audit's IAM policy grants no cloudformation:DescribeStacks").isEmpty();
    }

    @Test
    void audit_reportsStackPoliciesUnknown_whenNoWayToTellTheOwningStack() {
        protectedNotesTable();
        cfn.physicalIdLookup = false;
        when(cfn.client.listStacks(any(ListStacksRequest.class))).thenThrow((CloudFormationException) CloudFormationException
                .builder().message("User is not authorized to perform: cloudformation:ListStacks").statusCode(403).build());

        AuditReport report = audit("quarantine-notes").audit();

        TableAudit notes = report.tables().get(0);
        assertThat(notes.stackName()).isNull();
        assertThat(notes.status(Protection.DELETION_POLICY)).isEqualTo(CheckStatus.UNKNOWN);
        assertThat(notes.check(Protection.UPDATE_REPLACE_POLICY).orElseThrow().message())
                .startsWith("could not tell which CloudFormation stack, if any, owns the table: could not read the stacks' resources:")
                .contains("not authorized");
        assertThat(report.allProtected()).isFalse();
    }

    @Test
    void audit_reportsStackPoliciesNotApplicable_whenNoStackHasTheTable() {
        dynamo.protectedTable("hand-made");
        backupOfOurs("hand-made", Duration.ofHours(2));
        cfn.stack("quarantine-notes", RETAINED).resource("quarantine-notes", "NotesTable", "quarantine-notes", TABLE_TYPE);

        AuditReport report = audit("hand-made").audit();

        assertThat(report.tables().get(0).status(Protection.DELETION_POLICY)).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(report.allProtected()).isTrue();
    }

    @Test
    void audit_readsEachPolicy_whenPoliciesAreDeleteAbsentOrComputed() {
        dynamo.protectedTable("t-delete").protectedTable("t-none").protectedTable("t-if");
        for (String t : new String[] {"t-delete", "t-none", "t-if"}) {
            backupOfOurs(t, Duration.ofHours(1));
        }
        cfn.stack("app", "Conditions: {Prod: !Equals [a, b]}\nResources:\n"
                        + "  Del: {Type: AWS::DynamoDB::Table, DeletionPolicy: Delete, UpdateReplacePolicy: Snapshot}\n"
                        + "  None: {Type: AWS::DynamoDB::Table}\n"
                        + "  If: {Type: AWS::DynamoDB::Table, DeletionPolicy: !If [Prod, Retain, Delete], UpdateReplacePolicy: Retain}\n")
                .resource("app", "Del", "t-delete", TABLE_TYPE)
                .resource("app", "None", "t-none", TABLE_TYPE)
                .resource("app", "If", "t-if", TABLE_TYPE);

        AuditReport report = audit("t-delete,t-none,t-if").audit();

        TableAudit del = report.tables().get(0);
        TableAudit none = report.tables().get(1);
        TableAudit computed = report.tables().get(2);
        assertThat(del.check(Protection.DELETION_POLICY).orElseThrow().message())
                .isEqualTo("DeletionPolicy Delete in stack app (logical id Del): CloudFormation deletes the table when the"
                        + " stack is deleted or the template drops it");
        assertThat(del.status(Protection.UPDATE_REPLACE_POLICY)).isEqualTo(CheckStatus.MISSING);
        assertThat(none.status(Protection.DELETION_POLICY)).isEqualTo(CheckStatus.MISSING);
        assertThat(none.check(Protection.UPDATE_REPLACE_POLICY).orElseThrow().message())
                .startsWith("no UpdateReplacePolicy in stack app (logical id None), so CloudFormation's default, Delete, applies");
        assertThat(computed.status(Protection.DELETION_POLICY)).isEqualTo(CheckStatus.UNKNOWN);
        assertThat(computed.check(Protection.DELETION_POLICY).orElseThrow().message()).contains("is computed ({Fn::If=[Prod, Retain, Delete]})");
        assertThat(computed.status(Protection.UPDATE_REPLACE_POLICY)).isEqualTo(CheckStatus.OK);
    }

    @Test
    void audit_reportsPoliciesUnknown_whenTemplateCannotBeRead() {
        protectedNotesTable();
        when(cfn.client.getTemplate(any(GetTemplateRequest.class))).thenThrow(validationError("Rate exceeded"));

        TableAudit notes = audit("quarantine-notes").audit().tables().get(0);

        assertThat(notes.status(Protection.DELETION_POLICY)).isEqualTo(CheckStatus.UNKNOWN);
        assertThat(notes.check(Protection.DELETION_POLICY).orElseThrow().message())
                .startsWith("table quarantine-notes belongs to stack quarantine-notes (logical id NotesTable), but its template"
                        + " could not be read: ");
    }

    // ---- the report ----------------------------------------------------------------------------

    @Test
    void report_rendersTextAndJson_whenOneTableProtectedAndOneNot() {
        protectedNotesTable();
        dynamo.table("plain", false, false);

        AuditReport report = audit("quarantine-notes,plain").audit();
        String text = report.toText();

        assertThat(text).isEqualTo(String.join("\n",
                "Protection audit at 2026-11-25T12:00:00Z: NOT PROTECTED: 1 of 2 tables miss a protection (plain)",
                "Backups every 1d, stale after 1d12h, names starting 'scheduled-'.",
                "Vault: not configured: every copy of the tables lives in this account, where whoever can delete them can delete it.",
                "",
                "TABLE             EXISTS  DEL-PROTECTION  PITR     LAST BACKUP  DELETION-POLICY  REPLACE-POLICY  STACK",
                "quarantine-notes  OK      OK              OK       OK 9h (1)    OK               OK              quarantine-notes/NotesTable",
                "plain             OK      MISSING         MISSING  MISSING (0)  n/a              n/a             -",
                "",
                "plain:",
                "  MISSING deletion protection: deletion protection is off: a DeleteTable call, or a stack update that drops"
                        + " the table, deletes it with all its items",
                "  MISSING point-in-time recovery: point-in-time recovery is disabled: only the scheduled backups can bring"
                        + " the data back, losing up to a day of writes",
                "  MISSING recent backup: no available backup of plain made by this service (names starting 'scheduled-'):"
                        + " has the scheduled run ever backed it up?",
                ""));
        assertThat(report.toJson())
                .startsWith("{\"type\":\"protection-audit\",\"at\":\"2026-11-25T12:00:00Z\",\"allProtected\":false,"
                        + "\"schedulePeriodSeconds\":86400,\"staleAfterSeconds\":129600,\"namePrefix\":\"scheduled\",\"tables\":["
                        + "{\"table\":\"quarantine-notes\",\"protected\":true,\"ourBackups\":1,\"newestBackup\":\"2026-11-25T03:00:00Z\","
                        + "\"newestBackupAgeSeconds\":32400,\"stack\":\"quarantine-notes\",\"logicalId\":\"NotesTable\",\"checks\":[")
                .contains("{\"table\":\"plain\",\"protected\":false,\"ourBackups\":0,\"newestBackup\":null,"
                        + "\"newestBackupAgeSeconds\":null,\"stack\":null,\"logicalId\":null,\"checks\":[{\"check\":\"EXISTS\",\"status\":\"OK\"");
    }

    @Test
    void human_formatsDurationsShortly_always() {
        assertThat(AuditReport.human(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(AuditReport.human(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(AuditReport.human(Duration.ofHours(36))).isEqualTo("1d12h");
        assertThat(AuditReport.human(Duration.ofDays(2))).isEqualTo("2d");
    }

    @Test
    void constructor_rejectsPeriod_whenNotPositive() {
        assertThatThrownBy(() -> audit("t-table", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
