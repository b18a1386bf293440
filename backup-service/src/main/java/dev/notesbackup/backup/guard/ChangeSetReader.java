package dev.notesbackup.backup.guard;

import static dev.notesbackup.backup.guard.DeployGuard.NESTED_STACK_TYPES;
import static dev.notesbackup.backup.cfn.StackOwnership.TABLE_TYPES;

import dev.notesbackup.backup.cfn.Stacks;
import dev.notesbackup.backup.guard.ChangeSetFacts.Deployed;
import dev.notesbackup.backup.guard.ChangeSetFacts.Incoming;
import dev.notesbackup.backup.guard.ChangeSetFacts.Template;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetNotFoundException;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/**
 * Reads what the {@link ChangeSetJudge} decides on: a change set once it is created (the SDK's
 * waiter, then every page through the SDK's paginator), the stack it would update with its
 * deployed template, and the physical ids the change set leaves out.
 *
 * <p>Operational failures are exceptions, not facts: no such change set, one being deleted, one
 * not created within the wait ({@link GuardException}), and AWS errors other than an unreadable
 * template or resource list.
 */
final class ChangeSetReader {
    private final CloudFormationClient cfn;
    private final ChangeSetWait wait;

    ChangeSetReader(CloudFormationClient cfn, ChangeSetWait wait) {
        this.cfn = Objects.requireNonNull(cfn, "cfn");
        this.wait = Objects.requireNonNull(wait, "wait");
    }

    /** An existing change set: what it deploys (template, tags, parameter values) is read from the change set itself. */
    ChangeSetFacts read(String stackName, String changeSetName) {
        List<DescribeChangeSetResponse> pages = pages(stackName, changeSetName);
        Optional<Stack> deployed = deployedStack(stackName);
        DescribeChangeSetResponse first = pages.get(0);
        Map<String, String> tags = new LinkedHashMap<>();
        if (first.hasTags()) {
            first.tags().forEach(t -> tags.put(t.key(), t.value()));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (first.hasParameters()) {
            for (Parameter p : first.parameters()) {
                String value = p.parameterValue() != null ? p.parameterValue()
                        : deployed.flatMap(stack -> previousValue(stack, p.parameterKey())).orElse(null);
                if (value != null) {
                    parameters.put(p.parameterKey(), value);
                }
            }
        }
        Template template = template(() -> cfn.getTemplate(GetTemplateRequest.builder().stackName(stackName)
                .changeSetName(changeSetName).templateStage(TemplateStage.ORIGINAL).build()).templateBody());
        return facts(stackName, changeSetName, pages, deployed, new Incoming(template, tags, parameters));
    }

    /** A change set the caller made of a template it holds: {@code incoming} says what it deploys. */
    ChangeSetFacts read(String stackName, String changeSetName, Optional<Stack> deployed, Incoming incoming) {
        return facts(stackName, changeSetName, pages(stackName, changeSetName), deployed, incoming);
    }

    /** No change set, because CloudFormation found the template identical to the deployed stack ({@code why}). */
    ChangeSetFacts unchanged(String stackName, String changeSetName, Stack deployed, String why, Incoming incoming) {
        DescribeChangeSetResponse none = DescribeChangeSetResponse.builder()
                .stackName(stackName).changeSetName(changeSetName)
                .status(ChangeSetStatus.FAILED).statusReason(why).build();
        return facts(stackName, changeSetName, List.of(none), Optional.of(deployed), incoming);
    }

    /** The stack, if it holds deployed resources (a stack only REVIEW_IN_PROGRESS does not). */
    Optional<Stack> deployedStack(String stackName) {
        return Stacks.describe(cfn, stackName).filter(Stacks::isDeployed);
    }

    static Optional<String> previousValue(Stack stack, String key) {
        return stack.hasParameters()
                ? stack.parameters().stream().filter(p -> key.equals(p.parameterKey())).map(Parameter::parameterValue)
                        .filter(Objects::nonNull).findFirst()
                : Optional.empty();
    }

    private ChangeSetFacts facts(String stackName, String changeSetName, List<DescribeChangeSetResponse> pages,
                                 Optional<Stack> stack, Incoming incoming) {
        DescribeChangeSetResponse first = pages.get(0);
        List<SeenChange> changes = new ArrayList<>();
        for (DescribeChangeSetResponse page : pages) {
            for (Change change : page.changes()) {
                if (change.resourceChange() != null) {
                    changes.add(SeenChange.of(change.resourceChange()));
                }
            }
        }
        List<String> notes = new ArrayList<>();
        Optional<Deployed> deployed = Optional.empty();
        if (stack.isPresent()) {
            changes = withPhysicalIds(stackName, changes, notes);
            deployed = Optional.of(new Deployed(stack.get(), template(() -> Stacks.originalTemplate(cfn, stackName))));
        }
        String stackArn = first.stackId() != null ? first.stackId() : stack.map(Stack::stackId).orElse(null);
        return new ChangeSetFacts(stackName, changeSetName, stackArn, first.status(), first.statusReason(), changes, notes,
                deployed, incoming);
    }

    private static Template template(Supplier<String> body) {
        try {
            return Template.of(body.get());
        } catch (CloudFormationException e) {
            return Template.unreadable(Stacks.describe(e));
        }
    }

    // ---- the change set ----------------------------------------------------------------------

    /** Every page of the change set once it is created (or failed); the SDK's waiter waits while it is being created. */
    private List<DescribeChangeSetResponse> pages(String stackName, String changeSetName) {
        DescribeChangeSetRequest request = DescribeChangeSetRequest.builder()
                .stackName(stackName).changeSetName(changeSetName).build();
        try {
            Iterator<DescribeChangeSetResponse> pages = cfn.describeChangeSetPaginator(request).iterator();
            DescribeChangeSetResponse first = pages.next();
            if (isBeingCreated(first.status())) {
                waitUntilCreated(request);
                pages = cfn.describeChangeSetPaginator(request).iterator();
                first = pages.next();
                if (isBeingCreated(first.status())) {
                    throw new GuardException("Change set " + changeSetName + " of stack " + stackName + " is still "
                            + first.statusAsString() + " after " + wait.maxWait().toSeconds() + " s; run the guard again"
                            + " when it is created.");
                }
            }
            if (first.status() != ChangeSetStatus.CREATE_COMPLETE && first.status() != ChangeSetStatus.FAILED) {
                throw new GuardException("Change set " + changeSetName + " of stack " + stackName + " is "
                        + first.statusAsString() + ": it is being deleted or was deleted, so there is nothing to check.");
            }
            List<DescribeChangeSetResponse> all = new ArrayList<>();
            all.add(first);
            pages.forEachRemaining(all::add);
            return all;
        } catch (ChangeSetNotFoundException e) {
            throw notFound(stackName, changeSetName, e);
        } catch (CloudFormationException e) {
            if (Stacks.isNotFound(e)) {
                throw notFound(stackName, changeSetName, e);
            }
            throw e;
        }
    }

    /**
     * Waits with the SDK's ChangeSetCreateComplete waiter. Its failures (a FAILED change set, one that
     * vanished, the wait over) are not reported from here: the reading after it sees the state and says
     * what it means, in the guard's words.
     */
    private void waitUntilCreated(DescribeChangeSetRequest request) {
        WaiterOverrideConfiguration patience = WaiterOverrideConfiguration.builder()
                .waitTimeout(wait.maxWait())
                .maxAttempts(wait.maxAttempts())
                .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(wait.pollInterval()))
                .build();
        try {
            // the client's own waiter holds no resources of its own (it uses the client), so there is nothing to close
            cfn.waiter().waitUntilChangeSetCreateComplete(request, patience);
        } catch (SdkClientException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new GuardException("Interrupted while waiting for change set " + request.changeSetName(), e);
            }
            // read again below: FAILED is a verdict, gone or still pending an error of its own
        }
    }

    private static boolean isBeingCreated(ChangeSetStatus status) {
        return status == ChangeSetStatus.CREATE_PENDING || status == ChangeSetStatus.CREATE_IN_PROGRESS;
    }

    private static GuardException notFound(String stackName, String changeSetName, Exception e) {
        return new GuardException("No change set " + changeSetName + " on stack " + stackName + " ("
                + Stacks.describe(e) + ").", e);
    }

    // ---- the stack's resources ---------------------------------------------------------------

    /** Fills in the physical ids a change set left out (it need not report them) from the stack's resources. */
    private List<SeenChange> withPhysicalIds(String stackName, List<SeenChange> changes, List<String> notes) {
        boolean missing = changes.stream().anyMatch(c -> isUnnamed(c)
                && (TABLE_TYPES.contains(c.resourceType()) || NESTED_STACK_TYPES.contains(c.resourceType())));
        if (!missing) {
            return changes;
        }
        Map<String, String> physicalIds = new HashMap<>();
        try {
            cfn.listStackResourcesPaginator(ListStackResourcesRequest.builder().stackName(stackName).build())
                    .stackResourceSummaries()
                    .forEach(r -> {
                        if (r.physicalResourceId() != null && !r.physicalResourceId().isBlank()) {
                            physicalIds.put(r.logicalResourceId(), r.physicalResourceId());
                        }
                    });
        } catch (CloudFormationException e) {
            notes.add("could not list the stack's resources to name the tables: " + Stacks.describe(e));
            return changes;
        }
        return changes.stream()
                .map(c -> isUnnamed(c) && physicalIds.containsKey(c.logicalId())
                        ? c.withPhysicalId(physicalIds.get(c.logicalId())) : c)
                .toList();
    }

    /** A change of an existing resource whose physical id the change set left out (an Add has none yet). */
    private static boolean isUnnamed(SeenChange change) {
        return change.physicalId() == null && !"Add".equals(change.action());
    }
}
