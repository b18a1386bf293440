package dev.notesbackup.testsupport;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A Lambda context whose deadline counts down from its creation, capturing what the handler logs. */
public final class LambdaTestContext implements Context {
    /** The invoked function's ARN unless one is given. */
    public static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:backup";
    private final long deadlineMillis;
    private final String invokedFunctionArn;
    public final List<String> logged = new ArrayList<>();

    public LambdaTestContext(Duration remaining) {
        this(remaining, FUNCTION_ARN);
    }

    /** As invoked through {@code invokedFunctionArn} (a deployed function's, qualified or not). */
    public LambdaTestContext(Duration remaining, String invokedFunctionArn) {
        this.deadlineMillis = System.currentTimeMillis() + remaining.toMillis();
        this.invokedFunctionArn = invokedFunctionArn;
    }

    @Override public String getAwsRequestId() { return "test-request-1"; }
    @Override public String getLogGroupName() { return "/aws/lambda/backup"; }
    @Override public String getLogStreamName() { return "test"; }
    @Override public String getFunctionName() { return "backup"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return invokedFunctionArn; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, deadlineMillis - System.currentTimeMillis()); }
    @Override public int getMemoryLimitInMB() { return 1024; }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                synchronized (logged) {
                    logged.add(message);
                }
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
