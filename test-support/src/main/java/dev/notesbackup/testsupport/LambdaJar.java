package dev.notesbackup.testsupport;

import java.nio.file.Path;

/**
 * The two Lambda deployment jars as {@code mvn package} writes them: each service module attaches its
 * shaded jar with the classifier {@value #CLASSIFIER} beside its own plain jar (parent pom,
 * maven-shade-plugin). The one place tests, the benchmarks and the deploy checks take these paths
 * from; the templates' {@code CodeUri} name the same files, which their contract tests check.
 */
public enum LambdaJar {
    BACKUP("backup-service"),
    NOTES("notes-service");

    public static final String CLASSIFIER = "lambda";

    private final String module;

    LambdaJar(String module) {
        this.module = module;
    }

    /** Relative to the module's directory, e.g. {@code target/notes-service-lambda.jar}. */
    public String inModule() {
        return "target/" + module + "-" + CLASSIFIER + ".jar";
    }

    /** Relative to the project root, e.g. {@code backup-service/target/backup-service-lambda.jar}. */
    public String inProject() {
        return module + "/" + inModule();
    }

    /** The jar's absolute path, found from the project root wherever the JVM runs. */
    public Path path() {
        return CloudFormationYaml.projectRoot().resolve(inProject());
    }
}
