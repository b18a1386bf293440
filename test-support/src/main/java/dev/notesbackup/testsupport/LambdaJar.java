package dev.notesbackup.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The two Lambda deployment jars as {@code mvn package} writes them: each service module attaches its
 * shaded jar with the classifier {@value #CLASSIFIER} beside its own plain jar (parent pom,
 * maven-shade-plugin). The one place tests, the benchmarks and the deploy checks take these paths
 * from; the templates' {@code CodeUri} name the same files, which their contract tests check. The
 * packaging tests also read here what a jar holds, against Lambda's package limits and against the
 * allow-list of what its function runs.
 */
public enum LambdaJar {
    BACKUP("backup-service"),
    NOTES("notes-service");

    public static final String CLASSIFIER = "lambda";
    /** Lambda's limit for a zipped deployment package uploaded directly. */
    public static final long MAX_ZIPPED_BYTES = 50L * 1024 * 1024;
    /** Lambda's limit for a deployment package unzipped. */
    public static final long MAX_UNZIPPED_BYTES = 250L * 1024 * 1024;

    /**
     * What every function's jar holds of the AWS SDK for a synchronous client: its runtime, the
     * url-connection HTTP client and nothing of another HTTP client or service; and the Lambda
     * runtime's interfaces and events.
     */
    public static final List<String> SDK_RUNTIME = List.of(
            "software.amazon.awssdk.annotations.**", "software.amazon.awssdk.auth.**", "software.amazon.awssdk.awscore.**",
            "software.amazon.awssdk.checksums.**", "software.amazon.awssdk.core.**", "software.amazon.awssdk.endpoints.**",
            "software.amazon.awssdk.eventstream.**", "software.amazon.awssdk.http", "software.amazon.awssdk.http.async",
            "software.amazon.awssdk.http.auth.**", "software.amazon.awssdk.http.urlconnection.**",
            "software.amazon.awssdk.identity.**", "software.amazon.awssdk.internal.**", "software.amazon.awssdk.metrics.**",
            "software.amazon.awssdk.profiles.**", "software.amazon.awssdk.protocols.**", "software.amazon.awssdk.regions.**",
            "software.amazon.awssdk.retries.**", "software.amazon.awssdk.thirdparty.**", "software.amazon.awssdk.utils.**",
            "software.amazon.awssdk.utilslite.**", "org.reactivestreams.**", "org.slf4j.**",
            "com.amazonaws.services.lambda.runtime", "com.amazonaws.services.lambda.runtime.logging",
            "com.amazonaws.services.lambda.runtime.events");

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

    /** The sum of the entries' uncompressed sizes: what Lambda counts against its unzipped limit. */
    public long unzippedBytes() {
        try (JarFile jar = open()) {
            return Collections.list(jar.entries()).stream().mapToLong(ZipEntry::getSize).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path() + ": " + e, e);
        }
    }

    /** The packages of the jar's classes, dotted ({@code software.amazon.awssdk.core}); the default package as "". */
    public SortedSet<String> packages() {
        try (JarFile jar = open()) {
            SortedSet<String> packages = new TreeSet<>();
            jar.stream().map(ZipEntry::getName)
                    .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/"))
                    .forEach(name -> packages.add(name.contains("/") ? name.substring(0, name.lastIndexOf('/')).replace('/', '.') : ""));
            return packages;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path() + ": " + e, e);
        }
    }

    /**
     * The packages that {@code allowed} does not cover: an entry names one package, or with {@code .**}
     * that package and every package inside it.
     */
    public static List<String> notAllowed(Set<String> packages, List<String> allowed) {
        return packages.stream().filter(pkg -> allowed.stream().noneMatch(entry -> entry.endsWith(".**")
                ? pkg.equals(entry.substring(0, entry.length() - 3)) || pkg.startsWith(entry.substring(0, entry.length() - 2))
                : pkg.equals(entry))).toList();
    }

    private JarFile open() throws IOException {
        try {
            return new JarFile(path().toFile());
        } catch (IOException e) {
            throw new IOException("cannot open " + path() + " (run mvn package first): " + e.getMessage(), e);
        }
    }
}
