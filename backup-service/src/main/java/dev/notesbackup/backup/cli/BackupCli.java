package dev.notesbackup.backup.cli;

import dev.notesbackup.backup.config.ConfigException;
import dev.notesbackup.cli.AwsOptions;
import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.cli.OperatorCli;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The operator's CLI, in the Lambda's jar: {@code java -jar backup-service.jar <command>}. Every
 * command takes --endpoint-url, --region and --profile; errors are one line unless --verbose.
 */
@Command(name = "backup-service",
        mixinStandardHelpOptions = true,
        version = "notes-backup 0.1.0",
        description = "Scheduled DynamoDB backups and the protection of the tables: run, list, restore, audit, guard, adopt, vault.",
        subcommands = {RunCommand.class, ListCommand.class, RestoreCommand.class, AuditCommand.class, GuardCommand.class,
                AdoptCommand.class, VaultCommand.class, CommandLine.HelpCommand.class},
        footer = ExitCodes.FOOTER)
public final class BackupCli implements Runnable {
    /** What the commands need from outside: the environment, a clock, and how to make clients. */
    record Context(Map<String, String> env, Clock clock, PrintStream out,
                   Function<AwsOptions, DynamoDbClient> dynamoDb, Function<AwsOptions, DynamoDbClient> dynamoDbWithRetries,
                   Function<AwsOptions, CloudFormationClient> cloudFormation, Function<AwsOptions, S3Client> s3) {
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new Context(System.getenv(), Clock.systemUTC(), System.out,
                Clients::dynamoDb, Clients::dynamoDbWithRetries, Clients::cloudFormation, Clients::s3), System.err));
    }

    static int execute(String[] args, Context context, PrintStream err) {
        return OperatorCli.commandLine(new BackupCli(),
                OperatorCli.injecting(OperatorCommand.class, command -> command.context = context), context.out(), err,
                e -> e instanceof ConfigException).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
