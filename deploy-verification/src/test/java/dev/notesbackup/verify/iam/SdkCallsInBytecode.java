package dev.notesbackup.verify.iam;

import dev.notesbackup.testsupport.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The static half of "every operation the code performs": every method the compiled production
 * classes invoke on an SDK service client ({@code software/amazon/awssdk/services/<svc>/<Name>Client})
 * or waiter, read from {@code javap -c -p}, as SDK operations ({@code listTablesPaginator} is
 * ListTables, a waiter's {@code waitUntilTableExists} is DescribeTable).
 */
public final class SdkCallsInBytecode {
    private static final Pattern CLASS = Pattern.compile("^(?:[a-z ]+ )?(?:class|interface|enum|record) ([\\w.$]+)");
    private static final Pattern CALL = Pattern.compile(
            "// (?:Interface)?Method software/amazon/awssdk/services/[a-z0-9]+/(?:waiters/)?(\\w+?)(Client|Waiter)\\.(\\w+):");
    /** Client and waiter methods that are not AWS operations. */
    private static final Set<String> NOT_OPERATIONS = Set.of("builder", "create", "close", "waiter", "serviceName",
            "serviceClientConfiguration", "utilities");
    private static final Map<String, String> WAITER_OPERATIONS = Map.of(
            "waitUntilTableExists", "DescribeTable", "waitUntilTableNotExists", "DescribeTable",
            "waitUntilStackCreateComplete", "DescribeStacks", "waitUntilChangeSetCreateComplete", "DescribeChangeSet",
            "waitUntilImportCompleted", "DescribeImport");
    /** The SDK's convenience methods named otherwise than the operation they call. */
    private static final Map<String, String> CONVENIENCE_OPERATIONS = Map.of("getObjectAsBytes", "GetObject");

    private SdkCallsInBytecode() {
    }

    /** Operation ({@code DynamoDb:ListTables}) to the classes whose code invokes it. */
    public static Map<String, Set<String>> scan(List<Path> classDirectories) {
        List<String> command = new ArrayList<>(List.of(javap(), "-c", "-p"));
        for (Path dir : classDirectories) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException(dir + " does not exist: build the services first (mvn -B package)");
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(f -> f.toString().endsWith(".class")).map(Path::toString).sorted().forEach(command::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, Set<String>> found = new TreeMap<>();
        String currentClass = "?";
        for (String line : run(command)) {
            Matcher c = CLASS.matcher(line);
            if (c.find() && !line.startsWith(" ")) {
                currentClass = c.group(1);
                continue;
            }
            Matcher m = CALL.matcher(line);
            if (!m.find()) {
                continue;
            }
            String client = m.group(1);
            String method = m.group(3);
            String operation;
            if (NOT_OPERATIONS.contains(method)) {
                continue; // building or closing a client or a waiter calls nothing
            } else if (m.group(2).equals("Waiter")) {
                operation = WAITER_OPERATIONS.get(method);
                if (operation == null) {
                    throw new IllegalStateException("unknown waiter method " + client + "Waiter." + method + " in " + currentClass);
                }
            } else if (CONVENIENCE_OPERATIONS.containsKey(method)) {
                operation = CONVENIENCE_OPERATIONS.get(method);
            } else {
                String base = method.endsWith("Paginator") ? method.substring(0, method.length() - "Paginator".length()) : method;
                operation = Character.toUpperCase(base.charAt(0)) + base.substring(1);
            }
            found.computeIfAbsent(client + ":" + operation, k -> new TreeSet<>()).add(currentClass);
        }
        return found;
    }

    private static String javap() {
        Path inJdk = Path.of(System.getProperty("java.home"), "bin", "javap");
        return Files.isExecutable(inJdk) ? inJdk.toString() : "javap";
    }

    private static List<String> run(List<String> command) {
        ChildProcess.Result result = ChildProcess.run(command, Duration.ofSeconds(120), builder -> builder.redirectErrorStream(true));
        List<String> lines = result.stdout().lines().toList();
        if (result.exitCode() != 0) {
            throw new IllegalStateException("javap exited " + result.exitCode() + ": "
                    + String.join("\n", lines.subList(0, Math.min(20, lines.size()))));
        }
        return lines;
    }
}
