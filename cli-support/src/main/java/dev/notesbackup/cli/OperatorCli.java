package dev.notesbackup.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.function.Consumer;
import java.util.function.Predicate;
import picocli.CommandLine;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The error style of every operator command: a usage error is {@code error: <what>} and a pointer
 * to {@code --help} (exit 64); any other failure is one line {@code error: <what>} (the stack trace
 * with --verbose), exit 64 for bad input or configuration and 3 for everything else.
 */
public final class OperatorCli {
    private OperatorCli() {
    }

    /**
     * A command line for {@code command} writing to {@code out}/{@code err}; {@code badInput} tells
     * which exceptions of the command mean the input or configuration is wrong (besides
     * {@link IllegalArgumentException}s that are not the SDK's).
     */
    public static CommandLine commandLine(Object command, CommandLine.IFactory factory, PrintStream out, PrintStream err,
                                          Predicate<Throwable> badInput) {
        CommandLine cli = new CommandLine(command, factory);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
            commandLine.getErr().println("error: " + oneLine(e));
            if (verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            return badInput.test(e) || e instanceof IllegalArgumentException && !(e instanceof SdkException)
                    ? ExitCodes.USAGE : ExitCodes.ERROR;
        });
        return cli;
    }

    /** A factory that hands each command of {@code type} what it needs from outside (environment, clock, clients) before it runs. */
    public static <C> CommandLine.IFactory injecting(Class<C> type, Consumer<C> inject) {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> created) throws Exception {
                K command = CommandLine.defaultFactory().create(created);
                if (type.isInstance(command)) {
                    inject.accept(type.cast(command));
                }
                return command;
            }
        };
    }

    /** The first line of the message; an SDK exception's with its class, which names the service's error. */
    public static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SdkException) {
            message = e.getClass().getSimpleName() + ": " + message;
        }
        return message.lines().findFirst().orElse(message);
    }
}
