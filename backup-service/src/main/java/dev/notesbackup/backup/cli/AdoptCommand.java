package dev.notesbackup.backup.cli;

import dev.notesbackup.backup.cfn.ResourceImport;
import dev.notesbackup.backup.cfn.TableAdoption;
import dev.notesbackup.backup.guard.DeployGuard;
import dev.notesbackup.backup.guard.GuardVerdict;
import dev.notesbackup.cli.AwsOptions;
import dev.notesbackup.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(name = "adopt", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prepares the CloudFormation resource import that brings a restored table back under its stack's",
                "logical id: the stack's template with that resource named after the table (DeletionPolicy Retain, as",
                "an import requires) and the resources to import. Writes both files and prints the",
                "`aws cloudformation create-change-set --change-set-type IMPORT` command; with --create-change-set it",
                "creates that change set and checks it with the deploy guard (exit 2 if refused). Executes nothing."},
        footer = ExitCodes.FOOTER)
final class AdoptCommand extends OperatorCommand {
    private static final DateTimeFormatter CHANGE_SET_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Option(names = "--stack", required = true, paramLabel = "STACK", description = "The stack the table belongs under, e.g. quarantine-notes.")
    String stackName;

    @Option(names = "--logical-id", required = true, paramLabel = "ID", description = "The table's logical id in that stack's template, e.g. NotesTable.")
    String logicalId;

    @Option(names = "--table", required = true, paramLabel = "RESTORED", description = "The restored table to adopt.")
    String table;

    @Option(names = "--template-file", paramLabel = "FILE",
            description = {"Take the logical id's definition from this template (e.g. notes-service/template.yaml)",
                    "when the stack's template no longer has it (default: the stack's template)."})
    Path definitionFile;

    @Option(names = "--template-out", paramLabel = "FILE",
            description = {"Where to write the import template (default: adopt-<ID>-template.json); the resources to",
                    "import go beside it, in <name>-resources-to-import.json."})
    Path templateOut;

    @Option(names = "--create-change-set", description = "Create the IMPORT change set and run the deploy guard on it.")
    boolean createChangeSet;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() {
        Optional<String> definition = Optional.ofNullable(definitionFile).map(AdoptCommand::read);
        PrintStream out = context.out();
        try (CloudFormationClient cfn = context.cloudFormation().apply(aws);
             DynamoDbClient dynamo = context.dynamoDbWithRetries().apply(aws)) {
            TableAdoption adoption = new TableAdoption(cfn, dynamo);
            TableAdoption.Outcome outcome = adoption.prepare(stackName, logicalId, table, definition);
            if (outcome instanceof TableAdoption.AlreadyInStack already) {
                out.println(already.message() + ".");
                return ExitCodes.OK;
            }
            TableAdoption.Prepared prepared = (TableAdoption.Prepared) outcome;
            ResourceImport.Plan plan = prepared.plan();
            Path template = templateOut != null ? templateOut : Path.of("adopt-" + logicalId + "-template.json");
            Path resources = resourcesFile(template);
            write(template, plan.templateBody());
            write(resources, plan.resourcesToImportJson());
            String changeSetName = "adopt-" + logicalId + "-" + CHANGE_SET_TIME.format(context.clock().instant());
            out.printf("Import of table %s as %s into stack %s: template %s, resources to import %s.%n", table, logicalId,
                    stackName, template, resources);
            out.println("Keep TableName: " + table + " on " + logicalId + " in the template you deploy from now on: without"
                    + " it CloudFormation would replace the table (the guard refuses that).");
            if (!createChangeSet) {
                out.println("Create the change set, check it, then execute it:");
                out.println("  " + TableAdoption.cliCommand(prepared, changeSetName, template.toString(), resources.toString()));
                out.println("  java -jar backup-service-lambda.jar guard --stack-name " + stackName + " --change-set " + changeSetName);
                return ExitCodes.OK;
            }
            String changeSet = adoption.createChangeSet(prepared, changeSetName);
            out.println("Created IMPORT change set " + changeSet + "; the deploy guard checks it:");
            GuardVerdict verdict = new DeployGuard(cfn).check(stackName, changeSet);
            out.print(verdict.explain());
            if (verdict.allowed()) {
                out.println("Execute it with: aws cloudformation execute-change-set --change-set-name " + changeSet);
            }
            return verdict.allowed() ? ExitCodes.OK : ExitCodes.REFUSED;
        }
    }

    static Path resourcesFile(Path template) {
        String name = template.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        return template.resolveSibling(base + "-resources-to-import.json");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the template " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
