package dev.notesbackup.notes.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tools as a child process, the way an operator runs them: {@code java -cp <classpath>
 * dev.notesbackup.notes.cli.NotesTools <args>}, with this JVM's java. The classpath is the caller's
 * own ({@code java.class.path}) when it holds the tools, so no jar path is named here.
 */
public final class NotesToolsProcess {
    private NotesToolsProcess() {
    }

    /** The command line; the caller adds the environment (no file.encoding or locale is set here). */
    public static List<String> command(String classpath, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, NotesTools.class.getName()));
        command.addAll(args);
        return command;
    }

    /** As {@link #command(String, List)}, with this JVM's own classpath. */
    public static List<String> command(List<String> args) {
        return command(System.getProperty("java.class.path"), args);
    }
}
