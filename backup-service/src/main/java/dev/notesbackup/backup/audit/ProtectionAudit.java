package dev.notesbackup.backup.audit;

import dev.notesbackup.backup.aws.BackupListing;
import dev.notesbackup.backup.cfn.CloudFormationTemplate;
import dev.notesbackup.backup.cfn.Stacks;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.config.TableSelector;
import dev.notesbackup.backup.guard.DeployGuard;
import dev.notesbackup.backup.policy.BackupInfo;
import dev.notesbackup.backup.policy.BackupNames;
import dev.notesbackup.backup.policy.RetentionPolicy;
import dev.notesbackup.backup.policy.RetentionRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
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
 * <p>The owning stack is found by DescribeStackResources with the table's name as physical id, else
 * (when that call fails) by the table's {@code aws:cloudformation:*} tags,
 * else by reading every live stack's resources once per audit (authoritative, but a call per stack).
 */
public final class ProtectionAudit {
    public static final Duration DEFAULT_SCHEDULE_PERIOD = Duration.ofDays(1);
    static final String STACK_NAME_TAG = "aws:cloudformation:stack-name";
    static final String LOGICAL_ID_TAG = "aws:cloudformation:logical-id";

    private final DynamoDbClient dynamo;
    private final CloudFormationClient cfn;
    private final Clock clock;
    private final BackupConfig config;
    private final Duration schedulePeriod;

    public ProtectionAudit(DynamoDbClient dynamo, CloudFormationClient cfn, Clock clock, BackupConfig config) {
        this(dynamo, cfn, clock, config, DEFAULT_SCHEDULE_PERIOD);
    }

    public ProtectionAudit(DynamoDbClient dynamo, CloudFormationClient cfn, Clock clock, BackupConfig config,
                           Duration schedulePeriod) {
        if (schedulePeriod.isNegative() || schedulePeriod.isZero()) {
            throw new IllegalArgumentException("The schedule period must be positive, got " + schedulePeriod);
        }
        this.dynamo = dynamo;
        this.cfn = cfn;
        this.clock = clock;
        this.config = config;
        this.schedulePeriod = schedulePeriod;
    }

    /** A newest backup of ours older than this is stale: one and a half schedule periods. */
    public Duration staleAfter() {
        return schedulePeriod.plus(schedulePeriod.dividedBy(2));
    }

    public AuditReport audit() {
        Instant now = clock.instant();
        Run run = new Run(now);
        List<TableAudit> tables = new ArrayList<>();
        for (Map.Entry<String, String> entry : run.resolveTables().entrySet()) {
            tables.add(entry.getValue() == null
                    ? run.auditTable(entry.getKey())
                    : new TableAudit(entry.getKey(), List.of(entry.getValue().startsWith("could not")
                            ? Check.unknown(Protection.EXISTS, entry.getValue())
                            : Check.missing(Protection.EXISTS, entry.getValue())), 0, null, null, null));
        }
        return new AuditReport(now, schedulePeriod, staleAfter(), config.namePrefix(), tables);
    }

    /** Which stack a table belongs to: found, none, or the audit cannot tell (and why). */
    private record Owner(String stackName, String logicalId, String unknownBecause) {
        static final Owner NONE = new Owner(null, null, null);

        static Owner unknown(String why) {
            return new Owner(null, null, why);
        }

        boolean found() {
            return stackName != null;
        }
    }

    /** One audit's state: the stack index and templates are read at most once. */
    private final class Run {
        private final Instant now;
        private Map<String, Owner> stackIndex;
        private String stackIndexError;
        private final Map<String, Optional<CloudFormationTemplate>> templates = new HashMap<>();
        private final Map<String, String> templateErrors = new HashMap<>();

        Run(Instant now) {
            this.now = now;
        }

        /** Table names in configuration order, each with null, or with why it is not there (an unmatched prefix). */
        Map<String, String> resolveTables() {
            Map<String, String> result = new LinkedHashMap<>();
            List<String> all = null;
            String listError = null;
            for (TableSelector selector : config.tables()) {
                if (!selector.prefix()) {
                    result.putIfAbsent(selector.value(), null);
                    continue;
                }
                if (all == null && listError == null) {
                    try {
                        all = new ArrayList<>();
                        for (var page : dynamo.listTablesPaginator(ListTablesRequest.builder().build())) {
                            all.addAll(page.tableNames());
                        }
                    } catch (SdkException e) {
                        all = null;
                        listError = "could not list tables to resolve the prefix " + selector + ": " + Stacks.describe(e);
                    }
                }
                if (listError != null) {
                    result.putIfAbsent(selector.toString(), listError);
                    continue;
                }
                List<String> matched = new ArrayList<>(all.stream().filter(selector::matches).sorted().toList());
                // a table the prefix selected that is gone still has our backups: audit it, as missing
                vanishedUnder(selector, all).forEach(name -> {
                    if (!matched.contains(name)) {
                        matched.add(name);
                    }
                });
                if (matched.isEmpty()) {
                    result.putIfAbsent(selector.toString(), "no table matches the prefix " + selector);
                }
                matched.forEach(name -> result.putIfAbsent(name, null));
            }
            return result;
        }

        private List<String> vanishedUnder(TableSelector selector, List<String> existing) {
            RetentionRules rules = new RetentionRules(config.namePrefix(), config.retention(), config.keepAtLeast());
            try {
                return BackupListing.all(dynamo, null, BackupTypeFilter.USER).stream()
                        .filter(b -> selector.matches(b.tableName()) && !existing.contains(b.tableName())
                                && RetentionPolicy.isOurs(b, b.tableName(), rules))
                        .map(BackupInfo::tableName).distinct().sorted().toList();
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
                        + " newest backup (backups outlive their table)"));
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

            List<BackupSummary> ours;
            Check backup;
            try {
                ours = ourBackups(table);
                backup = recentBackup(table, ours);
            } catch (SdkException e) {
                ours = List.of();
                backup = Check.unknown(Protection.RECENT_BACKUP, "could not list the backups of " + table + ": " + Stacks.describe(e));
            }
            checks.add(backup);
            Instant newest = ours.stream().map(BackupSummary::backupCreationDateTime).max(Instant::compareTo).orElse(null);

            Owner owner = description == null ? Owner.NONE : owner(table, description.tableArn());
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
            return new TableAudit(table, checks, ours.size(), newest, owner.stackName(), owner.logicalId());
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
        private List<BackupSummary> ourBackups(String table) {
            List<BackupSummary> ours = new ArrayList<>();
            String start = null;
            do {
                ListBackupsResponse page = dynamo.listBackups(ListBackupsRequest.builder()
                        .tableName(table).backupType(BackupTypeFilter.USER).exclusiveStartBackupArn(start).build());
                for (BackupSummary b : page.backupSummaries()) {
                    // checked again here, so that only our available USER backups reach the decision
                    if (table.equals(b.tableName()) && "USER".equals(b.backupTypeAsString())
                            && "AVAILABLE".equals(b.backupStatusAsString()) && b.backupCreationDateTime() != null
                            && BackupNames.isOurs(config.namePrefix(), table, b.backupName())) {
                        ours.add(b);
                    }
                }
                start = page.lastEvaluatedBackupArn();
            } while (start != null && !start.isEmpty());
            return ours;
        }

        private Check recentBackup(String table, List<BackupSummary> ours) {
            Optional<BackupSummary> newest = ours.stream()
                    .max((a, b) -> a.backupCreationDateTime().compareTo(b.backupCreationDateTime()));
            if (newest.isEmpty()) {
                return Check.missing(Protection.RECENT_BACKUP, "no available backup of " + table + " made by this service"
                        + " (names starting '" + config.namePrefix() + "-'): has the scheduled run ever backed it up?");
            }
            Duration age = Duration.between(newest.get().backupCreationDateTime(), now);
            String what = ours.size() + " backup" + (ours.size() == 1 ? "" : "s") + " of ours; the newest, "
                    + newest.get().backupName() + ", is " + AuditReport.human(age) + " old";
            if (age.compareTo(staleAfter()) > 0) {
                return Check.missing(Protection.RECENT_BACKUP, what + ", older than " + AuditReport.human(staleAfter())
                        + " (one run every " + AuditReport.human(schedulePeriod) + " and half a period more):"
                        + " the scheduled run has missed at least one backup");
            }
            return Check.ok(Protection.RECENT_BACKUP, what);
        }

        // ---- the owning stack --------------------------------------------------------------------

        private Owner owner(String table, String tableArn) {
            try {
                List<StackResource> resources = cfn.describeStackResources(r -> r.physicalResourceId(table)).stackResources();
                for (StackResource r : resources) {
                    if (table.equals(r.physicalResourceId()) && DeployGuard.TABLE_TYPES.contains(r.resourceType())) {
                        return new Owner(r.stackName(), r.logicalResourceId(), null);
                    }
                }
            } catch (CloudFormationException e) {
                // "Stack for <table> does not exist" when no stack has it: look by tags, then by the stacks' resources
            }
            if (tableArn != null) {
                try {
                    Map<String, String> tags = new HashMap<>();
                    String token = null;
                    do {
                        String from = token;
                        ListTagsOfResourceResponse page = dynamo.listTagsOfResource(r -> r.resourceArn(tableArn).nextToken(from));
                        page.tags().forEach(t -> tags.put(t.key(), t.value()));
                        token = page.nextToken();
                    } while (token != null && !token.isEmpty());
                    if (tags.containsKey(STACK_NAME_TAG)) {
                        return new Owner(tags.get(STACK_NAME_TAG), tags.get(LOGICAL_ID_TAG), null);
                    }
                } catch (SdkException e) {
                    // the stack index below is the authority
                }
            }
            Map<String, Owner> index = stackIndex();
            if (index == null) {
                return Owner.unknown(stackIndexError);
            }
            return index.getOrDefault(table, Owner.NONE);
        }

        /** Every table of every live stack, by physical id; null when the stacks could not be read. */
        private Map<String, Owner> stackIndex() {
            if (stackIndex != null || stackIndexError != null) {
                return stackIndex;
            }
            Map<String, Owner> index = new HashMap<>();
            try {
                for (var summary : cfn.listStacksPaginator(ListStacksRequest.builder().build()).stackSummaries()) {
                    if (summary.stackStatus() == StackStatus.DELETE_COMPLETE
                            || summary.stackStatus() == StackStatus.REVIEW_IN_PROGRESS) {
                        continue;
                    }
                    for (var resource : cfn.listStackResourcesPaginator(ListStackResourcesRequest.builder()
                            .stackName(summary.stackId()).build()).stackResourceSummaries()) {
                        if (DeployGuard.TABLE_TYPES.contains(resource.resourceType()) && resource.physicalResourceId() != null) {
                            index.putIfAbsent(resource.physicalResourceId(),
                                    new Owner(summary.stackName(), resource.logicalResourceId(), null));
                        }
                    }
                }
            } catch (SdkException e) {
                stackIndexError = "could not read the stacks' resources: " + Stacks.describe(e);
                return null;
            }
            stackIndex = index;
            return index;
        }

        private List<Check> stackPolicies(String table, Owner owner) {
            String where = "stack " + owner.stackName() + (owner.logicalId() == null ? "" : " (logical id " + owner.logicalId() + ")");
            Optional<CloudFormationTemplate> template = template(owner.stackName(), TemplateStage.ORIGINAL);
            if (template.isPresent() && owner.logicalId() != null && !template.get().hasResource(owner.logicalId())) {
                // a macro or transform made the resource: the processed template has it
                template = template(owner.stackName(), TemplateStage.PROCESSED);
            }
            if (template.isEmpty()) {
                String why = "table " + table + " belongs to " + where + ", but its template could not be read: "
                        + templateErrors.get(owner.stackName());
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

        /** A stack's template at {@code stage}, read once per audit. */
        private Optional<CloudFormationTemplate> template(String stackName, TemplateStage stage) {
            return templates.computeIfAbsent(stackName + "#" + stage, key -> {
                try {
                    return Optional.of(CloudFormationTemplate.parse(cfn.getTemplate(r -> r.stackName(stackName)
                            .templateStage(stage)).templateBody()));
                } catch (SdkException | IllegalArgumentException e) {
                    templateErrors.put(stackName, Stacks.describe(e));
                    return Optional.empty();
                }
            });
        }
    }
}
