package dev.notesbackup.notes.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;

/** {@code java -jar notes-service.jar replay|serve|help ...}. The Lambda handler is {@code dev.notesbackup.notes.lambda.NotesApiHandler}. */
public final class Main {
    private static final String USAGE = "usage: java -jar notes-service.jar COMMAND [OPTIONS]\n\n"
            + ReplayCommand.USAGE + "\n\n" + ServeCommand.USAGE + "\n";

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(args, System.getenv(), System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        try {
            return switch (args[0]) {
                case "replay" -> ReplayCommand.run(args, out, err, Clock.systemUTC(), ReplayCommand.realClients());
                case "serve" -> ServeCommand.run(args, env, out, err);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> throw new UsageException("unknown command '" + args[0] + "'");
            };
        } catch (UsageException e) {
            err.println(args[0] + ": " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (SdkClientException e) {
            String hint = e.getMessage() != null && e.getMessage().contains("region")
                    ? " (set AWS_REGION, e.g. AWS_REGION=us-east-1; for the local stand-in also AWS_ENDPOINT_URL)" : "";
            err.println(args[0] + ": " + e.getMessage() + hint);
            return 1;
        } catch (RuntimeException e) {
            err.println(args[0] + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println(args[0] + ": " + e);
            return 1;
        }
    }
}
