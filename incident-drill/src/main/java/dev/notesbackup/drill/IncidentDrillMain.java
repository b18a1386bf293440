package dev.notesbackup.drill;

import dev.notesbackup.testsupport.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./incident-drill.sh}: starts moto, runs the scenarios, prints the report; exit 0 only if nothing was lost, altered or doubled. */
@Command(name = "incident-drill", mixinStandardHelpOptions = true,
        description = "Every disaster of the README's \"When disaster strikes\", staged on a local moto server, and its recovery.")
public final class IncidentDrillMain implements Callable<Integer> {
    @Option(names = "--scenario", paramLabel = "NAME",
            description = "Run only this scenario (repeatable; default: all). --list names them.")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--list", description = "Print the scenarios and exit.")
    boolean list;

    @Option(names = "--notes", description = "Notes written before the backup, per scenario (default: ${DEFAULT-VALUE}).")
    int notes = IncidentDrill.Volume.DEFAULT.notes();

    @Option(names = "--replies", description = "Replies to each of those notes (default: ${DEFAULT-VALUE}).")
    int replies = IncidentDrill.Volume.DEFAULT.repliesEach();

    @Option(names = "--notes-after-backup", description = "Notes written after the backup, recovered from the log only (default: ${DEFAULT-VALUE}).")
    int notesAfterBackup = IncidentDrill.Volume.DEFAULT.notesAfterBackup();

    @Option(names = "--replies-after-backup", description = "Replies to each of those (default: ${DEFAULT-VALUE}).")
    int repliesAfterBackup = IncidentDrill.Volume.DEFAULT.repliesEachAfterBackup();

    @Option(names = "--work-dir", description = "Where the write-ahead logs and the tools' output go (default: a new temporary directory).")
    Path workDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new IncidentDrillMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (list) {
            IncidentDrill.catalogue().forEach((name, disaster) -> System.out.printf("%-18s %s%n", name, disaster));
            return 0;
        }
        List<String> unknown = scenarios.stream().filter(s -> !IncidentDrill.catalogue().containsKey(s)).toList();
        if (!unknown.isEmpty()) {
            System.err.println("incident-drill: unknown scenario " + String.join(", ", unknown) + "; expected one of "
                    + String.join(", ", IncidentDrill.catalogue().keySet()));
            return 64;
        }
        IncidentDrill.Volume volume = new IncidentDrill.Volume(notes, replies, notesAfterBackup, repliesAfterBackup);
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("incident-drill-");
        long started = System.nanoTime();
        System.out.println("Starting a local moto server ... (logs and tool output in " + dir + "); "
                + volume.total() + " notes and replies per scenario");
        DrillReport report;
        try (MotoServer moto = MotoServer.start()) {
            report = new IncidentDrill(moto.endpoint(), System.out, volume, dir).run(scenarios);
        }
        System.out.println();
        System.out.println(report.text());
        System.out.printf("(%.1f s, moto stopped)%n", (System.nanoTime() - started) / 1e9);
        return report.passed() ? 0 : 1;
    }
}
