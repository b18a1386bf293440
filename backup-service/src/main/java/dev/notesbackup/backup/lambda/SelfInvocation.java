package dev.notesbackup.backup.lambda;

import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/** Starts a new invocation of this function, asynchronously, with an event: how a slot's work continues. */
@FunctionalInterface
public interface SelfInvocation {
    /**
     * Queues the invocation and returns once Lambda has accepted it (HTTP 202); throws if it did not.
     *
     * @param functionArn the function's own ARN, as the invocation's context gives it (with its qualifier, if any)
     */
    void start(String functionArn, String payload);

    /**
     * Through Lambda's Invoke API with {@code InvocationType=Event}. The client is built on first
     * use: most invocations never continue, and none should pay for the client at cold start.
     */
    static SelfInvocation through(Supplier<LambdaClient> lambda) {
        return new SelfInvocation() {
            private LambdaClient client;

            @Override
            public synchronized void start(String functionArn, String payload) {
                if (client == null) {
                    client = lambda.get();
                }
                int status = client.invoke(r -> r.functionName(functionArn).invocationType(InvocationType.EVENT)
                        .payload(SdkBytes.fromUtf8String(payload))).statusCode();
                if (status != 202) {
                    throw new IllegalStateException("Lambda answered " + status + " to an asynchronous Invoke, not 202 (accepted)");
                }
            }
        };
    }
}
