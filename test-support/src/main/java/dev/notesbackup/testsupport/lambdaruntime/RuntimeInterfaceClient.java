package dev.notesbackup.testsupport.lambdaruntime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * AWS's Lambda Java runtime interface client ({@code com.amazonaws:aws-lambda-java-runtime-interface-client}),
 * as the build copied it with the dependencies its manifest names into one directory (system
 * property {@code lambda.runtime.dir}, set by the module's pom).
 *
 * <p>How it is launched, read from the jar itself: its manifest's {@code Main-Class}
 * ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}) with the handler string as
 * its only argument, on a class path of the jar and its manifest's {@code Class-Path} entries. It
 * loads the function's classes in a class loader of its own over the working directory (the task
 * root, where Lambda unpacks the deployment package) and the jars in its {@code lib/}, with the
 * system class loader as parent. Its HTTP client to the Runtime API is native (JNI, a curl-based
 * library in the jar) that it unpacks to the fixed path {@code /tmp/.libaws-lambda-jni.so} unless
 * the system property {@value #JNI_PROPERTY} names the library; this class unpacks it once into the
 * runtime directory, so parallel child JVMs never overwrite a library another one is loading.
 */
public final class RuntimeInterfaceClient {
    public static final String DIR_PROPERTY = "lambda.runtime.dir";
    public static final String VERSION_PROPERTY = "lambda.ric.version";
    public static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private final Path jar;
    private final String mainClass;
    private final String version;
    private final List<Path> classPath;
    private final Path jniLibrary;

    private RuntimeInterfaceClient(Path jar, String mainClass, String version, List<Path> classPath, Path jniLibrary) {
        this.jar = jar;
        this.mainClass = mainClass;
        this.version = version;
        this.classPath = List.copyOf(classPath);
        this.jniLibrary = jniLibrary;
    }

    /** The client the build copied (see the pom), checked to be complete. */
    public static RuntimeInterfaceClient fromBuild() {
        String dir = System.getProperty(DIR_PROPERTY);
        String version = System.getProperty(VERSION_PROPERTY);
        if (dir == null || version == null) {
            throw new IllegalStateException("system properties " + DIR_PROPERTY + " and " + VERSION_PROPERTY
                    + " are not set: run through Maven (mvn -pl deploy-verification -am verify), whose pom copies the client");
        }
        return in(Path.of(dir), version);
    }

    /** The one version of the client in {@code dir} (as a build copied it there with its dependencies). */
    public static RuntimeInterfaceClient inDirectory(Path dir) {
        String prefix = "aws-lambda-java-runtime-interface-client-";
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            List<String> versions = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && n.endsWith(".jar"))
                    .map(n -> n.substring(prefix.length(), n.length() - ".jar".length())).toList();
            if (versions.size() != 1) {
                throw new IllegalStateException("expected one " + prefix + "VERSION.jar in " + dir + ", found " + versions);
            }
            return in(dir, versions.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + " (build it first: it holds the runtime interface client)", e);
        }
    }

    public static RuntimeInterfaceClient in(Path dir, String version) {
        Path jar = dir.resolve("aws-lambda-java-runtime-interface-client-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no runtime interface client at " + jar);
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Attributes manifest = file.getManifest().getMainAttributes();
            String mainClass = manifest.getValue(Attributes.Name.MAIN_CLASS);
            List<Path> classPath = new ArrayList<>(List.of(jar));
            for (String entry : manifest.getValue(Attributes.Name.CLASS_PATH).trim().split("\\s+")) {
                Path dependency = dir.resolve(entry);
                if (!Files.isRegularFile(dependency)) {
                    throw new IllegalStateException("the runtime interface client's manifest needs " + entry
                            + ", which the build did not copy to " + dir);
                }
                classPath.add(dependency);
            }
            String library = "jni/libaws-lambda-jni." + platform() + ".so";
            ZipEntry entry = file.getEntry(library);
            if (entry == null) {
                throw new IllegalStateException(jar + " has no " + library);
            }
            Path jni = dir.resolve("libaws-lambda-jni." + platform() + ".so");
            synchronized (RuntimeInterfaceClient.class) {
                if (!Files.isRegularFile(jni) || Files.size(jni) != entry.getSize()) {
                    Path temp = Files.createTempFile(dir, "jni-", ".so");
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.move(temp, jni, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return new RuntimeInterfaceClient(jar, mainClass, manifest.getValue(Attributes.Name.IMPLEMENTATION_VERSION),
                    classPath, jni);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    /** The JNI library's platform name for this machine, as the jar names its libraries (glibc). */
    static String platform() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "linux-x86_64";
            case "aarch64", "arm64" -> "linux-aarch_64";
            default -> throw new IllegalStateException("the runtime interface client has no native library for " + arch);
        };
    }

    public Path jar() {
        return jar;
    }

    public String mainClass() {
        return mainClass;
    }

    /** The version the jar's manifest states. */
    public String version() {
        return version;
    }

    public List<Path> classPath() {
        return classPath;
    }

    public Path jniLibrary() {
        return jniLibrary;
    }
}
