package dev.notesbackup.verify.sam;

import dev.notesbackup.testsupport.ChildProcess;
import dev.notesbackup.testsupport.CloudFormationYaml;
import dev.notesbackup.testsupport.LambdaJar;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's guard step, run as a user runs it: the shaded backup jar in a child JVM,
 * {@code java -jar backup-service/target/backup-service-lambda.jar guard --stack-name S
 * --change-set ARN --endpoint-url E --region us-east-1}, from the repository root.
 */
final class GuardCli {
    static final Path JAR = Path.of(LambdaJar.BACKUP.inProject());

    record Result(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + ":\n" + output;
        }
    }

    private GuardCli() {
    }

    static Result guard(String stackName, String changeSetArn, URI endpoint, String... moreOptions) {
        Path root = CloudFormationYaml.projectRoot();
        if (!Files.isRegularFile(root.resolve(JAR))) {
            throw new IllegalStateException(root.resolve(JAR) + " is missing: mvn -B package -DskipTests first");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "guard", "--stack-name", stackName, "--change-set", changeSetArn,
                "--endpoint-url", endpoint.toString(), "--region", "us-east-1"));
        command.addAll(List.of(moreOptions));
        ChildProcess.Result result = ChildProcess.run(command, Duration.ofSeconds(120), builder -> {
            builder.directory(root.toFile()).redirectErrorStream(true);
            builder.environment().put("AWS_ACCESS_KEY_ID", "test");
            builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
            builder.environment().remove("AWS_SESSION_TOKEN");
            builder.environment().remove("AWS_PROFILE");
        });
        return new Result(result.exitCode(), result.stdout());
    }
}
