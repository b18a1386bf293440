package dev.notesbackup.backup.guard;

import dev.notesbackup.backup.cfn.CloudFormationTemplate;
import dev.notesbackup.backup.cfn.Stacks;
import dev.notesbackup.backup.guard.ChangeSetFacts.Incoming;
import dev.notesbackup.backup.guard.ChangeSetFacts.Template;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DeleteChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackRequest;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * Previews a deploy of a template: makes a change set of it (UPDATE if the stack is deployed, else
 * CREATE), has it read and judged like any other, and deletes it afterwards unless asked to keep it.
 * See {@link DeployGuard#checkTemplate(String, String, Map, Map, boolean)}.
 */
final class TemplatePreview {
    /** CloudFormation takes a template body of at most this many bytes inline (larger ones go through S3). */
    static final int MAX_INLINE_TEMPLATE_BYTES = 51_200;
    private static final DateTimeFormatter NAME_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final CloudFormationClient cfn;
    private final Clock clock;
    private final ChangeSetReader reader;
    private final ChangeSetJudge judge;

    /** @param clock names the change sets it makes */
    TemplatePreview(CloudFormationClient cfn, Clock clock, ChangeSetReader reader, ChangeSetJudge judge) {
        this.cfn = cfn;
        this.clock = clock;
        this.reader = reader;
        this.judge = judge;
    }

    GuardVerdict preview(String stackName, String templateBody, Map<String, String> parameters,
                         Map<String, String> tags, boolean keep) {
        int bytes = templateBody.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_INLINE_TEMPLATE_BYTES) {
            throw new IllegalArgumentException("The template is " + bytes + " bytes; CloudFormation takes at most "
                    + MAX_INLINE_TEMPLATE_BYTES + " inline. Create the change set with `sam deploy --no-execute-changeset`"
                    + " (which uploads it) and check that change set instead.");
        }
        parameters.forEach((key, value) -> DeployLimits.parameterTooLong(key, value).ifPresent(problem -> {
            throw new IllegalArgumentException("Not sent to CloudFormation: " + problem);
        }));
        Optional<Stack> existing = Stacks.describe(cfn, stackName);
        Optional<Stack> deployed = existing.filter(Stacks::isDeployed);
        String changeSetName = "guard-" + NAME_STAMP.format(clock.instant());
        Incoming incoming = new Incoming(Template.of(templateBody), tags, knownValues(templateBody, parameters, deployed));
        CreateChangeSetResponse created;
        try {
            created = cfn.createChangeSet(CreateChangeSetRequest.builder()
                    .stackName(stackName)
                    .changeSetName(changeSetName)
                    .changeSetType(deployed.isPresent() ? ChangeSetType.UPDATE : ChangeSetType.CREATE)
                    .templateBody(templateBody)
                    .parameters(parameters(templateBody, parameters, deployed))
                    .tags(tags.isEmpty() ? deployed.map(Stacks::userTags).orElse(List.of()) : asTags(tags))
                    .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM, Capability.CAPABILITY_AUTO_EXPAND)
                    .description("Made by the deploy guard to preview a deploy")
                    .build());
        } catch (CloudFormationException e) {
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            if (deployed.isPresent() && ChangeSetJudge.saysNoChanges(message)) {
                // refused outright ("No updates are to be performed") rather than created FAILED: the same answer
                return judge.judge(reader.unchanged(stackName, changeSetName, deployed.get(), Stacks.describe(e), incoming));
            }
            throw e;
        }
        boolean stackMadeHere = existing.isEmpty();
        GuardVerdict verdict;
        try {
            verdict = judge.judge(reader.read(stackName, changeSetName, deployed, incoming));
        } catch (RuntimeException e) {
            if (!keep) {
                cleanUp(created, stackMadeHere);
            }
            throw e;
        }
        if (keep) {
            return verdict.withMoreNotes(List.of("the change set " + changeSetName + " was kept; execute it with"
                    + " `aws cloudformation execute-change-set --stack-name " + stackName + " --change-set-name "
                    + changeSetName + "`" + (verdict.allowed() ? "" : " only if you are certain, which the guard is not")));
        }
        return verdict.withMoreNotes(cleanUp(created, stackMadeHere));
    }

    /** The given values; for an update, every other parameter the template declares and the stack has keeps its value. */
    private static List<Parameter> parameters(String templateBody, Map<String, String> given, Optional<Stack> deployed) {
        List<Parameter> result = new ArrayList<>();
        given.forEach((key, value) -> result.add(Parameter.builder().parameterKey(key).parameterValue(value).build()));
        if (deployed.isEmpty() || !deployed.get().hasParameters()) {
            return result;
        }
        Set<String> declared;
        try {
            declared = new LinkedHashSet<>(CloudFormationTemplate.parse(templateBody).parameterNames());
        } catch (IllegalArgumentException e) {
            return result; // CloudFormation will say what is wrong with the template
        }
        for (Parameter current : deployed.get().parameters()) {
            String key = current.parameterKey();
            if (declared.contains(key) && !given.containsKey(key)) {
                result.add(Parameter.builder().parameterKey(key).usePreviousValue(true).build());
            }
        }
        return result;
    }

    /** The given parameter values, and for an update every other parameter's current value (as UsePreviousValue keeps it). */
    private static Map<String, String> knownValues(String templateBody, Map<String, String> given, Optional<Stack> deployed) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Parameter parameter : parameters(templateBody, given, deployed)) {
            String value = Boolean.TRUE.equals(parameter.usePreviousValue())
                    ? deployed.flatMap(stack -> ChangeSetReader.previousValue(stack, parameter.parameterKey())).orElse(null)
                    : parameter.parameterValue();
            if (value != null) {
                values.put(parameter.parameterKey(), value);
            }
        }
        return values;
    }

    private static List<Tag> asTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private List<String> cleanUp(CreateChangeSetResponse created, boolean stackMadeHere) {
        List<String> notes = new ArrayList<>();
        try {
            cfn.deleteChangeSet(DeleteChangeSetRequest.builder().changeSetName(created.id()).build());
        } catch (RuntimeException e) {
            notes.add("could not delete the change set " + created.id() + ": " + Stacks.describe(e));
            return notes;
        }
        if (stackMadeHere) {
            try {
                Optional<Stack> stack = Stacks.describe(cfn, created.stackId());
                if (stack.isPresent() && stack.get().stackStatus() == StackStatus.REVIEW_IN_PROGRESS) {
                    cfn.deleteStack(DeleteStackRequest.builder().stackName(created.stackId()).build());
                }
            } catch (RuntimeException e) {
                notes.add("could not delete the empty stack " + created.stackId() + " that the change set made: "
                        + Stacks.describe(e));
            }
        }
        return notes;
    }
}
