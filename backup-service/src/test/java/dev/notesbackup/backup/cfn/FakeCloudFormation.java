package dev.notesbackup.backup.cfn;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourcesResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateRequest;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateResponse;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesResponse;
import software.amazon.awssdk.services.cloudformation.model.ListStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * A Mockito-mocked {@link CloudFormationClient} answering the protection audit's look-ups from an
 * in-memory account: stacks with their templates, tags and resources, listed one per page. Unknown
 * names get CloudFormation's untyped "does not exist" ValidationError. Every request is recorded.
 * (The deploy guard's tests need no account: its judge is pure, its reader and preview use plain stubs.)
 */
public final class FakeCloudFormation {
    public final CloudFormationClient client = mock(CloudFormationClient.class);
    public final Map<String, Stack> stacks = new LinkedHashMap<>();
    public final Map<String, String> templates = new LinkedHashMap<>();
    public final Map<String, List<StackResourceSummary>> resources = new LinkedHashMap<>();
    public final List<Object> requests = new ArrayList<>();
    /** Whether DescribeStackResources answers a PhysicalResourceId look-up (AWS does, moto does not). */
    public boolean physicalIdLookup = true;

    @SuppressWarnings("unchecked")
    public FakeCloudFormation() {
        lenient().when(client.describeStacks(any(DescribeStacksRequest.class))).thenAnswer(i -> describeStacks(i.getArgument(0)));
        lenient().when(client.getTemplate(any(GetTemplateRequest.class))).thenAnswer(i -> getTemplate(i.getArgument(0)));
        lenient().when(client.listStackResources(any(ListStackResourcesRequest.class))).thenAnswer(i -> listStackResources(i.getArgument(0)));
        lenient().when(client.describeStackResources(any(DescribeStackResourcesRequest.class)))
                .thenAnswer(i -> describeStackResources(i.getArgument(0)));
        lenient().when(client.listStacks(any(ListStacksRequest.class))).thenAnswer(i -> listStacks(i.getArgument(0)));
        // the audit uses the SDK's paginators and these Consumer<Builder> overloads; route them to the request forms above
        lenient().when(client.listStackResourcesPaginator(any(ListStackResourcesRequest.class))).thenCallRealMethod();
        lenient().when(client.listStacksPaginator(any(ListStacksRequest.class))).thenCallRealMethod();
        lenient().when(client.getTemplate(any(Consumer.class))).thenCallRealMethod();
        lenient().when(client.describeStackResources(any(Consumer.class))).thenCallRealMethod();
    }

    // ---- arranging -----------------------------------------------------------------------------

    /** A deployed stack (CREATE_COMPLETE) with the template and tags given. */
    public FakeCloudFormation stack(String name, String template, Tag... tags) {
        stacks.put(name, Stack.builder().stackName(name).stackId("arn:aws:cloudformation:us-east-1:123456789012:stack/" + name + "/0000")
                .stackStatus(StackStatus.CREATE_COMPLETE).tags(tags).build());
        templates.put(name, template);
        return this;
    }

    public FakeCloudFormation resource(String stack, String logicalId, String physicalId, String type) {
        resources.computeIfAbsent(stack, s -> new ArrayList<>()).add(StackResourceSummary.builder()
                .logicalResourceId(logicalId).physicalResourceId(physicalId).resourceType(type)
                .resourceStatus("CREATE_COMPLETE").build());
        return this;
    }

    public static CloudFormationException validationError(String message) {
        return (CloudFormationException) CloudFormationException.builder()
                .message(message)
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationError").errorMessage(message)
                        .serviceName("CloudFormation").build())
                .build();
    }

    public <T> List<T> requestsOf(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    // ---- answering -----------------------------------------------------------------------------

    private Stack stackNamed(String nameOrId) {
        for (Stack stack : stacks.values()) {
            if (stack.stackName().equals(nameOrId) || stack.stackId().equals(nameOrId)) {
                return stack;
            }
        }
        throw validationError("Stack with id " + nameOrId + " does not exist");
    }

    private DescribeStacksResponse describeStacks(DescribeStacksRequest request) {
        requests.add(request);
        return DescribeStacksResponse.builder().stacks(stackNamed(request.stackName())).build();
    }

    private GetTemplateResponse getTemplate(GetTemplateRequest request) {
        requests.add(request);
        return GetTemplateResponse.builder().templateBody(templates.get(stackNamed(request.stackName()).stackName())).build();
    }

    private ListStackResourcesResponse listStackResources(ListStackResourcesRequest request) {
        requests.add(request);
        Stack stack = stackNamed(request.stackName());
        List<StackResourceSummary> all = resources.getOrDefault(stack.stackName(), List.of());
        // one resource per page, so the paging path runs
        int index = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        return ListStackResourcesResponse.builder()
                .stackResourceSummaries(all.isEmpty() ? List.of() : List.of(all.get(index)))
                .nextToken(index + 1 < all.size() ? String.valueOf(index + 1) : null)
                .build();
    }

    private DescribeStackResourcesResponse describeStackResources(DescribeStackResourcesRequest request) {
        requests.add(request);
        if (request.physicalResourceId() == null) {
            Stack stack = stackNamed(request.stackName());
            return DescribeStackResourcesResponse.builder().stackResources(resources.getOrDefault(stack.stackName(), List.of())
                    .stream().map(r -> toResource(stack.stackName(), r)).toList()).build();
        }
        if (!physicalIdLookup) {
            throw validationError("Stack with id None does not exist");
        }
        for (Map.Entry<String, List<StackResourceSummary>> e : resources.entrySet()) {
            for (StackResourceSummary r : e.getValue()) {
                if (request.physicalResourceId().equals(r.physicalResourceId())) {
                    return DescribeStackResourcesResponse.builder().stackResources(e.getValue().stream()
                            .map(x -> toResource(e.getKey(), x)).toList()).build();
                }
            }
        }
        throw validationError("Stack for " + request.physicalResourceId() + " does not exist");
    }

    private ListStacksResponse listStacks(ListStacksRequest request) {
        requests.add(request);
        List<Stack> all = new ArrayList<>(stacks.values());
        int index = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        List<StackSummary> page = all.isEmpty() ? List.of() : List.of(StackSummary.builder()
                .stackName(all.get(index).stackName()).stackId(all.get(index).stackId())
                .stackStatus(all.get(index).stackStatus()).build());
        return ListStacksResponse.builder().stackSummaries(page)
                .nextToken(index + 1 < all.size() ? String.valueOf(index + 1) : null).build();
    }

    private static StackResource toResource(String stack, StackResourceSummary r) {
        return StackResource.builder().stackName(stack).logicalResourceId(r.logicalResourceId())
                .physicalResourceId(r.physicalResourceId()).resourceType(r.resourceType())
                .resourceStatus(r.resourceStatus()).build();
    }
}
