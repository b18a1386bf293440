package dev.notesbackup.bench;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.notesbackup.backup.config.ConfigException;
import dev.notesbackup.backup.lambda.BackupRunFailedException;
import dev.notesbackup.backup.lambda.ScheduledBackupHandler;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

/**
 * {@code java -cp <Lambda jar>:<bench classes> dev.notesbackup.bench.InvokeOnce [slot]}: one
 * scheduled invocation the way Lambda runs it, for measuring the cold start (bench/run.sh): the
 * handler's no-arg constructor (configuration from the environment, clients built once), then one
 * EventBridge event for {@code slot} (ISO-8601, default: now) with a 15-minute deadline. Standard
 * output gets exactly what the function writes there on Lambda: the run report as one JSON line and
 * its embedded-metric lines (plus the drill's and the audit's when RESTORE_DRILL or AUDIT is on).
 * Exits 0, 1 if a table failed, 2 on bad configuration. Endpoint, region and credentials come from
 * the SDK's usual environment variables (AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB,
 * AWS_ACCESS_KEY_ID ...). A benchmark probe, never in the Lambda jar: the jar comes first on the
 * classpath, so every class the function runs is loaded from it.
 */
final class InvokeOnce {
    static final Duration DEADLINE = Duration.ofMinutes(15);

    private InvokeOnce() {
    }

    public static void main(String[] args) {
        Instant slot = args.length > 0 ? Instant.parse(args[0]) : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ScheduledBackupHandler handler;
        try {
            handler = new ScheduledBackupHandler();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ScheduledEvent event = new ScheduledEvent()
                .withSource("aws.events")
                .withDetailType("Scheduled Event")
                .withTime(new DateTime(slot.toEpochMilli(), DateTimeZone.UTC));
        try {
            handler.invoke(event, new ConsoleContext("backup", DEADLINE));
        } catch (BackupRunFailedException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
