package dev.notesbackup.testsupport;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which packages the compiled classes of a directory use, read from each class file's constant
 * pool (class entries, and the type names in field, method and generic signatures), so an
 * architecture test sees what the bytecode really references, imports or not. No dependency: the
 * class file format is read directly (JVMS 4.4).
 */
public final class PackageDependencies {
    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([A-Za-z0-9_$/]+)[;<]");

    /** For each package under the directory, the packages its classes reference (itself excluded). */
    private final Map<String, Set<String>> uses;

    private PackageDependencies(Map<String, Set<String>> uses) {
        this.uses = uses;
    }

    /** Reads every {@code .class} file under {@code classesDirectory} (e.g. target/classes). */
    public static PackageDependencies of(Path classesDirectory) {
        if (!Files.isDirectory(classesDirectory)) {
            throw new IllegalArgumentException(classesDirectory.toAbsolutePath() + " is not a directory of compiled classes");
        }
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classesDirectory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String own = packageOf(classesDirectory.relativize(file).toString().replace('\\', '/'));
                Set<String> used = uses.computeIfAbsent(own, p -> new TreeSet<>());
                for (String type : referencedTypes(file)) {
                    String pkg = packageOf(type);
                    if (!pkg.equals(own)) {
                        used.add(pkg);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the classes under " + classesDirectory, e);
        }
        return new PackageDependencies(uses);
    }

    /** The packages {@code pkg} (dotted, e.g. {@code dev.notesbackup.notes.domain}) references. */
    public Set<String> usedBy(String pkg) {
        Set<String> used = uses.get(pkg);
        if (used == null) {
            throw new IllegalArgumentException("no compiled classes in package " + pkg + "; packages: " + uses.keySet());
        }
        return used;
    }

    /** A cycle among the directory's own packages, as a path that starts and ends at the same package. */
    public Optional<List<String>> firstCycle() {
        Set<String> done = new HashSet<>();
        for (String start : uses.keySet()) {
            Optional<List<String>> cycle = cycleFrom(start, new ArrayList<>(), done);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private Optional<List<String>> cycleFrom(String pkg, List<String> path, Set<String> done) {
        int seen = path.indexOf(pkg);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(pkg);
            return Optional.of(cycle);
        }
        if (done.contains(pkg) || !uses.containsKey(pkg)) {
            return Optional.empty();
        }
        path.add(pkg);
        for (String next : uses.get(pkg)) {
            Optional<List<String>> cycle = cycleFrom(next, path, done);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        done.add(pkg);
        return Optional.empty();
    }

    private static String packageOf(String internalName) {
        String name = internalName.endsWith(".class") ? internalName.substring(0, internalName.length() - 6) : internalName;
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash).replace('/', '.');
    }

    /** Internal names (a/b/C) of the types a class file's constant pool names, string literals left out. */
    private static Set<String> referencedTypes(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile); DataInputStream data = new DataInputStream(in)) {
            if (data.readInt() != 0xCAFEBABE) {
                throw new IOException(classFile + " is not a class file");
            }
            data.readUnsignedShort(); // minor version
            data.readUnsignedShort(); // major version
            int count = data.readUnsignedShort();
            String[] utf8 = new String[count];
            Set<Integer> classNames = new HashSet<>();
            Set<Integer> literals = new HashSet<>();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = data.readUTF();
                    case 7 -> classNames.add(data.readUnsignedShort());
                    case 8 -> literals.add(data.readUnsignedShort());
                    case 16, 19, 20 -> data.readUnsignedShort();
                    case 15 -> data.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipNBytes(4);
                    case 5, 6 -> {
                        data.skipNBytes(8);
                        i++; // a long or double takes two entries
                    }
                    default -> throw new IOException(classFile + ": unknown constant pool tag " + tag + " at entry " + i);
                }
            }
            Set<String> types = new TreeSet<>();
            for (int i = 1; i < count; i++) {
                if (utf8[i] == null) {
                    continue;
                }
                if (classNames.contains(i) && !utf8[i].startsWith("[")) {
                    types.add(utf8[i]);
                } else if (!literals.contains(i)) {
                    Matcher m = TYPE_IN_DESCRIPTOR.matcher(utf8[i]);
                    while (m.find()) {
                        types.add(m.group(1));
                    }
                }
            }
            return types;
        }
    }
}
