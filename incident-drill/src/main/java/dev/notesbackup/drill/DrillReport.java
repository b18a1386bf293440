package dev.notesbackup.drill;

import java.util.ArrayList;
import java.util.List;

/** Every scenario's result, printed as one table; the drill passes only if every scenario did. */
record DrillReport(List<ScenarioResult> results) {
    private static final String[] HEADERS = {"scenario", "what was done", "accepted", "backup", "PITR", "vault", "log",
        "lost", "duplicated", "altered", "time to recover (moto)", "result"};

    DrillReport {
        results = List.copyOf(results);
    }

    boolean passed() {
        return !results.isEmpty() && results.stream().allMatch(ScenarioResult::passed);
    }

    ScenarioResult get(String scenario) {
        return results.stream().filter(r -> r.scenario().equals(scenario)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no result for scenario " + scenario));
    }

    /** A plain-text table (columns padded), then the failed checks, then the verdict. */
    String text() {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (ScenarioResult r : results) {
            rows.add(new String[] {r.scenario(), r.done(), String.valueOf(r.accepted()), String.valueOf(r.fromBackup()),
                String.valueOf(r.fromPointInTime()), String.valueOf(r.fromVault()), String.valueOf(r.fromLog()),
                String.valueOf(r.lost()), String.valueOf(r.duplicated()), String.valueOf(r.altered()),
                r.timeToRecover() == null ? "-" : String.format("%.1f s", r.timeToRecover().toMillis() / 1000.0),
                r.passed() ? "PASSED" : "FAILED"});
        }
        int[] widths = new int[HEADERS.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder text = new StringBuilder("INCIDENT DRILL REPORT\n");
        for (int i = 0; i < rows.size(); i++) {
            text.append(line(rows.get(i), widths)).append('\n');
            if (i == 0) {
                String[] rule = new String[widths.length];
                for (int c = 0; c < widths.length; c++) {
                    rule[c] = "-".repeat(widths[c]);
                }
                text.append(line(rule, widths)).append('\n');
            }
        }
        for (ScenarioResult r : results) {
            r.failures().forEach(f -> text.append("  ").append(r.scenario()).append(": ").append(f).append('\n'));
        }
        text.append("RESULT: ").append(passed() ? "PASSED - every scenario recovered with nothing lost, altered or doubled" : "FAILED");
        return text.toString();
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder("| ");
        for (int c = 0; c < cells.length; c++) {
            boolean number = c >= 2 && c <= 9;
            String cell = cells[c];
            String pad = " ".repeat(widths[c] - cell.length());
            line.append(number ? pad + cell : cell + pad).append(" | ");
        }
        return line.toString().stripTrailing();
    }
}
