package dev.notesbackup.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notesbackup.bench.FunctionProcess.Invocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One day's slot as Lambda runs it: the scheduled event goes to a fresh function process; when that
 * invocation has ended, every continuation it asked for (the payloads of its Lambda Invoke calls, as
 * recorded on the harness's side) goes to a new process with a fresh deadline, and so on until no
 * invocation asks for one. With {@code duplicateFirst} the first continuation is delivered twice, the
 * copy after the original has ended, as an asynchronous invocation may be delivered more than once.
 */
final class SlotDriver {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The slot's invocations, in the order they ran; {@code duplicates} the numbers of those that were a second delivery. */
    record Slot(List<Invocation> invocations, List<Integer> duplicates) {
        /** From the first start to the last end. */
        double wall() {
            return invocations.isEmpty() ? 0 : invocations.get(invocations.size() - 1).endSeconds() - invocations.get(0).startSeconds();
        }

        long peakKb() {
            return invocations.stream().mapToLong(Invocation::peakKb).max().orElse(-1);
        }
    }

    private final FunctionProcess function;
    private final Supplier<List<byte[]>> takeContinuations;
    private final Path workDir;
    private final int maxInvocations;

    /**
     * @param takeContinuations the continuation payloads recorded since it was last asked
     * @param maxInvocations    the harness's own bound, above the function's: a loop ends here at the latest
     */
    SlotDriver(FunctionProcess function, Supplier<List<byte[]>> takeContinuations, Path workDir, int maxInvocations) {
        this.function = function;
        this.takeContinuations = takeContinuations;
        this.workDir = workDir;
        this.maxInvocations = maxInvocations;
    }

    Slot run(Instant slot, boolean duplicateFirst) {
        takeContinuations.get(); // nothing left over from an earlier slot
        Deque<Path> events = new ArrayDeque<>();
        events.add(write("event-1.json", scheduledEvent(slot)));
        List<Invocation> done = new ArrayList<>();
        List<Integer> duplicates = new ArrayList<>();
        boolean duplicated = false;
        long clockStart = System.nanoTime();
        while (!events.isEmpty()) {
            if (done.size() == maxInvocations) {
                throw new IllegalStateException(maxInvocations + " invocations and still continuations to deliver: "
                        + events.size() + " (see " + workDir + ")");
            }
            Path event = events.poll();
            Invocation invocation = function.invoke(done.size() + 1, event, clockStart);
            done.add(invocation);
            Bench.log(String.format(Locale.ROOT, "  invocation %d (%s): %.1f s, exit %d, created %d, deleted %d,"
                            + " deletions left %d, peak %d MB", invocation.number(), event.getFileName(), invocation.wall(),
                    invocation.exitCode(), invocation.total("created"), invocation.total("deleted"),
                    invocation.total("deletesLeft"), invocation.peakKb() / 1024));
            for (byte[] payload : takeContinuations.get()) {
                Path next = write("event-" + (done.size() + events.size() + 1) + ".json", payload);
                events.add(next);
                if (duplicateFirst && !duplicated) {
                    duplicated = true;
                    events.add(next);
                    duplicates.add(done.size() + events.size());
                }
            }
        }
        return new Slot(done, duplicates);
    }

    /** The event EventBridge's schedule delivers for {@code slot} (its fields as AWS documents them). */
    static byte[] scheduledEvent(Instant slot) {
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", UUID.nameUUIDFromBytes(slot.toString().getBytes(StandardCharsets.UTF_8)).toString())
                .put("detail-type", "Scheduled Event")
                .put("source", "aws.events")
                .put("account", ConsoleContext.ACCOUNT)
                .put("time", slot.truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", "us-east-1");
        event.putArray("resources").add("arn:aws:events:us-east-1:" + ConsoleContext.ACCOUNT + ":rule/backup-schedule");
        event.putObject("detail");
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path write(String name, byte[] json) {
        try {
            return Files.write(workDir.resolve(name), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
