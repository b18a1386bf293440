package dev.notesbackup.notes.cli;

import dev.notesbackup.cli.AwsOptions;
import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.cli.OperatorCli;
import dev.notesbackup.notes.config.ConfigException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The notes tools: {@code java -jar notes-tools/target/notes-tools-standalone.jar replay|serve|copy-as-of|diff|repair ...} (or this class on
 * the module's classpath, see {@link NotesToolsProcess}).
 * The same convention as the backup CLI (options, exit codes, one-line errors; see {@link OperatorCli}).
 * Not in the Lambda's jar: the function's handler is {@code dev.notesbackup.notes.lambda.NotesApiHandler}.
 */
@Command(name = "notes-tools",
        mixinStandardHelpOptions = true,
        version = "notes-backup 0.1.0",
        description = "The notes API's write-ahead log replayed into its tables, the API served locally, and bad data repaired"
                + " from a copy of the tables as of a time (copy-as-of, diff, repair).",
        subcommands = {ReplayCommand.class, ServeCommand.class, CopyAsOfCommand.class, DiffCommand.class, RepairCommand.class,
                CommandLine.HelpCommand.class},
        footer = ExitCodes.FOOTER)
public final class NotesTools implements Runnable {
    /** What the commands need from outside: the environment, a clock, the streams, and how to make clients. */
    record Context(Map<String, String> env, Clock clock, PrintStream out, PrintStream err,
                   Function<AwsOptions, Clients> clients) {
    }

    /** The operator commands' clients (replay and the bad-data recovery), built when first asked for; tests pass their own. */
    interface Clients {
        DynamoDbClient dynamoDb();

        CloudWatchLogsClient logs();
    }

    /** A subcommand: returns its exit code, and gets the context before it runs. */
    abstract static class ToolCommand implements Callable<Integer> {
        Context context;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int status = run(args, System.getenv(), System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** As {@code main}, without exiting: real clients, the system clock. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return execute(args, new Context(env, Clock.systemUTC(), out, err, ToolClients::operator));
    }

    static int execute(String[] args, Context context) {
        return OperatorCli.commandLine(new NotesTools(),
                OperatorCli.injecting(ToolCommand.class, command -> command.context = context), context.out(), context.err(),
                e -> e instanceof ConfigException).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
