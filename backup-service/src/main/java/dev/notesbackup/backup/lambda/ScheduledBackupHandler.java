package dev.notesbackup.backup.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.notesbackup.backup.audit.AuditReport;
import dev.notesbackup.backup.audit.ProtectionAudit;
import dev.notesbackup.backup.aws.AwsClients;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.drill.DrillReport;
import dev.notesbackup.backup.drill.RestoreDrill;
import dev.notesbackup.backup.json.Json;
import dev.notesbackup.backup.metrics.EmbeddedMetrics;
import dev.notesbackup.backup.run.BackupService;
import dev.notesbackup.backup.run.Continuation;
import dev.notesbackup.backup.run.RunListener;
import dev.notesbackup.backup.run.RunReport;
import dev.notesbackup.backup.run.TableReport;
import dev.notesbackup.backup.run.TableStatus;
import dev.notesbackup.backup.run.TimeBudget;
import dev.notesbackup.backup.vault.export.AppAccount;
import dev.notesbackup.backup.vault.export.VaultExportService;
import dev.notesbackup.backup.vault.export.VaultReport;
import dev.notesbackup.backup.vault.export.VaultStatus;
import dev.notesbackup.backup.vault.export.VaultTableReport;
import dev.notesbackup.backup.vault.restore.VaultLocation;
import dev.notesbackup.cli.AwsTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Entry point for the EventBridge schedule. Thin: takes the slot's time from the event, the time
 * budget from the context, runs the service, hands what the budget left undone to a new
 * asynchronous invocation of the function (a {@link ContinuationEvent}, up to
 * {@code BACKUP_MAX_INVOCATIONS} per slot), logs the report as one JSON line plus its metrics,
 * exports the tables into the vault when one is configured (its own report line and metrics), runs
 * the restore drill and the protection audit when they are on (in the slot's scheduled invocation;
 * a continuation backs up, deletes and exports only what it was handed), and fails the invocation if
 * any table's backup or vault export failed, or was not reached and not handed on, so that retries
 * and the error alarm see it.
 */
public class ScheduledBackupHandler implements RequestHandler<ScheduledEvent, String> {
    private final BackupService service;
    private final RestoreDrill drill;
    private final ProtectionAudit audit;
    private final VaultExportService vault;
    private final SelfInvocation continuation;
    private final Consumer<String> jsonLines;

    /** Used by Lambda: configuration and clients are built once per container, at init. */
    public ScheduledBackupHandler() {
        this(System.getenv());
    }

    private ScheduledBackupHandler(Map<String, String> env) {
        this(BackupConfig.fromEnvironment(env));
    }

    private ScheduledBackupHandler(BackupConfig config) {
        this(config, AwsClients.httpClient());
    }

    private ScheduledBackupHandler(BackupConfig config, SdkHttpClient http) {
        this(config, http, AwsClients.dynamoDb(http));
    }

    private ScheduledBackupHandler(BackupConfig config, SdkHttpClient http, DynamoDbClient runClient) {
        this(new BackupService(runClient, Clock.systemUTC(), config),
                config.restoreDrill() ? new RestoreDrill(AwsClients.dynamoDbWithRetries(http, AwsTarget.DEFAULT),
                        Clock.systemUTC(), Duration.ofSeconds(5), config.namePrefix()) : null,
                config.audit() ? new ProtectionAudit(AwsClients.dynamoDbWithRetries(http, AwsTarget.DEFAULT),
                        AwsClients.cloudFormation(http, AwsTarget.DEFAULT), Clock.systemUTC(), config,
                        ProtectionAudit.DEFAULT_SCHEDULE_PERIOD, auditedVault(config)) : null,
                config.vaultTarget().map(vault -> new VaultExportService(runClient, AwsClients.s3(http, AwsTarget.DEFAULT),
                        Clock.systemUTC(), vault)).orElse(null),
                SelfInvocation.through(() -> AwsClients.lambda(http, AwsTarget.DEFAULT)),
                Json::printUtf8);
    }

    /**
     * The vault the audit checks the exports into: its bucket and owner, and the prefix when one is
     * set (unset, the app account's id, which is not known before the first invocation: the audit then
     * takes any export of the table into that bucket).
     */
    private static Optional<VaultLocation> auditedVault(BackupConfig config) {
        return config.vaultTarget().map(vault -> new VaultLocation(vault.bucket(), vault.accountId(), vault.prefix()));
    }

    public ScheduledBackupHandler(BackupService service) {
        this(service, null, null);
    }

    public ScheduledBackupHandler(BackupService service, RestoreDrill drill, ProtectionAudit audit) {
        this(service, drill, audit, Json::printUtf8);
    }

    public ScheduledBackupHandler(BackupService service, RestoreDrill drill, ProtectionAudit audit, Consumer<String> jsonLines) {
        this(service, drill, audit, null, jsonLines);
    }

    /**
     * @param drill     the restore drill to run after the backups, or null for none
     * @param audit     the protection audit to run after the backups, or null for none
     * @param vault     the export into the vault to run after the backups, or null for none
     * @param jsonLines where the report and metric lines go. Standard output in Lambda, not the
     *                  {@code LambdaLogger}: with the JSON log format the runtime wraps a logger's
     *                  message in a string, and CloudWatch would extract no embedded metrics from it;
     *                  a line that is already JSON on standard output is kept as it is.
     */
    public ScheduledBackupHandler(BackupService service, RestoreDrill drill, ProtectionAudit audit, VaultExportService vault,
                                  Consumer<String> jsonLines) {
        this(service, drill, audit, vault, null, jsonLines);
    }

    /**
     * @param continuation starts the continuation of what a run leaves undone, or null to leave it
     *                     to a retry and the next slot
     */
    public ScheduledBackupHandler(BackupService service, RestoreDrill drill, ProtectionAudit audit, VaultExportService vault,
                                  SelfInvocation continuation, Consumer<String> jsonLines) {
        this.service = service;
        this.continuation = continuation;
        this.vault = vault;
        this.drill = drill;
        this.audit = audit;
        this.jsonLines = jsonLines;
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        return invoke(event, context).summary();
    }

    /**
     * The whole invocation: returns the report, or throws {@link BackupRunFailedException}
     * (which carries the report) once every table was handled and at least one failed, is missing
     * or was not reached before the deadline.
     */
    public RunReport invoke(ScheduledEvent event, Context context) {
        Instant slot = slotOf(event);
        Optional<Continuation> carried = ContinuationEvent.carried(event);
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis());
        Duration margin = service.config().timeMargin();
        if (remaining.compareTo(margin) <= 0) {
            throw new IllegalStateException("This invocation has " + remaining.toSeconds() + " s left at its start and "
                    + BackupConfig.TIME_MARGIN_SECONDS + " is " + margin.toSeconds() + " s, so no work could start: set the"
                    + " function's Timeout well above " + BackupConfig.TIME_MARGIN_SECONDS + " (the template has 900 s and 30 s)");
        }
        TimeBudget budget = TimeBudget.fromRemaining(remaining, margin);
        RunReport ran = service.run(slot, budget, RunListener.NONE, carried.orElse(null));
        // The vault before the drill and the audit: it is a copy, they are checks. A dry run exports nothing.
        VaultReport exported = null;
        if (vault != null && !ran.dryRun()) {
            List<String> tables = carried.map(Continuation::vaultTables).orElseGet(() -> VaultExportService.tablesOf(ran));
            if (!tables.isEmpty()) {
                exported = vault.run(slot, ran.startedAt(), tables, AppAccount.fromFunctionArn(context.getInvokedFunctionArn()), budget);
            }
        }
        RunReport report = handOn(ran, exported, event, context);
        jsonLines.accept(report.toJson());
        EmbeddedMetrics.forRun(report, service.clock().instant()).forEach(jsonLines);
        if (exported != null) {
            jsonLines.accept(exported.toJson());
            EmbeddedMetrics.forVault(exported).forEach(jsonLines);
        }
        if (drill != null && carried.isEmpty() && !report.dryRun() && budget.allowsNewWork()) {
            RestoreDrill.tableFor(slot, report.tables().stream()
                            .filter(t -> t.status() == TableStatus.OK).map(TableReport::table).toList())
                    .map(table -> drill.run(table, budget))
                    .ifPresent(result -> {
                        jsonLines.accept(DrillReport.toJson(result));
                        EmbeddedMetrics.forRestoreDrill(result.table(), result.passed(), service.clock().instant()).forEach(jsonLines);
                    });
        }
        if (audit != null && carried.isEmpty() && budget.allowsNewWork()) {
            auditProtections();
        }
        // exports the budget did not reach are no failure once a continuation took them over
        boolean vaultFailed = exported != null && (!exported.failures().isEmpty()
                || exported.count(VaultStatus.NOT_REACHED) > 0 && !report.continued());
        if (report.mustFail() || vaultFailed) {
            throw new BackupRunFailedException(report, exported);
        }
        return report;
    }

    /**
     * Starts the continuation of what the run and the vault export left undone, while the slot has
     * invocations left; the report says whether it did. If Lambda does not take it, the work waits
     * for a retry of this invocation (which a table not reached causes) or for the next slot.
     */
    private RunReport handOn(RunReport report, VaultReport exported, ScheduledEvent event, Context context) {
        Continuation next = report.leftWork();
        List<String> vaultLeft = exported == null ? List.of() : exported.tables().stream()
                .filter(t -> t.status() == VaultStatus.NOT_REACHED).map(VaultTableReport::table).toList();
        if (!vaultLeft.isEmpty()) {
            next = (next != null ? next : new Continuation(report.invocation() + 1, Map.of(), Map.of(), report.listingComplete()))
                    .withVaultTables(vaultLeft);
        }
        if (next == null) {
            return report;
        }
        int max = service.config().maxInvocations();
        if (continuation == null || next.invocation() > max) {
            return report.continuedBy(next, false, "the slot's work is not finished after " + report.invocation() + " of "
                    + BackupConfig.MAX_INVOCATIONS + "=" + max + " invocations: " + next.deletionCount() + " deletions, "
                    + next.toBackUp().size() + " tables to back up and " + next.vaultTables().size()
                    + " vault exports wait for the next slot");
        }
        ContinuationEvent.Payload payload = ContinuationEvent.of(report.slot(), next, event);
        try {
            continuation.start(context.getInvokedFunctionArn(), payload.json());
        } catch (RuntimeException e) {
            return report.continuedBy(next, false, "could not start invocation " + next.invocation() + " to continue the slot ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); its work waits for a retry or the next slot");
        }
        return report.continuedBy(next, true, payload.leftOut() == 0 && payload.tablesLeftOut() == 0 ? null
                : payload.leftOut() + " deletions and " + payload.tablesLeftOut()
                + " tables did not fit the continuation's event (1 MB) and wait for the next slot");
    }

    /** The audit must not fail the backups: an error in it is logged and alarms through a missing metric. */
    private void auditProtections() {
        try {
            AuditReport protection = audit.audit();
            jsonLines.accept(protection.toJson());
            Map<String, Integer> missing = new LinkedHashMap<>();
            protection.tables().forEach(t -> missing.put(t.table(), t.gaps().size()));
            EmbeddedMetrics.forMissingProtections(missing, service.clock().instant()).forEach(jsonLines);
        } catch (RuntimeException e) {
            jsonLines.accept(Json.line(json -> {
                json.writeStartObject();
                json.writeStringField("type", "audit-error");
                json.writeStringField("error", e.getClass().getSimpleName() + ": " + e.getMessage());
                json.writeEndObject();
            }));
        }
    }

    /** Reads the configuration first, so that a bad value fails initialisation before any client exists. */
    static BackupService serviceFrom(Map<String, String> env) {
        return new ScheduledBackupHandler(env).service;
    }

    static Instant slotOf(ScheduledEvent event) {
        if (event == null || event.getTime() == null) {
            throw new IllegalArgumentException(
                    "The event has no 'time': expected an EventBridge scheduled event such as backup-service/events/scheduled-event.json");
        }
        return Instant.ofEpochMilli(event.getTime().getMillis());
    }
}
