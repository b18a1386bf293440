package dev.notesbackup.testsupport;

/** Run in a child JVM by {@link MotoServerIT}: starts moto, says its pid, then waits to be killed. */
public final class OrphanProbe {
    private OrphanProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        MotoServer server = MotoServer.start();
        System.out.println("MOTO_PID " + server.pid());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
