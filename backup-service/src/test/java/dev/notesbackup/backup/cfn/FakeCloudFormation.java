package dev.notesbackup.backup.cfn;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DeleteChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
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
import software.amazon.awssdk.services.cloudformation.model.ResourceChange;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * A Mockito-mocked {@link CloudFormationClient} answering from an in-memory account: stacks with
 * their templates, tags and resources, and change sets split into pages linked by NextToken (which
 * moto never sends), with the Replacement and PolicyAction fields moto leaves out. Unknown names
 * get CloudFormation's untyped "does not exist" ValidationError. Every request is recorded.
 */
public final class FakeCloudFormation {
    public final CloudFormationClient client = mock(CloudFormationClient.class);
    public final Map<String, Stack> stacks = new LinkedHashMap<>();
    public final Map<String, String> templates = new LinkedHashMap<>();
    public final Map<String, List<StackResourceSummary>> resources = new LinkedHashMap<>();
    /** Change sets by name: each a list of pages (each page a list of changes) and its status. */
    public final Map<String, FakeChangeSet> changeSets = new LinkedHashMap<>();
    public final List<Object> requests = new ArrayList<>();
    /** Whether DescribeStackResources answers a PhysicalResourceId look-up (AWS does, moto does not). */
    public boolean physicalIdLookup = true;
    /** What a CreateChangeSet makes: the request in, the change set out (default: one empty page). */
    public Function<CreateChangeSetRequest, FakeChangeSet> onCreateChangeSet =
            request -> new FakeChangeSet(ChangeSetStatus.CREATE_COMPLETE, null, List.of(List.of()));

    /** A change set's pages, status and template; {@code statuses} are returned one per describe of the first page, the last one sticks. */
    public static final class FakeChangeSet {
        public final List<List<ResourceChange>> pages;
        public final List<ChangeSetStatus> statuses = new ArrayList<>();
        public String statusReason;
        public String template;
        public List<Tag> tags = List.of();
        public List<software.amazon.awssdk.services.cloudformation.model.Parameter> parameters = List.of();
        public String stackName;

        public FakeChangeSet(ChangeSetStatus status, String statusReason, List<List<ResourceChange>> pages) {
            this.statuses.add(status);
            this.statusReason = statusReason;
            this.pages = pages;
        }

        public FakeChangeSet template(String body) {
            this.template = body;
            return this;
        }

        /** The parameter values DescribeChangeSet reports. */
        public FakeChangeSet parameters(software.amazon.awssdk.services.cloudformation.model.Parameter... values) {
            parameters = List.of(values);
            return this;
        }

        public FakeChangeSet tags(Tag... values) {
            this.tags = List.of(values);
            return this;
        }

        /** The statuses the first page reports, one per describe; the last one stays. */
        public FakeChangeSet statuses(ChangeSetStatus... inOrder) {
            statuses.clear();
            statuses.addAll(List.of(inOrder));
            return this;
        }

        public FakeChangeSet failed(String reason) {
            statusReason = reason;
            return statuses(ChangeSetStatus.FAILED);
        }
    }

    @SuppressWarnings("unchecked")
    public FakeCloudFormation() {
        lenient().when(client.describeStacks(any(DescribeStacksRequest.class))).thenAnswer(i -> describeStacks(i.getArgument(0)));
        lenient().when(client.getTemplate(any(GetTemplateRequest.class))).thenAnswer(i -> getTemplate(i.getArgument(0)));
        lenient().when(client.describeChangeSet(any(DescribeChangeSetRequest.class))).thenAnswer(i -> describeChangeSet(i.getArgument(0)));
        lenient().when(client.createChangeSet(any(CreateChangeSetRequest.class))).thenAnswer(i -> createChangeSet(i.getArgument(0)));
        lenient().when(client.deleteChangeSet(any(DeleteChangeSetRequest.class))).thenAnswer(i -> deleteChangeSet(i.getArgument(0)));
        lenient().when(client.deleteStack(any(DeleteStackRequest.class))).thenAnswer(i -> deleteStack(i.getArgument(0)));
        lenient().when(client.listStackResources(any(ListStackResourcesRequest.class))).thenAnswer(i -> listStackResources(i.getArgument(0)));
        lenient().when(client.describeStackResources(any(DescribeStackResourcesRequest.class)))
                .thenAnswer(i -> describeStackResources(i.getArgument(0)));
        lenient().when(client.listStacks(any(ListStacksRequest.class))).thenAnswer(i -> listStacks(i.getArgument(0)));
        lenient().when(client.listStackResourcesPaginator(any(ListStackResourcesRequest.class))).thenCallRealMethod();
        lenient().when(client.listStacksPaginator(any(ListStacksRequest.class))).thenCallRealMethod();
        // the code under test uses the Consumer<Builder> overloads; route them to the request forms above
        lenient().when(client.describeStacks(any(Consumer.class))).thenCallRealMethod();
        lenient().when(client.getTemplate(any(Consumer.class))).thenCallRealMethod();
        lenient().when(client.describeChangeSet(any(Consumer.class))).thenCallRealMethod();
        lenient().when(client.createChangeSet(any(Consumer.class))).thenCallRealMethod();
        lenient().when(client.deleteChangeSet(any(Consumer.class))).thenCallRealMethod();
        lenient().when(client.deleteStack(any(Consumer.class))).thenCallRealMethod();
        lenient().when(client.describeStackResources(any(Consumer.class))).thenCallRealMethod();
        lenient().when(client.listStackResources(any(Consumer.class))).thenCallRealMethod();
    }

    // ---- arranging -----------------------------------------------------------------------------

    /** A deployed stack (CREATE_COMPLETE) with the template and tags given. */
    public FakeCloudFormation stack(String name, String template, Tag... tags) {
        return stack(name, StackStatus.CREATE_COMPLETE, template, tags);
    }

    public FakeCloudFormation stack(String name, StackStatus status, String template, Tag... tags) {
        stacks.put(name, Stack.builder().stackName(name).stackId(stackId(name)).stackStatus(status).tags(tags).build());
        templates.put(name, template);
        return this;
    }

    public FakeCloudFormation resource(String stack, String logicalId, String physicalId, String type) {
        resources.computeIfAbsent(stack, s -> new ArrayList<>()).add(StackResourceSummary.builder()
                .logicalResourceId(logicalId).physicalResourceId(physicalId).resourceType(type)
                .resourceStatus("CREATE_COMPLETE").build());
        return this;
    }

    public FakeChangeSet changeSet(String stack, String name, List<List<ResourceChange>> pages) {
        FakeChangeSet changeSet = new FakeChangeSet(ChangeSetStatus.CREATE_COMPLETE, null, pages);
        changeSet.stackName = stack;
        changeSets.put(name, changeSet);
        return changeSet;
    }

    public static ResourceChange change(String action, String logicalId, String physicalId, String type,
                                        String replacement, String policyAction) {
        return ResourceChange.builder().action(action).logicalResourceId(logicalId).physicalResourceId(physicalId)
                .resourceType(type).replacement(replacement).policyAction(policyAction).build();
    }

    public static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    public static CloudFormationException validationError(String message) {
        return (CloudFormationException) CloudFormationException.builder()
                .message(message)
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationError").errorMessage(message)
                        .serviceName("CloudFormation").build())
                .build();
    }

    public static String stackId(String name) {
        return "arn:aws:cloudformation:us-east-1:123456789012:stack/" + name + "/0000";
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
        if (request.changeSetName() != null) {
            FakeChangeSet changeSet = changeSets.get(request.changeSetName());
            if (changeSet == null) {
                throw validationError("ChangeSet " + request.changeSetName() + " does not exist");
            }
            return GetTemplateResponse.builder().templateBody(changeSet.template).build();
        }
        return GetTemplateResponse.builder().templateBody(templates.get(stackNamed(request.stackName()).stackName())).build();
    }

    private DescribeChangeSetResponse describeChangeSet(DescribeChangeSetRequest request) {
        requests.add(request);
        FakeChangeSet changeSet = changeSets.get(request.changeSetName());
        if (changeSet == null) {
            throw validationError("ChangeSet [" + request.changeSetName() + "] does not exist");
        }
        int page = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken().substring("page-".length()));
        ChangeSetStatus status = changeSet.statuses.size() > 1 && page == 0
                ? changeSet.statuses.remove(0) : changeSet.statuses.get(0);
        List<Change> changes = changeSet.pages.get(page).stream()
                .map(rc -> Change.builder().type(ChangeType.RESOURCE).resourceChange(rc).build()).toList();
        return DescribeChangeSetResponse.builder()
                .stackName(changeSet.stackName).changeSetName(request.changeSetName())
                .status(status).statusReason(changeSet.statusReason).tags(changeSet.tags).parameters(changeSet.parameters)
                .changes(changes)
                .nextToken(page + 1 < changeSet.pages.size() ? "page-" + (page + 1) : null)
                .build();
    }

    private CreateChangeSetResponse createChangeSet(CreateChangeSetRequest request) {
        requests.add(request);
        FakeChangeSet changeSet = onCreateChangeSet.apply(request);
        changeSet.stackName = request.stackName();
        if (changeSet.template == null) {
            changeSet.template = request.templateBody();
        }
        changeSets.put(request.changeSetName(), changeSet);
        if (!stacks.containsKey(request.stackName())) {
            stack(request.stackName(), StackStatus.REVIEW_IN_PROGRESS, "{}");
        }
        return CreateChangeSetResponse.builder()
                .id("arn:aws:cloudformation:us-east-1:123456789012:changeSet/" + request.changeSetName() + "/1111")
                .stackId(stackId(request.stackName())).build();
    }

    private DeleteChangeSetResponse deleteChangeSet(DeleteChangeSetRequest request) {
        requests.add(request);
        String name = request.changeSetName();
        String key = name.startsWith("arn:") ? name.split("/")[1] : name;
        if (changeSets.remove(key) == null) {
            throw validationError("ChangeSet " + name + " does not exist");
        }
        return DeleteChangeSetResponse.builder().build();
    }

    private DeleteStackResponse deleteStack(DeleteStackRequest request) {
        requests.add(request);
        Stack stack = stackNamed(request.stackName());
        stacks.remove(stack.stackName());
        templates.remove(stack.stackName());
        return DeleteStackResponse.builder().build();
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
