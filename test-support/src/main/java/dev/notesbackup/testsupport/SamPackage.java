package dev.notesbackup.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
        try {
            Path out = Files.createTempFile("sam-package-", ".json");
            Path err = Files.createTempFile("sam-package-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().putIfAbsent("AWS_ACCESS_KEY_ID", "test");
                builder.environment().putIfAbsent("AWS_SECRET_ACCESS_KEY", "test");
                Process process = builder.start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("sam_package.py did not finish in 120 s: " + command);
                }
                String stderr = Files.readString(err, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("sam_package.py exited " + process.exitValue() + " for " + template
                            + ":\n" + stderr);
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
