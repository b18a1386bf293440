package dev.notesbackup.backup.cli;

import dev.notesbackup.backup.guard.DeployGuard;
import dev.notesbackup.backup.guard.GuardVerdict;
import dev.notesbackup.cli.AwsOptions;
import dev.notesbackup.cli.ExitCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

@Command(name = "guard", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Refuses a deployment that would delete or replace a DynamoDB table, or that deploys another",
                "project's template under this stack's name (exit 2). Checks a change set made by",
                "`sam deploy --no-execute-changeset`, or makes one from a template file and checks that."},
        footer = ExitCodes.FOOTER)
final class GuardCommand extends OperatorCommand {
    @Option(names = "--stack-name", required = true, description = "The stack being deployed.")
    String stackName;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--change-set", required = true, paramLabel = "NAME_OR_ARN", description = "An existing change set of the stack.")
        String changeSet;

        @Option(names = "--template-file", required = true, paramLabel = "FILE",
                description = "Make a change set from this template (deleted afterwards unless --keep-change-set).")
        Path templateFile;
    }

    @Option(names = "--parameter-overrides", split = " ", paramLabel = "KEY=VALUE",
            description = "Parameters for --template-file, as sam deploy takes them; others keep the stack's values.")
    List<String> parameterOverrides = List.of();

    @Option(names = "--tags", split = " ", paramLabel = "KEY=VALUE",
            description = {"Stack tags for --template-file, as sam deploy takes them (e.g. samconfig.toml's tags);",
                    "they replace the stack's. Without them the stack keeps its tags."})
    List<String> tags = List.of();

    @Option(names = "--keep-change-set", description = "With --template-file: keep the change set it made.")
    boolean keepChangeSet;

    @Option(names = "--accept-unreported-replacement",
            description = {"Take a table or nested stack Modify of a change set that does not report replacement as",
                    "in place. AWS CloudFormation reports it for every Modify; without this option such a change",
                    "is unknown and refused. Not for AWS."})
    boolean acceptUnreportedReplacement;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() {
        try (CloudFormationClient cfn = context.cloudFormation().apply(aws)) {
            DeployGuard guard = new DeployGuard(cfn, acceptUnreportedReplacement
                    ? DeployGuard.UnreportedReplacement.TAKE_AS_IN_PLACE : DeployGuard.UnreportedReplacement.REFUSE);
            GuardVerdict verdict = source.changeSet != null
                    ? guard.check(stackName, source.changeSet)
                    : guard.checkTemplate(stackName, readTemplate(), keyValues("--parameter-overrides", parameterOverrides),
                            keyValues("--tags", tags), keepChangeSet);
            context.out().print(verdict.explain());
            return verdict.allowed() ? ExitCodes.OK : ExitCodes.REFUSED;
        }
    }

    private String readTemplate() {
        try {
            return Files.readString(source.templateFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the template " + source.templateFile + ": " + e.getMessage(), e);
        }
    }

    private Map<String, String> keyValues(String option, List<String> pairs) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String override : pairs) {
            int eq = override.indexOf('=');
            if (eq < 1) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        option + " takes KEY=VALUE pairs, not '" + override + "'");
            }
            String value = override.substring(eq + 1);
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            parameters.put(override.substring(0, eq), value);
        }
        return parameters;
    }
}
