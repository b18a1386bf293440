package dev.notesbackup.bench;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.notesbackup.backup.config.ConfigException;
import dev.notesbackup.backup.lambda.BackupRunFailedException;
import dev.notesbackup.backup.lambda.ScheduledBackupHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

/**
 * {@code java -cp <Lambda jar>:<bench classes>[:<runtime's serialization jar>] dev.notesbackup.bench.InvokeOnce
 * [--deadline-seconds N] [SLOT | --event FILE]}: one invocation the way Lambda runs it, in a process of
 * its own (bench/run.sh): the handler's no-arg constructor (configuration from the environment, clients
 * built once), then one event with a deadline (15 minutes, the function's timeout, unless
 * {@code --deadline-seconds} says otherwise): the EventBridge scheduled event of {@code SLOT} (ISO-8601,
 * default: now), or the event in {@code FILE} (for example a continuation's payload), read as the
 * Lambda Java runtime reads it (see {@link RuntimeEvent}; needs aws-lambda-java-serialization on the
 * classpath, as the runtime has it). Standard output gets exactly what the function writes there on
 * Lambda: the run report as one JSON line and its embedded-metric lines (plus the drill's and the
 * audit's when RESTORE_DRILL or AUDIT is on). Exits 0, 1 if the invocation failed (as Lambda would
 * record it), 2 on bad configuration or arguments. Endpoints, region and credentials come from the
 * SDK's usual environment variables (AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_LAMBDA,
 * AWS_ACCESS_KEY_ID ...), the context's name and memory from Lambda's (see {@link ConsoleContext}).
 * A benchmark probe, never in the Lambda jar: the jar comes first on the classpath, so every class
 * the function runs is loaded from it.
 */
final class InvokeOnce {
    static final Duration DEADLINE = Duration.ofMinutes(15);
    static final String USAGE = "usage: InvokeOnce [--deadline-seconds N] [SLOT (ISO-8601, e.g. 2026-12-01T03:00:00Z)"
            + " | --event FILE (an event's JSON)]";

    private InvokeOnce() {
    }

    public static void main(String[] args) {
        ScheduledEvent event;
        Duration deadline = DEADLINE;
        try {
            if (args.length >= 2 && args[0].equals("--deadline-seconds")) {
                deadline = deadline(args[1]);
                args = Arrays.copyOfRange(args, 2, args.length);
            }
            event = event(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ScheduledBackupHandler handler;
        try {
            handler = new ScheduledBackupHandler();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            handler.invoke(event, new ConsoleContext("backup", deadline));
        } catch (BackupRunFailedException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    private static Duration deadline(String seconds) {
        try {
            int n = Integer.parseInt(seconds);
            if (n >= 1 && n <= DEADLINE.toSeconds()) {
                return Duration.ofSeconds(n);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--deadline-seconds '" + seconds + "' is not a whole number of seconds from 1 to "
                + DEADLINE.toSeconds() + " (Lambda's longest timeout); " + USAGE);
    }

    static ScheduledEvent event(String[] args) {
        if (args.length == 2 && args[0].equals("--event")) {
            Path file = Path.of(args[1]);
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("the event file " + file + " cannot be read; " + USAGE);
            }
            return RuntimeEvent.scheduled(file);
        }
        if (args.length > 1 || args.length == 1 && args[0].startsWith("-")) {
            throw new IllegalArgumentException("unexpected arguments " + String.join(" ", args) + "; " + USAGE);
        }
        Instant slot;
        try {
            slot = args.length == 1 ? Instant.parse(args[0]) : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the slot '" + args[0] + "' is not an ISO-8601 instant; " + USAGE);
        }
        return new ScheduledEvent()
                .withSource("aws.events")
                .withDetailType("Scheduled Event")
                .withTime(new DateTime(slot.toEpochMilli(), DateTimeZone.UTC));
    }
}
