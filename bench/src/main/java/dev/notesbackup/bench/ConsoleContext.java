package dev.notesbackup.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The invocation context of the probes: the deadline counts down from creation; the log goes to
 * standard output. Name, memory and ARN are those Lambda gives the function: its environment's
 * {@code AWS_LAMBDA_FUNCTION_NAME} and {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE} when set, and an ARN
 * in the function's region (the account is AWS's documentation account), which a function that
 * invokes itself calls.
 */
final class ConsoleContext implements Context, LambdaLogger {
    static final String ACCOUNT = "123456789012";
    private static final int DEFAULT_MEMORY_MB = 1024;

    private final String functionName;
    private final int memoryMb;
    private final String functionArn;
    private final long deadlineMillis;

    ConsoleContext(String functionName, Duration remaining) {
        this(functionName, remaining, System.getenv());
    }

    ConsoleContext(String defaultName, Duration remaining, Map<String, String> env) {
        this.functionName = env.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", defaultName);
        this.memoryMb = Integer.parseInt(env.getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(DEFAULT_MEMORY_MB)));
        this.functionArn = "arn:aws:lambda:" + env.getOrDefault("AWS_REGION", "us-east-1") + ":" + ACCOUNT + ":function:" + functionName;
        this.deadlineMillis = System.currentTimeMillis() + remaining.toMillis();
    }

    @Override public String getAwsRequestId() { return "local"; }
    @Override public String getLogGroupName() { return "local"; }
    @Override public String getLogStreamName() { return "local"; }
    @Override public String getFunctionName() { return functionName; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return functionArn; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, deadlineMillis - System.currentTimeMillis()); }
    @Override public int getMemoryLimitInMB() { return memoryMb; }
    @Override public LambdaLogger getLogger() { return this; }
    @Override public void log(String message) { System.out.print(message); }
    @Override public void log(byte[] message) { log(new String(message, StandardCharsets.UTF_8)); }
}
