package dev.notesbackup.drill;

import dev.notesbackup.testsupport.MotoServer;

/** {@code ./incident-drill.sh}: starts moto, runs both acts, prints the report; exit 0 only if nothing was lost. */
public final class IncidentDrillMain {
    private IncidentDrillMain() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        System.out.println("Starting a local moto server ...");
        IncidentDrill.Report report;
        try (MotoServer moto = MotoServer.start()) {
            report = new IncidentDrill(moto.endpoint(), System.out).run();
        }
        System.out.println();
        System.out.println(report.text());
        System.out.printf("(%.1f s, moto stopped)%n", (System.nanoTime() - started) / 1e9);
        System.exit(report.passed() ? 0 : 1);
    }
}
