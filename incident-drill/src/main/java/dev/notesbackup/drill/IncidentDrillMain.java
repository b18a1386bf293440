package dev.notesbackup.drill;

import dev.notesbackup.testsupport.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./incident-drill.sh}: starts moto, runs both acts, prints the report; exit 0 only if nothing was lost, altered or doubled. */
@Command(name = "incident-drill", mixinStandardHelpOptions = true,
        description = "The accident that started this project, on a local moto server, and the recovery.")
public final class IncidentDrillMain implements Callable<Integer> {
    @Option(names = "--notes", description = "Act 2: notes written before the backup (default: ${DEFAULT-VALUE}).")
    int notes = IncidentDrill.Volume.DEFAULT.notes();

    @Option(names = "--replies", description = "Act 2: replies to each of those notes (default: ${DEFAULT-VALUE}).")
    int replies = IncidentDrill.Volume.DEFAULT.repliesEach();

    @Option(names = "--notes-after-backup", description = "Act 2: notes written after the backup, recovered from the log only (default: ${DEFAULT-VALUE}).")
    int notesAfterBackup = IncidentDrill.Volume.DEFAULT.notesAfterBackup();

    @Option(names = "--replies-after-backup", description = "Act 2: replies to each of those (default: ${DEFAULT-VALUE}).")
    int repliesAfterBackup = IncidentDrill.Volume.DEFAULT.repliesEachAfterBackup();

    @Option(names = "--work-dir", description = "Where the write-ahead logs and the tools' output go (default: a new temporary directory).")
    Path workDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new IncidentDrillMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        IncidentDrill.Volume volume = new IncidentDrill.Volume(notes, replies, notesAfterBackup, repliesAfterBackup);
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("incident-drill-");
        long started = System.nanoTime();
        System.out.println("Starting a local moto server ... (logs and tool output in " + dir + ")");
        IncidentDrill.Report report;
        try (MotoServer moto = MotoServer.start()) {
            report = new IncidentDrill(moto.endpoint(), System.out, volume, dir).run();
        }
        System.out.println();
        System.out.println(report.text());
        System.out.printf("(%.1f s, moto stopped)%n", (System.nanoTime() - started) / 1e9);
        return report.passed() ? 0 : 1;
    }
}
