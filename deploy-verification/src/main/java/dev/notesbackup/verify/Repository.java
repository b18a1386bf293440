package dev.notesbackup.verify;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root, where the templates and samconfig.toml are. */
public final class Repository {
    private Repository() {
    }

    /** The nearest directory upwards from the working directory that holds samconfig.toml. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("samconfig.toml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no samconfig.toml above " + Path.of("").toAbsolutePath());
    }
}
