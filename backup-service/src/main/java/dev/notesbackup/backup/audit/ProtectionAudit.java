package dev.notesbackup.backup.audit;

import dev.notesbackup.backup.aws.BackupPager;
import dev.notesbackup.backup.aws.DeletedTableBackups;
import dev.notesbackup.backup.aws.TableResolver;
import dev.notesbackup.backup.aws.TableResolver.Selected;
import dev.notesbackup.backup.aws.Tables;
import dev.notesbackup.backup.cfn.CloudFormationTemplate;
import dev.notesbackup.backup.cfn.StackOwnership;
import dev.notesbackup.backup.cfn.StackOwnership.Owner;
import dev.notesbackup.backup.cfn.Stacks;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.config.TableSelector;
import dev.notesbackup.backup.policy.BackupInfo;
import dev.notesbackup.backup.policy.BackupNames;
import dev.notesbackup.backup.policy.RetentionPolicy;
import dev.notesbackup.backup.policy.RetentionRules;
import dev.notesbackup.backup.vault.restore.VaultLocation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.ExportSummary;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Checks, for every configured table, what protects it: it exists; deletion protection is on;
 * point-in-time recovery is on; a recent backup of ours exists; and, when the table belongs to a
 * CloudFormation stack, the stack's template gives it {@code DeletionPolicy: Retain} and
 * {@code UpdateReplacePolicy: Retain}. Reads only; changes nothing.
 *
 * <p>A backup is due every schedule period; the newest one of ours is stale when it is older than
 * 1.5 periods (36 h for the daily schedule): the extra half period covers the run's own duration
 * and EventBridge's delay, and one missed run shows as stale well before the next one is due.
 *
 * <p>{@link StackOwnership} finds the owning stack and reads its template.
 *
 * <p>With a vault, each table's newest COMPLETED export into the vault's bucket (and prefix) is read
 * on the DynamoDB side (ListExports, DescribeExport: the app account may call them, while the bucket
 * is the vault account's) and is stale by the same measure as the backups.
 */
public final class ProtectionAudit {
    public static final Duration DEFAULT_SCHEDULE_PERIOD = Duration.ofDays(1);

    private final DynamoDbClient dynamo;
    private final CloudFormationClient cfn;
    private final Clock clock;
    private final BackupConfig config;
    private final Duration schedulePeriod;
    private final Optional<VaultLocation> vault;

    public ProtectionAudit(DynamoDbClient dynamo, CloudFormationClient cfn, Clock clock, BackupConfig config) {
        this(dynamo, cfn, clock, config, DEFAULT_SCHEDULE_PERIOD);
    }

    public ProtectionAudit(DynamoDbClient dynamo, CloudFormationClient cfn, Clock clock, BackupConfig config,
                           Duration schedulePeriod) {
        this(dynamo, cfn, clock, config, schedulePeriod, Optional.empty());
    }

    /** @param vault the vault the backup run exports the tables to, empty when none is configured */
    public ProtectionAudit(DynamoDbClient dynamo, CloudFormationClient cfn, Clock clock, BackupConfig config,
                           Duration schedulePeriod, Optional<VaultLocation> vault) {
        if (schedulePeriod.isNegative() || schedulePeriod.isZero()) {
            throw new IllegalArgumentException("The schedule period must be positive, got " + schedulePeriod);
        }
        this.dynamo = dynamo;
        this.cfn = cfn;
        this.clock = clock;
        this.config = config;
        this.schedulePeriod = schedulePeriod;
        this.vault = vault;
    }

    /** A newest backup of ours older than this is stale: one and a half schedule periods. */
    public Duration staleAfter() {
        return schedulePeriod.plus(schedulePeriod.dividedBy(2));
    }

    public AuditReport audit() {
        Instant now = clock.instant();
        Run run = new Run(now);
        List<TableAudit> tables = new ArrayList<>();
        for (Selected selected : run.resolveTables()) {
            if (selected instanceof TableResolver.Table table) {
                tables.add(run.auditTable(table.name()));
            } else if (selected instanceof TableResolver.NoMatch none) {
                tables.add(notThere(none.prefix(), Check.missing(Protection.EXISTS, "no table matches the prefix " + none.prefix())));
            } else if (selected instanceof TableResolver.Unlisted unlisted) {
                tables.add(notThere(unlisted.prefix(), Check.unknown(Protection.EXISTS, "could not list tables to resolve the prefix "
                        + unlisted.prefix() + ": " + Stacks.describe(unlisted.cause()))));
            }
        }
        return new AuditReport(now, schedulePeriod, staleAfter(), config.namePrefix(), tables, vault.orElse(null));
    }

    /** The point in time an export is of; DynamoDB gives ExportTime, else its start or end tells. */
    private static Instant exportTime(ExportDescription export) {
        return export.exportTime() != null ? export.exportTime() : export.startTime() != null ? export.startTime() : export.endTime();
    }

    private static TableAudit notThere(TableSelector prefix, Check exists) {
        return new TableAudit(prefix.toString(), List.of(exists), 0, null, null, null);
    }

    /** One audit's state: the stack index and templates are read at most once. */
    private final class Run {
        private final Instant now;
        private final StackOwnership stacks = new StackOwnership(cfn, dynamo);

        Run(Instant now) {
            this.now = now;
        }

        /**
         * The configured tables; a prefix also selects tables that are gone but still have backups
         * of ours, so that they are audited, as missing.
         */
        List<Selected> resolveTables() {
            return TableResolver.resolve(config.tables(), () -> {
                List<String> names = new ArrayList<>(Tables.names(dynamo));
                names.addAll(tablesWithBackupsOfOurs());
                return names;
            });
        }

        private List<String> tablesWithBackupsOfOurs() {
            RetentionRules rules = new RetentionRules(config.namePrefix(), config.retention(), config.keepAtLeast());
            try {
                return BackupPager.of(dynamo).all(BackupPager.Query.ofAccount(BackupTypeFilter.USER)).stream()
                        .filter(b -> RetentionPolicy.isOurs(b, b.tableName(), rules))
                        .map(BackupInfo::tableName).distinct().toList();
            } catch (SdkException e) {
                return List.of(); // the per-table checks report what they cannot read
            }
        }

        TableAudit auditTable(String table) {
            List<Check> checks = new ArrayList<>();
            TableDescription description = null;
            try {
                description = dynamo.describeTable(r -> r.tableName(table)).table();
                checks.add(Check.ok(Protection.EXISTS, "table " + table + " exists (" + description.tableStatusAsString() + ")"));
            } catch (ResourceNotFoundException e) {
                checks.add(Check.missing(Protection.EXISTS, "table " + table + " does not exist: restore it from its"
                        + " newest backup (backups outlive their table)" + deletedTableBackup(table)));
            } catch (SdkException e) {
                checks.add(Check.unknown(Protection.EXISTS, "could not describe table " + table + ": " + Stacks.describe(e)));
            }

            if (description != null) {
                checks.add(deletionProtection(description));
                checks.add(pointInTimeRecovery(table));
            } else {
                String why = "the table could not be described";
                checks.add(Check.notApplicable(Protection.DELETION_PROTECTION, why));
                checks.add(Check.notApplicable(Protection.POINT_IN_TIME_RECOVERY, why));
            }

            List<BackupInfo> ours;
            Check backup;
            try {
                ours = ourBackups(table);
                backup = recentBackup(table, ours);
            } catch (SdkException e) {
                ours = List.of();
                backup = Check.unknown(Protection.RECENT_BACKUP, "could not list the backups of " + table + ": " + Stacks.describe(e));
            }
            checks.add(backup);
            Instant newest = ours.stream().map(BackupInfo::created).max(Instant::compareTo).orElse(null);

            Owner owner = description == null ? Owner.NONE : stacks.owner(table, description.tableArn());
            if (description == null) {
                String why = "the table could not be described";
                checks.add(Check.notApplicable(Protection.DELETION_POLICY, why));
                checks.add(Check.notApplicable(Protection.UPDATE_REPLACE_POLICY, why));
            } else if (owner.unknownBecause() != null) {
                String why = "could not tell which CloudFormation stack, if any, owns the table: " + owner.unknownBecause();
                checks.add(Check.unknown(Protection.DELETION_POLICY, why));
                checks.add(Check.unknown(Protection.UPDATE_REPLACE_POLICY, why));
            } else if (!owner.found()) {
                String why = "the table belongs to no CloudFormation stack, so no stack update or deletion can delete it";
                checks.add(Check.notApplicable(Protection.DELETION_POLICY, why));
                checks.add(Check.notApplicable(Protection.UPDATE_REPLACE_POLICY, why));
            } else {
                checks.addAll(stackPolicies(table, owner));
            }
            Instant newestExport = null;
            if (vault.isPresent()) {
                if (description == null) {
                    checks.add(Check.notApplicable(Protection.VAULT_EXPORT, "the table could not be described"));
                } else {
                    VaultExportCheck export = vaultExport(table, description.tableArn(), vault.get());
                    checks.add(export.check());
                    newestExport = export.exportTime();
                }
            }
            return new TableAudit(table, checks, ours.size(), newest, owner.stackName(), owner.logicalId(), newestExport);
        }

        // ---- the vault --------------------------------------------------------------------------

        private record VaultExportCheck(Check check, Instant exportTime) {
        }

        /** The newest COMPLETED export of the table into the vault, from DynamoDB's side: every page of ListExports. */
        private VaultExportCheck vaultExport(String table, String tableArn, VaultLocation vault) {
            String where = vault.describe();
            List<ExportDescription> intoVault = new ArrayList<>();
            try {
                List<ExportSummary> summaries = dynamo.listExportsPaginator(r -> r.tableArn(tableArn)).stream()
                        .flatMap(page -> page.exportSummaries().stream()).toList();
                for (ExportSummary summary : summaries) {
                    if (summary.exportStatus() == ExportStatus.COMPLETED) {
                        ExportDescription export = dynamo.describeExport(r -> r.exportArn(summary.exportArn())).exportDescription();
                        if (vault.bucket().equals(export.s3Bucket()) && (!vault.hasPrefix()
                                || export.s3Prefix() != null && export.s3Prefix().startsWith(vault.prefix() + "/"))) {
                            intoVault.add(export);
                        }
                    }
                }
            } catch (SdkException e) {
                return new VaultExportCheck(Check.unknown(Protection.VAULT_EXPORT, "could not list the exports of " + table + ": "
                        + Stacks.describe(e)), null);
            }
            if (intoVault.isEmpty()) {
                return new VaultExportCheck(Check.missing(Protection.VAULT_EXPORT, "no completed export of " + table + " into " + where
                        + ": does the backup stack export to the vault, and has it run since?"), null);
            }
            Optional<ExportDescription> timed = intoVault.stream().filter(e -> exportTime(e) != null)
                    .max(Comparator.comparing(ProtectionAudit::exportTime));
            if (timed.isEmpty()) {
                return new VaultExportCheck(Check.unknown(Protection.VAULT_EXPORT, intoVault.size() + " completed export(s) of " + table
                        + " into " + where + ", but DynamoDB gives none of them a time, so their age is unknown"), null);
            }
            Instant at = exportTime(timed.get());
            Duration age = Duration.between(at, now);
            String what = "the newest completed export into " + where + ", " + timed.get().exportArn() + ", is of " + at + ", "
                    + AuditReport.human(age) + " old";
            if (age.compareTo(staleAfter()) > 0) {
                return new VaultExportCheck(Check.missing(Protection.VAULT_EXPORT, what + ", older than " + AuditReport.human(staleAfter())
                        + ": the vault's copy is stale (the backup run's export failed or did not run)"), at);
            }
            return new VaultExportCheck(Check.ok(Protection.VAULT_EXPORT, what), at);
        }

        /** The backup DynamoDB kept of a deleted table and when it goes, as a clause of the missing table's message. */
        private String deletedTableBackup(String table) {
            try {
                return DeletedTableBackups.find(BackupPager.of(dynamo), table)
                        .map(b -> "; " + DeletedTableBackups.describe(b) + ": restore --table " + table + " --latest takes it")
                        .orElse("");
            } catch (SdkException e) {
                return "; could not look for the backup DynamoDB keeps of a table deleted with point-in-time recovery on: "
                        + Stacks.describe(e);
            }
        }

        // ---- the table itself --------------------------------------------------------------------

        private Check deletionProtection(TableDescription description) {
            return Boolean.TRUE.equals(description.deletionProtectionEnabled())
                    ? Check.ok(Protection.DELETION_PROTECTION, "deletion protection is on: DeleteTable fails, whoever calls it,"
                            + " until it is turned off")
                    : Check.missing(Protection.DELETION_PROTECTION, "deletion protection is off: a DeleteTable call, or a stack"
                            + " update that drops the table, deletes it with all its items");
        }

        private Check pointInTimeRecovery(String table) {
            try {
                PointInTimeRecoveryDescription pitr = dynamo.describeContinuousBackups(r -> r.tableName(table))
                        .continuousBackupsDescription().pointInTimeRecoveryDescription();
                if (pitr != null && pitr.pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED) {
                    return Check.ok(Protection.POINT_IN_TIME_RECOVERY, "point-in-time recovery is on"
                            + (pitr.recoveryPeriodInDays() == null ? "" : ": restorable to any second of the last "
                                    + pitr.recoveryPeriodInDays() + " days"));
                }
                return Check.missing(Protection.POINT_IN_TIME_RECOVERY, "point-in-time recovery is "
                        + (pitr == null ? "not reported" : pitr.pointInTimeRecoveryStatusAsString().toLowerCase())
                        + ": only the scheduled backups can bring the data back, losing up to a day of writes");
            } catch (SdkException e) {
                return Check.unknown(Protection.POINT_IN_TIME_RECOVERY, "could not read the continuous backups of "
                        + table + ": " + Stacks.describe(e));
            }
        }

        /** Available USER backups of the table named by this service, from every page. */
        private List<BackupInfo> ourBackups(String table) {
            return BackupPager.of(dynamo).all(BackupPager.Query.ofTable(table, BackupTypeFilter.USER)).stream()
                    .filter(b -> b.isAvailable() && BackupNames.isOurs(config.namePrefix(), table, b.name()))
                    .toList();
        }

        private Check recentBackup(String table, List<BackupInfo> ours) {
            Optional<BackupInfo> newest = ours.stream().max(Comparator.comparing(BackupInfo::created));
            if (newest.isEmpty()) {
                return Check.missing(Protection.RECENT_BACKUP, "no available backup of " + table + " made by this service"
                        + " (names starting '" + config.namePrefix() + "-'): has the scheduled run ever backed it up?");
            }
            Duration age = Duration.between(newest.get().created(), now);
            String what = ours.size() + " backup" + (ours.size() == 1 ? "" : "s") + " of ours; the newest, "
                    + newest.get().name() + ", is " + AuditReport.human(age) + " old";
            if (age.compareTo(staleAfter()) > 0) {
                return Check.missing(Protection.RECENT_BACKUP, what + ", older than " + AuditReport.human(staleAfter())
                        + " (one run every " + AuditReport.human(schedulePeriod) + " and half a period more):"
                        + " the scheduled run has missed at least one backup");
            }
            return Check.ok(Protection.RECENT_BACKUP, what);
        }

        // ---- the owning stack's template -------------------------------------------------------

        private List<Check> stackPolicies(String table, Owner owner) {
            String where = "stack " + owner.stackName() + (owner.logicalId() == null ? "" : " (logical id " + owner.logicalId() + ")");
            Optional<CloudFormationTemplate> template = stacks.template(owner.stackName(), TemplateStage.ORIGINAL);
            if (template.isPresent() && owner.logicalId() != null && !template.get().hasResource(owner.logicalId())) {
                // a macro or transform made the resource: the processed template has it
                template = stacks.template(owner.stackName(), TemplateStage.PROCESSED);
            }
            if (template.isEmpty()) {
                String why = "table " + table + " belongs to " + where + ", but its template could not be read: "
                        + stacks.templateError(owner.stackName());
                return List.of(Check.unknown(Protection.DELETION_POLICY, why), Check.unknown(Protection.UPDATE_REPLACE_POLICY, why));
            }
            if (owner.logicalId() == null || !template.get().hasResource(owner.logicalId())) {
                String why = "table " + table + " belongs to " + where + ", but the template has no such resource";
                return List.of(Check.unknown(Protection.DELETION_POLICY, why), Check.unknown(Protection.UPDATE_REPLACE_POLICY, why));
            }
            Optional<String> deletion = template.get().resourceAttribute(owner.logicalId(), "DeletionPolicy");
            Optional<String> replace = template.get().resourceAttribute(owner.logicalId(), "UpdateReplacePolicy");
            return List.of(
                    policy(Protection.DELETION_POLICY, "DeletionPolicy", deletion, where,
                            "deleting the stack or dropping the table from the template leaves the table in place",
                            "CloudFormation deletes the table when the stack is deleted or the template drops it"),
                    policy(Protection.UPDATE_REPLACE_POLICY, "UpdateReplacePolicy", replace, where,
                            "a replacement keeps the old table and its items",
                            "a replacement (e.g. a renamed table or a changed key) deletes the old table with its items"));
        }

        private Check policy(Protection protection, String attribute, Optional<String> value, String where,
                             String whenRetained, String otherwise) {
            if (value.isEmpty()) {
                return Check.missing(protection, "no " + attribute + " in " + where + ", so CloudFormation's default, Delete,"
                        + " applies: " + otherwise);
            }
            String v = value.get();
            if (v.equals("Retain") || v.equals("RetainExceptOnCreate")) {
                return Check.ok(protection, attribute + " " + v + " in " + where + ": " + whenRetained);
            }
            if (v.equals("Delete") || v.equals("Snapshot")) {
                return Check.missing(protection, attribute + " " + v + " in " + where + ": " + otherwise);
            }
            return Check.unknown(protection, attribute + " in " + where + " is computed (" + v + "), so the audit cannot tell"
                    + " whether it is Retain");
        }
    }
}
