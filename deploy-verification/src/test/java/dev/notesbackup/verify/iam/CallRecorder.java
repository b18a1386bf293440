package dev.notesbackup.verify.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;

/**
 * Sees every AWS call of every SDK client in this JVM, the production code's included: the SDK
 * loads the global interceptors named in the classpath resource
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}, which only the test
 * classpath of this module has. While a {@link #record recording} is open it keeps the calls whose
 * stack passes through the production code ({@code dev.notesbackup.backup.*},
 * {@code dev.notesbackup.notes.*}), on any thread, so the tests' own set-up calls are not counted.
 * A call counts whether it succeeded or failed: IAM authorizes it before the service answers.
 */
public final class CallRecorder implements ExecutionInterceptor {
    private static final List<String> PRODUCTION_PACKAGES = List.of("dev.notesbackup.backup.", "dev.notesbackup.notes.");
    private static final ExecutionAttribute<List<String>> CALLERS = new ExecutionAttribute<>("notes-backup.iam.callers");
    private static final Object LOCK = new Object();
    private static Recording current;

    /**
     * One AWS call: the SDK's service and operation names, the region it was sent to, request and
     * response, and the production frames on the stack (innermost first).
     */
    public record AwsCall(String service, String operation, Region region, SdkRequest request,
                          Optional<SdkResponse> response, List<String> callers) {
        /** The innermost production frame, e.g. {@code dev.notesbackup.backup.run.BackupRun.create}. */
        public String caller() {
            return callers.get(0);
        }

        /** Whether code of this package (e.g. {@code dev.notesbackup.backup.drill.}) is on the call's stack. */
        public boolean madeBy(String packagePrefix) {
            return callers.stream().anyMatch(c -> c.startsWith(packagePrefix));
        }
    }

    /** Calls made while it is open. */
    public static final class Recording implements AutoCloseable {
        private final List<AwsCall> calls = new ArrayList<>();
        private boolean open = true;

        public List<AwsCall> calls() {
            synchronized (LOCK) {
                return List.copyOf(calls);
            }
        }

        @Override
        public void close() {
            synchronized (LOCK) {
                open = false;
                if (current == this) {
                    current = null;
                }
            }
        }
    }

    /** Opens a recording (one at a time in this JVM). */
    public static Recording record() {
        synchronized (LOCK) {
            if (current != null) {
                throw new IllegalStateException("a recording is already open");
            }
            current = new Recording();
            return current;
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        synchronized (LOCK) {
            if (current == null) {
                return;
            }
        }
        List<String> callers = productionCallers();
        if (!callers.isEmpty()) {
            attributes.putAttribute(CALLERS, callers);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        add(context.request(), Optional.of(context.response()), attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        add(context.request(), context.response(), attributes);
    }

    private static void add(SdkRequest request, Optional<SdkResponse> response, ExecutionAttributes attributes) {
        List<String> callers = attributes.getAttribute(CALLERS);
        if (callers == null) {
            return;
        }
        AwsCall call = new AwsCall(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                attributes.getAttribute(AwsExecutionAttribute.AWS_REGION), request, response, callers);
        synchronized (LOCK) {
            if (current != null && current.open) {
                current.calls.add(call);
            }
        }
    }

    /** The production frames on this thread's stack, innermost first. */
    private static List<String> productionCallers() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> PRODUCTION_PACKAGES.stream().anyMatch(p -> f.getClassName().startsWith(p)))
                .map(f -> f.getClassName() + "." + f.getMethodName())
                .toList());
    }
}
