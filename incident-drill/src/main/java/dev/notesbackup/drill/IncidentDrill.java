package dev.notesbackup.drill;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The incident drill: every disaster the README's "When disaster strikes" covers, staged on moto
 * one scenario after another, each recovered the way its runbook says and checked against what the
 * API accepted. The report is one table; the drill passes only if every scenario ends with
 * nothing lost, altered or doubled (and its own checks held).
 *
 * <p>As an operator would: the API is a real {@code serve} child process whose standard output is the
 * log ({@code serve > wal.log}), and replays are {@code replay --file wal.log --start ...} children.
 */
public final class IncidentDrill {
    /** Every scenario, in the order the drill runs them. */
    static final List<Scenario> SCENARIOS = List.of(new GuardedDeployScenario(), new SeedAccidentScenario(), new DeletedByHandScenario(),
            new BadDataScenario(), new VaultScenario(), new BackupStackGoneScenario());

    /** How much each scenario writes: notes and replies per note before the backup, and after it (the gap the log covers). */
    public record Volume(int notes, int repliesEach, int notesAfterBackup, int repliesEachAfterBackup) {
        /** A realistic day of a small app: 500 notes and 1,000 replies, a fifth of them after the backup. */
        public static final Volume DEFAULT = new Volume(400, 2, 100, 2);
        /** Small enough for the integration test of every scenario, with replies on every note and a gap after the backup. */
        public static final Volume SMALL = new Volume(12, 3, 5, 2);

        public Volume {
            if (notes < 1 || repliesEach < 0 || notesAfterBackup < 1 || repliesEachAfterBackup < 0) {
                throw new IllegalArgumentException("the drill needs at least one note before and one after the backup,"
                        + " and no negative reply count; was " + notes + "/" + repliesEach + " and " + notesAfterBackup
                        + "/" + repliesEachAfterBackup);
            }
        }

        int total() {
            return notes * (1 + repliesEach) + notesAfterBackup * (1 + repliesEachAfterBackup);
        }
    }

    private final DrillKit kit;
    private final PrintStream out;

    /** @param workDir where the write-ahead logs and the child processes' output go */
    public IncidentDrill(URI endpoint, PrintStream out, Volume volume, Path workDir) {
        this.kit = new DrillKit(endpoint, out, volume, workDir);
        this.out = out;
    }

    /** The scenarios' names, in order, with their disasters. */
    static Map<String, String> catalogue() {
        Map<String, String> names = new LinkedHashMap<>();
        SCENARIOS.forEach(s -> names.put(s.name(), s.disaster()));
        return names;
    }

    /** Runs every scenario. */
    DrillReport run() {
        return run(List.of());
    }

    /**
     * Runs the named scenarios (all when none is named), in the drill's order. A scenario that throws
     * is reported FAILED with the error, and the others still run.
     */
    DrillReport run(List<String> names) {
        List<String> unknown = names.stream().filter(n -> !catalogue().containsKey(n)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown scenario " + String.join(", ", unknown) + "; expected one of "
                    + String.join(", ", catalogue().keySet()));
        }
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : SCENARIOS) {
            if (!names.isEmpty() && !names.contains(scenario.name())) {
                continue;
            }
            long started = System.nanoTime();
            ScenarioResult result;
            try {
                result = scenario.run(kit);
            } catch (RuntimeException e) {
                e.printStackTrace(out);
                result = new ScenarioResult(scenario.name(), "did not finish", 0, 0, 0, 0, 0, 0, 0, 0, null,
                        List.of("threw " + e));
            }
            out.printf("  => %s %s in %.1f s%n", scenario.name(), result.passed() ? "PASSED" : "FAILED",
                    Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
            results.add(result);
        }
        return new DrillReport(results);
    }
}
