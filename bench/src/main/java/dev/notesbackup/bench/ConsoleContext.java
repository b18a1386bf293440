package dev.notesbackup.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The invocation context of the cold-start probes: the deadline counts down from creation; the log goes to standard output. */
final class ConsoleContext implements Context, LambdaLogger {
    private final String functionName;
    private final long deadlineMillis;

    ConsoleContext(String functionName, Duration remaining) {
        this.functionName = functionName;
        this.deadlineMillis = System.currentTimeMillis() + remaining.toMillis();
    }

    @Override public String getAwsRequestId() { return "local"; }
    @Override public String getLogGroupName() { return "local"; }
    @Override public String getLogStreamName() { return "local"; }
    @Override public String getFunctionName() { return functionName; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "local"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, deadlineMillis - System.currentTimeMillis()); }
    @Override public int getMemoryLimitInMB() { return 1024; }
    @Override public LambdaLogger getLogger() { return this; }
    @Override public void log(String message) { System.out.print(message); }
    @Override public void log(byte[] message) { log(new String(message, StandardCharsets.UTF_8)); }
}
