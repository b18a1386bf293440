package dev.notesbackup.testsupport;

import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.waiters.CloudFormationWaiter;

/**
 * Waiting for a CloudFormation stack in tests: the SDK's {@link CloudFormationWaiter} (its
 * acceptors end the wait early on a failed or rolled-back stack), polling a local endpoint every
 * {@link #POLL} instead of the SDK's 30 seconds, for at most {@link #MAX_POLLS} polls.
 */
public final class StackWait {
    public static final Duration POLL = Duration.ofMillis(100);
    public static final int MAX_POLLS = 1_200; // 2 minutes

    private StackWait() {
    }

    /** The SDK's waiter with this class's polling, for the waits below and for change sets. Close it after use. */
    public static CloudFormationWaiter waiter(CloudFormationClient cfn) {
        return CloudFormationWaiter.builder()
                .client(cfn)
                .overrideConfiguration(WaiterOverrideConfiguration.builder()
                        .backoffStrategy(FixedDelayBackoffStrategy.create(POLL))
                        .maxAttempts(MAX_POLLS)
                        .build())
                .build();
    }

    /** Waits until the stack is CREATE_COMPLETE and returns it; throws, with its status and reason, if it fails or never gets there. */
    public static Stack untilCreateComplete(CloudFormationClient cfn, String stackName) {
        return until("CREATE_COMPLETE", cfn, stackName, waiter -> waiter.waitUntilStackCreateComplete(r -> r.stackName(stackName)));
    }

    /** Waits until the stack is UPDATE_COMPLETE and returns it; throws, with its status and reason, if it fails or never gets there. */
    public static Stack untilUpdateComplete(CloudFormationClient cfn, String stackName) {
        return until("UPDATE_COMPLETE", cfn, stackName, waiter -> waiter.waitUntilStackUpdateComplete(r -> r.stackName(stackName)));
    }

    private static Stack until(String status, CloudFormationClient cfn, String stackName, Consumer<CloudFormationWaiter> wait) {
        try (CloudFormationWaiter waiter = waiter(cfn)) {
            wait.accept(waiter);
        } catch (SdkClientException e) {
            throw new IllegalStateException("stack " + stackName + " did not reach " + status + ": " + status(cfn, stackName), e);
        }
        return describe(cfn, stackName);
    }

    private static Stack describe(CloudFormationClient cfn, String stackName) {
        return cfn.describeStacks(r -> r.stackName(stackName)).stacks().get(0);
    }

    private static String status(CloudFormationClient cfn, String stackName) {
        Stack stack = describe(cfn, stackName);
        return stack.stackStatusAsString() + (stack.stackStatusReason() == null ? "" : " (" + stack.stackStatusReason() + ")");
    }
}
