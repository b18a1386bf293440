package dev.notesbackup.backup.cfn;

import dev.notesbackup.backup.aws.Tables;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Prepares the way back for a restored table, which lives outside every stack: a CloudFormation
 * resource import that puts it under the stack's logical id ({@link ResourceImport} builds it),
 * made from the stack's own template. Reads only, unless asked to create the IMPORT change set
 * (which changes nothing until someone executes it).
 *
 * <p>AWS imports only a logical id the stack does not hold ("already in a stack and cannot be
 * imported"). A stack whose table was deleted by hand still holds it, under the old name: restoring
 * into that very name puts the table back under the stack with nothing to import, so that is the
 * refusal's remedy.
 */
public final class TableAdoption {
    private final CloudFormationClient cfn;
    private final DynamoDbClient dynamo;

    public TableAdoption(CloudFormationClient cfn, DynamoDbClient dynamo) {
        this.cfn = Objects.requireNonNull(cfn, "cfn");
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    }

    /** What to do: nothing (the stack holds the table already), or the import prepared. */
    public sealed interface Outcome permits AlreadyInStack, Prepared {
    }

    public record AlreadyInStack(String message) implements Outcome {
    }

    /** The import, and the stack's capabilities, parameters and tags the change set must keep. */
    public record Prepared(ResourceImport.Plan plan, Stack stack) implements Outcome {
    }

    /** The stack cannot take the table by an import as it stands; the message says why and what to do. */
    public static final class ImportRefusedException extends RuntimeException {
        public ImportRefusedException(String message) {
            super(message);
        }
    }

    /**
     * @param definitionTemplate a template defining {@code logicalId} when the stack's own template
     *                           does not (e.g. the notes stack's template file); empty: the stack's
     * @throws IllegalArgumentException when the stack, the logical id or the table is not there,
     *                                  the logical id is not a table, or the table does not match it
     * @throws ImportRefusedException   when the stack holds the logical id as another table, or
     *                                  another stack holds the table
     */
    public Outcome prepare(String stackName, String logicalId, String tableName, Optional<String> definitionTemplate) {
        Stack stack = Stacks.describe(cfn, stackName).filter(Stacks::isDeployed)
                .orElseThrow(() -> new IllegalArgumentException("stack " + stackName + " does not exist (or holds nothing yet)"));
        CloudFormationTemplate current = CloudFormationTemplate.parse(Stacks.originalTemplate(cfn, stackName));
        CloudFormationTemplate definition = definitionTemplate.map(CloudFormationTemplate::parse).orElse(current);
        if (!definition.hasResource(logicalId) && current.hasResource(logicalId)) {
            definition = current;
        }
        TableDescription table = Tables.describe(dynamo, tableName)
                .orElseThrow(() -> new IllegalArgumentException("table " + tableName + " does not exist: adopt a table that"
                        + " exists (the one `restore` made)"));
        ResourceImport.Plan plan = ResourceImport.plan(stackName, current, definition, logicalId, table);

        Optional<StackResource> held = heldResource(stackName, logicalId);
        if (held.isPresent()) {
            String physical = held.get().physicalResourceId();
            if (tableName.equals(physical)) {
                return new AlreadyInStack("stack " + stackName + " already holds table " + tableName + " as " + logicalId
                        + ": nothing to import");
            }
            boolean exists = physical != null && Tables.exists(dynamo, physical);
            throw new ImportRefusedException("stack " + stackName + " still holds " + logicalId + " as table " + physical
                    + (exists ? ", which exists" : ", which no longer exists") + ", and CloudFormation imports only a logical id"
                    + " the stack does not hold. " + (exists
                    ? "Adopting " + tableName + " would take " + physical + " out of the stack: not done."
                    : "Restore into that name instead (restore --table " + physical + " --latest --target-table " + physical
                            + " --wait): the stack then holds the restored table again, with nothing to import."));
        }
        StackOwnership.Owner owner = new StackOwnership(cfn, dynamo).owner(tableName, table.tableArn());
        if (owner.found()) {
            throw new ImportRefusedException("table " + tableName + " already belongs to stack " + owner.stackName()
                    + (owner.logicalId() == null ? "" : " as " + owner.logicalId())
                    + ", and a resource can belong to one stack only");
        }
        return new Prepared(plan, stack);
    }

    /** Creates the IMPORT change set, keeping the stack's parameters, capabilities and tags; returns its id. */
    public String createChangeSet(Prepared prepared, String changeSetName) {
        Stack stack = prepared.stack();
        return cfn.createChangeSet(r -> r.stackName(stack.stackName()).changeSetName(changeSetName)
                .changeSetType(ChangeSetType.IMPORT)
                .templateBody(prepared.plan().templateBody())
                .resourcesToImport(prepared.plan().resourcesToImport())
                .parameters(previousParameters(stack))
                .capabilities(stack.capabilities())
                .tags(Stacks.userTags(stack))
                .description("Import the restored table " + prepared.plan().tableName() + " as " + prepared.plan().logicalId()))
                .id();
    }

    /** The same call as the AWS CLI takes it, for the files written at {@code templateFile} and {@code resourcesFile}. */
    public static String cliCommand(Prepared prepared, String changeSetName, String templateFile, String resourcesFile) {
        Stack stack = prepared.stack();
        StringBuilder command = new StringBuilder("aws cloudformation create-change-set --stack-name ").append(stack.stackName())
                .append(" --change-set-name ").append(changeSetName)
                .append(" --change-set-type IMPORT --template-body file://").append(templateFile)
                .append(" --resources-to-import file://").append(resourcesFile);
        List<Parameter> parameters = previousParameters(stack);
        if (!parameters.isEmpty()) {
            command.append(" --parameters ").append(parameters.stream()
                    .map(p -> "ParameterKey=" + p.parameterKey() + ",UsePreviousValue=true").collect(Collectors.joining(" ")));
        }
        if (stack.hasCapabilities() && !stack.capabilities().isEmpty()) {
            command.append(" --capabilities ").append(stack.capabilitiesAsStrings().stream().collect(Collectors.joining(" ")));
        }
        if (!Stacks.userTags(stack).isEmpty()) {
            command.append(" --tags ").append(Stacks.userTags(stack).stream()
                    .map(t -> "Key=" + t.key() + ",Value=" + t.value()).collect(Collectors.joining(" ")));
        }
        return command.toString();
    }

    /** An import must not change anything else, parameter values included. */
    private static List<Parameter> previousParameters(Stack stack) {
        return stack.hasParameters() ? stack.parameters().stream()
                .map(p -> Parameter.builder().parameterKey(p.parameterKey()).usePreviousValue(true).build()).toList() : List.of();
    }

    /** The stack's resource of that logical id; none when DescribeStackResources lists none or answers "does not exist". */
    private Optional<StackResource> heldResource(String stackName, String logicalId) {
        try {
            return cfn.describeStackResources(r -> r.stackName(stackName).logicalResourceId(logicalId)).stackResources().stream()
                    .filter(r -> logicalId.equals(r.logicalResourceId())).findFirst();
        } catch (CloudFormationException e) {
            if (Stacks.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
