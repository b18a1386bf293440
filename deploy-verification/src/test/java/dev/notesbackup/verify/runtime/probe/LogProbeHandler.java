package dev.notesbackup.verify.runtime.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A probe function for the runtime interface client's logging: writes every kind of line a function
 * can write (raw lines on standard output, with and without a "level", plain text, standard error,
 * and the LambdaLogger at each level and without one), each marked so a test can find it.
 * Packaged into a jar of its own by the test, never part of a Lambda jar.
 */
public class LogProbeHandler implements RequestStreamHandler {
    public static final String RAW_JSON = "{\"type\":\"probe-raw\",\"text\":\"ünïcødé ✓\"}";
    public static final String RAW_JSON_WITH_LEVEL = "{\"type\":\"probe-raw-levelled\",\"level\":\"ERROR\"}";
    public static final String RAW_TEXT = "probe-raw-text line";
    public static final String STDERR = "probe-stderr line";

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        System.out.println(RAW_JSON);
        System.out.println(RAW_JSON_WITH_LEVEL);
        System.out.println(RAW_TEXT);
        System.err.println(STDERR);
        LambdaLogger logger = context.getLogger();
        logger.log("probe-logger-debug", LogLevel.DEBUG);
        logger.log("probe-logger-info", LogLevel.INFO);
        logger.log("probe-logger-warn", LogLevel.WARN);
        logger.log("probe-logger-error", LogLevel.ERROR);
        logger.log("probe-logger-no-level");
        System.out.flush();
        System.err.flush();
        output.write("\"ok\"".getBytes(StandardCharsets.UTF_8));
    }
}
