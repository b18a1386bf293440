package dev.notesbackup.bench;

/** Starts and exits: the JVM's own start-up and exit, the floor under every fresh-process figure. */
public final class Noop {
    private Noop() {
    }

    public static void main(String[] args) {
        // nothing
    }
}
