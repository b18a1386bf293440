package dev.notesbackup.verify.iam;

import dev.notesbackup.backup.cli.BackupCli;
import dev.notesbackup.cli.AwsOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * The two CLIs in this JVM (so {@link CallRecorder} sees their calls), wired exactly as their
 * {@code main} methods wire them, minus the {@code System.exit}: the backup CLI's
 * {@code execute(args, Context(env, clock, out, Clients::dynamoDb, ...), err)} and the notes CLI's
 * {@code run(args, env, out, err)}. Reflection, because both are package-private; a change to
 * them fails here loudly.
 */
final class OperatorCli {
    private OperatorCli() {
    }

    static int backup(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Class<?> contextType = Class.forName("dev.notesbackup.backup.cli.BackupCli$Context");
            Class<?> clients = Class.forName("dev.notesbackup.backup.cli.Clients");
            Constructor<?> context = contextType.getDeclaredConstructors()[0];
            context.setAccessible(true);
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            Object ctx = context.newInstance(env, Clock.systemUTC(), print,
                    factory(clients, "dynamoDb"), factory(clients, "dynamoDbWithRetries"), factory(clients, "cloudFormation"),
                    factory(clients, "s3"));
            Method execute = BackupCli.class.getDeclaredMethod("execute", String[].class, contextType, PrintStream.class);
            execute.setAccessible(true);
            int status = (int) execute.invoke(null, args, ctx, print);
            System.out.println("backup-service " + String.join(" ", args) + " -> " + status + "\n" + out.toString(StandardCharsets.UTF_8));
            return status;
        } catch (InvocationTargetException e) {
            throw new AssertionError("backup-service " + String.join(" ", args) + " threw", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("BackupCli is no longer wired as this test expects: " + e, e);
        }
    }

    static int notes(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Class<?> main = Class.forName("dev.notesbackup.notes.cli.NotesTools");
            Method run = main.getDeclaredMethod("run", String[].class, Map.class, PrintStream.class, PrintStream.class);
            run.setAccessible(true);
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            int status = (int) run.invoke(null, args, env, print, print);
            System.out.println("notes-tools " + String.join(" ", args) + " -> " + status + "\n" + out.toString(StandardCharsets.UTF_8));
            return status;
        } catch (InvocationTargetException e) {
            throw new AssertionError("notes-tools " + String.join(" ", args) + " threw", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the notes CLI is no longer wired as this test expects: " + e, e);
        }
    }

    private static Function<AwsOptions, Object> factory(Class<?> clients, String name) throws NoSuchMethodException {
        Method method = clients.getDeclaredMethod(name, AwsOptions.class);
        method.setAccessible(true);
        return options -> {
            try {
                return method.invoke(null, options);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
