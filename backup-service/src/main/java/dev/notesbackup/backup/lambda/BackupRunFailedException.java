package dev.notesbackup.backup.lambda;

import dev.notesbackup.backup.run.RunReport;
import java.util.stream.Collectors;

/** Thrown after every table was handled, when at least one of them failed. */
public class BackupRunFailedException extends RuntimeException {
    private final transient RunReport report;

    public BackupRunFailedException(RunReport report) {
        super(report.failures().size() + " of " + report.tables().size() + " tables failed: "
                + report.failures().stream()
                        .map(t -> t.table() + " (" + t.status() + ": " + t.error() + ")")
                        .collect(Collectors.joining("; ")));
        this.report = report;
    }

    public RunReport report() {
        return report;
    }
}
