package dev.notesbackup.testsupport;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A SAM template as {@code sam deploy} sends it and CloudFormation runs it: the functions' jars
 * uploaded to an S3 bucket ({@code CodeUri} rewritten to {@code s3://}), then the
 * {@code AWS::Serverless-2016-10-31} transform applied by the real SAM translator (the Python
 * package {@code samtranslator}, which moto's CloudFormation does not run). The work is done by
 * {@code src/main/python/sam_package.py}; this class runs it and returns the plain CloudFormation
 * template (JSON) it prints. The bucket is created if it does not exist.
 */
public final class SamPackage {
    private SamPackage() {
    }

    /**
     * @param template   the SAM template (its CodeUri paths are relative to it)
     * @param endpoint   the local AWS (moto) whose S3 receives the jars
     * @param bucket     the bucket for the jars (made if missing)
     * @param parameters the stack's parameter values (e.g. samconfig's parameter_overrides), which
     *                   the translator needs for what it resolves itself
     * @return the transformed template, plain CloudFormation JSON
     */
    public static String transform(Path template, URI endpoint, String bucket, String stackName,
                                   Map<String, String> parameters) {
        return run(template, endpoint, bucket, stackName, parameters, false);
    }

    /**
     * {@link #transform} with a placeholder object as each function's code instead of its jar: for
     * tests that deploy stacks but run no function, in modules built before the jars.
     */
    public static String transformWithPlaceholderCode(Path template, URI endpoint, String bucket, String stackName,
                                                      Map<String, String> parameters) {
        return run(template, endpoint, bucket, stackName, parameters, true);
    }

    private static String run(Path template, URI endpoint, String bucket, String stackName,
                              Map<String, String> parameters, boolean placeholderCode) {
        Path script = CloudFormationYaml.projectRoot().resolve("test-support/src/main/python/sam_package.py");
        List<String> command = new ArrayList<>(List.of(System.getProperty(MotoServer.PYTHON_PROPERTY, "python3"),
                script.toString(), template.toString(), "--bucket", bucket, "--endpoint-url", endpoint.toString(),
                "--parameter", "AWS::StackName=" + stackName));
        parameters.forEach((key, value) -> {
            command.add("--parameter");
            command.add(key + "=" + value);
        });
        if (placeholderCode) {
            command.add("--placeholder-code");
        }
        ChildProcess.Result result = ChildProcess.run(command, Duration.ofSeconds(120), builder -> {
            builder.environment().putIfAbsent("AWS_ACCESS_KEY_ID", "test");
            builder.environment().putIfAbsent("AWS_SECRET_ACCESS_KEY", "test");
        });
        if (result.exitCode() != 0) {
            throw new IllegalStateException("sam_package.py exited " + result.exitCode() + " for " + template + ":\n"
                    + result.stderr());
        }
        return result.stdout();
    }
}
