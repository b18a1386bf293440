package dev.notesbackup.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.jar.JarFile;

/**
 * The Lambda jars as deployed, for the packaging tests: where a module's jar is (the one place that
 * names it) and which Java packages it holds, against the allow-list of what its function runs.
 */
public final class LambdaJars {
    private LambdaJars() {
    }

    /** The Lambda jar of {@code module}, from that module's directory (where its tests run). */
    public static Path of(String module) {
        return Path.of("target", module + "-0.1.0-SNAPSHOT.jar");
    }

    /** The packages of the jar's classes, dotted ({@code software.amazon.awssdk.core}); the default package as "". */
    public static SortedSet<String> packages(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            SortedSet<String> packages = new TreeSet<>();
            file.stream().map(entry -> entry.getName())
                    .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/"))
                    .forEach(name -> packages.add(name.contains("/") ? name.substring(0, name.lastIndexOf('/')).replace('/', '.') : ""));
            return packages;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar + " (run mvn package first): " + e, e);
        }
    }

    /**
     * What every function's jar holds of the AWS SDK for a synchronous client: its runtime, the
     * url-connection HTTP client and nothing of another HTTP client or service.
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
            // the Lambda runtime's interfaces, and joda-time that its event deserialiser loads
            "com.amazonaws.services.lambda.runtime", "com.amazonaws.services.lambda.runtime.logging",
            "com.amazonaws.services.lambda.runtime.events", "org.joda.time.**");

    /**
     * The packages that {@code allowed} does not cover: an entry names one package, or with {@code .**}
     * that package and every package inside it.
     */
    public static List<String> notAllowed(Set<String> packages, List<String> allowed) {
        return packages.stream().filter(pkg -> allowed.stream().noneMatch(entry -> entry.endsWith(".**")
                ? pkg.equals(entry.substring(0, entry.length() - 3)) || pkg.startsWith(entry.substring(0, entry.length() - 2))
                : pkg.equals(entry))).toList();
    }
}
