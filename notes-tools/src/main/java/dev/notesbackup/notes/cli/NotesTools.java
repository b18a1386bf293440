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

/**
 * The notes tools: {@code java -jar notes-tools/target/notes-tools-standalone.jar replay|serve ...} (or this class on
 * the module's classpath, see {@link NotesToolsProcess}).
 * The same convention as the backup CLI (options, exit codes, one-line errors; see {@link OperatorCli}).
 * Not in the Lambda's jar: the function's handler is {@code dev.notesbackup.notes.lambda.NotesApiHandler}.
 */
@Command(name = "notes-tools",
        mixinStandardHelpOptions = true,
        version = "notes-backup 0.1.0",
        description = "The notes API's write-ahead log replayed into its tables, and the API served locally.",
        subcommands = {ReplayCommand.class, ServeCommand.class, CommandLine.HelpCommand.class},
        footer = ExitCodes.FOOTER)
public final class NotesTools implements Runnable {
    /** What the commands need from outside: the environment, a clock, the streams, and how to make clients. */
    record Context(Map<String, String> env, Clock clock, PrintStream out, PrintStream err,
                   Function<AwsOptions, ReplayCommand.Clients> replayClients) {
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
        return execute(args, new Context(env, Clock.systemUTC(), out, err, ToolClients::replay));
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
