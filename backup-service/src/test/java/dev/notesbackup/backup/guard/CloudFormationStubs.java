package dev.notesbackup.backup.guard;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.notesbackup.backup.cfn.FakeCloudFormation;
import java.util.List;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeType;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateRequest;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateResponse;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesResponse;
import software.amazon.awssdk.services.cloudformation.model.ResourceChange;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.paginators.DescribeChangeSetIterable;
import software.amazon.awssdk.services.cloudformation.paginators.ListStackResourcesIterable;
import software.amazon.awssdk.services.cloudformation.waiters.CloudFormationWaiter;

/**
 * Stubbed answers of a plain Mockito {@link CloudFormationClient} for the guard's reader and
 * preview: each answer a function of its request (pages by NextToken, which moto never sends), no
 * account kept between calls. The SDK's paginators are the SDK's own, over the stubbed calls.
 */
final class CloudFormationStubs {
    static final String STACK = "quarantine-notes";

    private CloudFormationStubs() {
    }

    /** A plain mock whose {@code waiter()} is the SDK's waiter over the mock, as a real client's is over itself. */
    static CloudFormationClient client() {
        CloudFormationClient cfn = mock(CloudFormationClient.class);
        when(cfn.waiter()).thenAnswer(invocation -> CloudFormationWaiter.builder().client(cfn).build());
        return cfn;
    }

    static String stackId(String name) {
        return "arn:aws:cloudformation:us-east-1:123456789012:stack/" + name + "/0000";
    }

    static Stack.Builder stack(String name, StackStatus status) {
        return Stack.builder().stackName(name).stackId(stackId(name)).stackStatus(status);
    }

    /** DescribeStacks answers {@code stack}; GetTemplate of the stack (not of a change set) answers {@code template}. */
    static void deployed(CloudFormationClient cfn, Stack stack, String template) {
        when(cfn.describeStacks(any(DescribeStacksRequest.class))).thenReturn(DescribeStacksResponse.builder().stacks(stack).build());
        when(cfn.getTemplate(argThat((GetTemplateRequest r) -> r != null && r.changeSetName() == null)))
                .thenReturn(GetTemplateResponse.builder().templateBody(template).build());
    }

    /** DescribeStacks answers as CloudFormation does for a name it does not know. */
    static void noStack(CloudFormationClient cfn, String name) {
        when(cfn.describeStacks(any(DescribeStacksRequest.class)))
                .thenThrow(FakeCloudFormation.validationError("Stack with id " + name + " does not exist"));
    }

    /** GetTemplate of a change set answers {@code template}. */
    static void changeSetTemplate(CloudFormationClient cfn, String template) {
        when(cfn.getTemplate(argThat((GetTemplateRequest r) -> r != null && r.changeSetName() != null)))
                .thenReturn(GetTemplateResponse.builder().templateBody(template).build());
    }

    /** DescribeChangeSet answers page i for NextToken page-i (none for the first), each but the last linking to the next. */
    static void changeSet(CloudFormationClient cfn, DescribeChangeSetResponse... pages) {
        paginated(cfn);
        when(cfn.describeChangeSet(any(DescribeChangeSetRequest.class))).thenAnswer(invocation -> {
            String token = invocation.<DescribeChangeSetRequest>getArgument(0).nextToken();
            int index = token == null ? 0 : Integer.parseInt(token.substring("page-".length()));
            return pages[index].toBuilder().nextToken(index + 1 < pages.length ? "page-" + (index + 1) : null).build();
        });
    }

    /** DescribeChangeSet answers these one call after the other, the last one from then on. */
    static void changeSetInTurn(CloudFormationClient cfn, DescribeChangeSetResponse first, DescribeChangeSetResponse... then) {
        paginated(cfn);
        when(cfn.describeChangeSet(any(DescribeChangeSetRequest.class))).thenReturn(first, then);
    }

    private static void paginated(CloudFormationClient cfn) {
        when(cfn.describeChangeSetPaginator(any(DescribeChangeSetRequest.class)))
                .thenAnswer(invocation -> new DescribeChangeSetIterable(cfn, invocation.getArgument(0)));
    }

    static DescribeChangeSetResponse page(ChangeSetStatus status, ResourceChange... changes) {
        return DescribeChangeSetResponse.builder().stackName(STACK).changeSetName("cs").status(status)
                .changes(List.of(changes).stream()
                        .map(rc -> Change.builder().type(ChangeType.RESOURCE).resourceChange(rc).build()).toList())
                .build();
    }

    static ResourceChange change(String action, String logicalId, String physicalId, String type,
                                 String replacement, String policyAction) {
        return ResourceChange.builder().action(action).logicalResourceId(logicalId).physicalResourceId(physicalId)
                .resourceType(type).replacement(replacement).policyAction(policyAction).build();
    }

    /** ListStackResources answers one resource per page, so the paginator pages. */
    static void resources(CloudFormationClient cfn, StackResourceSummary... resources) {
        when(cfn.listStackResourcesPaginator(any(ListStackResourcesRequest.class)))
                .thenAnswer(invocation -> new ListStackResourcesIterable(cfn, invocation.getArgument(0)));
        when(cfn.listStackResources(any(ListStackResourcesRequest.class))).thenAnswer(invocation -> {
            String token = invocation.<ListStackResourcesRequest>getArgument(0).nextToken();
            int index = token == null ? 0 : Integer.parseInt(token);
            return ListStackResourcesResponse.builder().stackResourceSummaries(resources[index])
                    .nextToken(index + 1 < resources.length ? String.valueOf(index + 1) : null).build();
        });
    }

    static StackResourceSummary resource(String logicalId, String physicalId, String type) {
        return StackResourceSummary.builder().logicalResourceId(logicalId).physicalResourceId(physicalId)
                .resourceType(type).resourceStatus("CREATE_COMPLETE").build();
    }
}
