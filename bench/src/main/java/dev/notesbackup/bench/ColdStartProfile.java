package dev.notesbackup.bench;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.notesbackup.backup.aws.AwsClients;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.lambda.ScheduledBackupHandler;
import dev.notesbackup.backup.run.BackupService;
import dev.notesbackup.testsupport.LambdaTestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs in a fresh JVM with the backup-service jar first on the class path: the steps of
 * {@code InvokeOnce} (the Lambda's init and one invocation) with a timestamp around each, then a
 * second invocation in the same JVM (a warm start). Prints one line, read by {@link ColdStart}.
 * Needs only LambdaTestContext from test-support, which is small and loads nothing of the SDK.
 */
public final class ColdStartProfile {
    static final String MARK = "COLDSTART_PHASES";

    private ColdStartProfile() {
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        BackupConfig config = BackupConfig.fromEnvironment(System.getenv());
        long t1 = System.nanoTime();
        SdkHttpClient http = AwsClients.httpClient();
        long t2 = System.nanoTime();
        DynamoDbClient dynamo = AwsClients.dynamoDb(http);
        long t3 = System.nanoTime();
        // As InvokeOnce (the no-arg constructor): report and metric lines to standard output, drill and audit off.
        ScheduledBackupHandler handler = new ScheduledBackupHandler(new BackupService(dynamo, Clock.systemUTC(), config),
                null, null, System.out::println);
        long t4 = System.nanoTime();
        Instant slot = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        handler.invoke(event(slot), new LambdaTestContext(Duration.ofMinutes(15)));
        long t5 = System.nanoTime();
        handler.invoke(event(slot.plusSeconds(1)), new LambdaTestContext(Duration.ofMinutes(15)));
        long t6 = System.nanoTime();
        System.out.printf(Locale.ROOT, "%s config=%.1f httpClient=%.1f dynamoClient=%.1f handler=%.1f firstInvoke=%.1f secondInvoke=%.1f%n",
                MARK, ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t3, t4), ms(t4, t5), ms(t5, t6));
    }

    private static ScheduledEvent event(Instant slot) {
        return new ScheduledEvent().withSource("aws.events").withDetailType("Scheduled Event")
                .withTime(new DateTime(slot.toEpochMilli(), DateTimeZone.UTC));
    }

    private static double ms(long from, long to) {
        return (to - from) / 1e6;
    }
}
