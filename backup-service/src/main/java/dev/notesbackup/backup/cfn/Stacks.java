package dev.notesbackup.backup.cfn;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateRequest;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/** Small CloudFormation look-ups shared by the deploy guard and the protection audit. */
public final class Stacks {
    private Stacks() {
    }

    /**
     * The stack, if it exists. CloudFormation answers a name it does not know with a
     * {@code ValidationError} "Stack with id X does not exist" rather than a typed exception.
     */
    public static Optional<Stack> describe(CloudFormationClient cfn, String stackName) {
        try {
            List<Stack> stacks = cfn.describeStacks(DescribeStacksRequest.builder().stackName(stackName).build()).stacks();
            return stacks.stream().filter(s -> s.stackStatus() != StackStatus.DELETE_COMPLETE).findFirst();
        } catch (CloudFormationException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * A stack that holds deployed resources: it exists and is not merely REVIEW_IN_PROGRESS (the
     * state a stack is in after a CREATE change set and before its first execution, with no template).
     */
    public static boolean isDeployed(Stack stack) {
        return stack.stackStatus() != StackStatus.REVIEW_IN_PROGRESS && stack.stackStatus() != StackStatus.DELETE_COMPLETE;
    }

    /** The template as it was submitted (before transforms, so SAM templates keep their Metadata). */
    public static String originalTemplate(CloudFormationClient cfn, String stackName) {
        return cfn.getTemplate(GetTemplateRequest.builder().stackName(stackName).templateStage(TemplateStage.ORIGINAL).build())
                .templateBody();
    }

    /** The stack's own tags, not the aws: ones CloudFormation sets. */
    public static List<Tag> userTags(Stack stack) {
        return stack.hasTags() ? stack.tags().stream().filter(t -> !t.key().startsWith("aws:")).toList() : List.of();
    }

    /** The value of the stack's tag {@code key}, if set. */
    public static Optional<String> tag(Stack stack, String key) {
        if (!stack.hasTags()) {
            return Optional.empty();
        }
        return stack.tags().stream().filter(t -> key.equals(t.key())).map(t -> t.value()).findFirst();
    }

    /** True for CloudFormation's "does not exist" answers (a ValidationError, not a typed exception). */
    public static boolean isNotFound(CloudFormationException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return "ValidationError".equals(code) && message != null && message.contains("does not exist");
    }

    /** The exception's first line, with its class, for one-line reports. */
    public static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
