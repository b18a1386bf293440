package dev.notesbackup.bench;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An event file read as Lambda's Java runtime reads the payload of a handler whose input is an
 * event class of aws-lambda-java-events: with that library's own serializer for the class (the
 * runtime's aws-lambda-java-serialization, its Jackson mix-ins and Joda-time module for
 * {@code time}), loaded through the function's class loader. Its own class, so that the probes
 * that build their event need no serialization jar on the classpath.
 */
final class RuntimeEvent {
    private RuntimeEvent() {
    }

    static ScheduledEvent scheduled(Path file) {
        if (!LambdaEventSerializers.isLambdaSupportedEvent(ScheduledEvent.class.getName())) {
            throw new IllegalStateException("the runtime's serialization does not know " + ScheduledEvent.class.getName());
        }
        try (InputStream in = Files.newInputStream(file)) {
            return LambdaEventSerializers.serializerFor(ScheduledEvent.class, InvokeOnce.class.getClassLoader()).fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event file " + file, e);
        }
    }
}
