package dev.notesbackup.backup.cfn;

import dev.notesbackup.backup.aws.Tables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Which CloudFormation stack owns a table, and that stack's template; one instance per audit, so
 * the index of every stack's tables and each template are read at most once.
 *
 * <p>The owning stack is found by DescribeStackResources with the table's name as physical id, else
 * (when that call fails) by the table's {@code aws:cloudformation:*} tags, else by reading every
 * live stack's resources once (authoritative, but a call per stack).
 */
public final class StackOwnership {
    /** The resource types that are DynamoDB tables. */
    public static final Set<String> TABLE_TYPES = Set.of("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable");
    static final String STACK_NAME_TAG = "aws:cloudformation:stack-name";
    static final String LOGICAL_ID_TAG = "aws:cloudformation:logical-id";

    /** Which stack a table belongs to: found, none, or the lookup cannot tell (and why). */
    public record Owner(String stackName, String logicalId, String unknownBecause) {
        public static final Owner NONE = new Owner(null, null, null);

        static Owner unknown(String why) {
            return new Owner(null, null, why);
        }

        public boolean found() {
            return stackName != null;
        }
    }

    private final CloudFormationClient cfn;
    private final DynamoDbClient dynamo;
    private Map<String, Owner> stackIndex;
    private String stackIndexError;
    private final Map<String, Optional<CloudFormationTemplate>> templates = new HashMap<>();
    private final Map<String, String> templateErrors = new HashMap<>();

    public StackOwnership(CloudFormationClient cfn, DynamoDbClient dynamo) {
        this.cfn = cfn;
        this.dynamo = dynamo;
    }

    public Owner owner(String table, String tableArn) {
        try {
            List<StackResource> resources = cfn.describeStackResources(r -> r.physicalResourceId(table)).stackResources();
            for (StackResource r : resources) {
                if (table.equals(r.physicalResourceId()) && TABLE_TYPES.contains(r.resourceType())) {
                    return new Owner(r.stackName(), r.logicalResourceId(), null);
                }
            }
        } catch (CloudFormationException e) {
            // "Stack for <table> does not exist" when no stack has it: look by tags, then by the stacks' resources
        }
        if (tableArn != null) {
            try {
                Map<String, String> tags = Tables.tags(dynamo, tableArn);
                if (tags.containsKey(STACK_NAME_TAG)) {
                    return new Owner(tags.get(STACK_NAME_TAG), tags.get(LOGICAL_ID_TAG), null);
                }
            } catch (SdkException e) {
                // the stack index below is the authority
            }
        }
        Map<String, Owner> index = stackIndex();
        if (index == null) {
            return Owner.unknown(stackIndexError);
        }
        return index.getOrDefault(table, Owner.NONE);
    }

    /** Every table of every live stack, by physical id; null when the stacks could not be read. */
    private Map<String, Owner> stackIndex() {
        if (stackIndex != null || stackIndexError != null) {
            return stackIndex;
        }
        Map<String, Owner> index = new HashMap<>();
        try {
            for (var summary : cfn.listStacksPaginator(ListStacksRequest.builder().build()).stackSummaries()) {
                if (summary.stackStatus() == StackStatus.DELETE_COMPLETE
                        || summary.stackStatus() == StackStatus.REVIEW_IN_PROGRESS) {
                    continue;
                }
                for (var resource : cfn.listStackResourcesPaginator(ListStackResourcesRequest.builder()
                        .stackName(summary.stackId()).build()).stackResourceSummaries()) {
                    if (TABLE_TYPES.contains(resource.resourceType()) && resource.physicalResourceId() != null) {
                        index.putIfAbsent(resource.physicalResourceId(),
                                new Owner(summary.stackName(), resource.logicalResourceId(), null));
                    }
                }
            }
        } catch (SdkException e) {
            stackIndexError = "could not read the stacks' resources: " + Stacks.describe(e);
            return null;
        }
        stackIndex = index;
        return index;
    }

    /** A stack's template at {@code stage}, read once; empty if it could not be read ({@link #templateError} says why). */
    public Optional<CloudFormationTemplate> template(String stackName, TemplateStage stage) {
        return templates.computeIfAbsent(stackName + "#" + stage, key -> {
            try {
                return Optional.of(CloudFormationTemplate.parse(cfn.getTemplate(r -> r.stackName(stackName)
                        .templateStage(stage)).templateBody()));
            } catch (SdkException | IllegalArgumentException e) {
                templateErrors.put(stackName, Stacks.describe(e));
                return Optional.empty();
            }
        });
    }

    public String templateError(String stackName) {
        return templateErrors.get(stackName);
    }
}
