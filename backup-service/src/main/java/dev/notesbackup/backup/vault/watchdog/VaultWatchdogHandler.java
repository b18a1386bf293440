package dev.notesbackup.backup.vault.watchdog;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.notesbackup.backup.aws.AwsClients;
import dev.notesbackup.backup.json.Json;
import dev.notesbackup.cli.AwsTarget;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Entry point for the vault stack's schedule. Thin: one check of the vault per invocation. Stale
 * tables are the check's result (published to SNS), not a failure; the invocation fails only when
 * the check itself could not be made, so that its Errors alarm fires.
 */
public class VaultWatchdogHandler implements RequestHandler<ScheduledEvent, String> {
    private final VaultWatchdog watchdog;

    /** Used by Lambda: configuration and clients are built once per container, at init. */
    public VaultWatchdogHandler() {
        this(System.getenv());
    }

    private VaultWatchdogHandler(Map<String, String> env) {
        this(WatchdogConfig.fromEnvironment(env));
    }

    private VaultWatchdogHandler(WatchdogConfig config) {
        this(config, AwsClients.httpClient());
    }

    private VaultWatchdogHandler(WatchdogConfig config, SdkHttpClient http) {
        this(new VaultWatchdog(AwsClients.s3(http, AwsTarget.DEFAULT), AwsClients.sns(http, AwsTarget.DEFAULT),
                Clock.systemUTC(), config, Json::printUtf8));
    }

    public VaultWatchdogHandler(VaultWatchdog watchdog) {
        this.watchdog = watchdog;
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        WatchdogReport report = watchdog.check();
        return report.stale().isEmpty()
                ? "vault " + report.bucket() + ": " + report.tables().size() + " tables, all with an export newer than "
                        + report.maxExportAge().toHours() + " h"
                : report.subject();
    }
}
