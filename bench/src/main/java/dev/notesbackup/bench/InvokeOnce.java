package dev.notesbackup.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.notesbackup.backup.config.ConfigException;
import dev.notesbackup.backup.lambda.BackupRunFailedException;
import dev.notesbackup.backup.lambda.ScheduledBackupHandler;
import java.nio.charset.StandardCharsets;
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
            handler.invoke(event, new ConsoleContext(DEADLINE));
        } catch (BackupRunFailedException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** The deadline counts down from creation; the log goes to standard output. */
    private static final class ConsoleContext implements Context, LambdaLogger {
        private final long deadlineMillis;

        ConsoleContext(Duration remaining) {
            this.deadlineMillis = System.currentTimeMillis() + remaining.toMillis();
        }

        @Override public String getAwsRequestId() { return "local"; }
        @Override public String getLogGroupName() { return "local"; }
        @Override public String getLogStreamName() { return "local"; }
        @Override public String getFunctionName() { return "backup"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "local"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, deadlineMillis - System.currentTimeMillis()); }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() { return this; }
        @Override public void log(String message) { System.out.print(message); }
        @Override public void log(byte[] message) { log(new String(message, StandardCharsets.UTF_8)); }
    }
}
