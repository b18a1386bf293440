package dev.notesbackup.backup.lambda;

import dev.notesbackup.backup.run.RunReport;
import java.util.stream.Collectors;

/**
 * Thrown after every table was handled, when at least one of them failed or is missing, or the
 * deadline came before the run reached it (Lambda then retries the slot, which makes no second backup).
 */
public class BackupRunFailedException extends RuntimeException {
    private final transient RunReport report;

    public BackupRunFailedException(RunReport report) {
        super(message(report));
        this.report = report;
    }

    private static String message(RunReport report) {
        StringBuilder message = new StringBuilder();
        if (report.failed()) {
            message.append(report.failures().size()).append(" of ").append(report.tables().size()).append(" tables failed: ")
                    .append(report.failures().stream()
                            .map(t -> t.table() + " (" + t.status() + ": " + t.error() + ")")
                            .collect(Collectors.joining("; ")));
        }
        if (!report.notReached().isEmpty()) {
            message.append(message.isEmpty() ? "" : "; ").append(report.notReached().size()).append(" of ")
                    .append(report.tables().size()).append(" tables not reached before the deadline (a retry of this slot"
                            + " backs them up): ")
                    .append(report.notReached().stream().map(t -> t.table()).limit(20).collect(Collectors.joining(", ")))
                    .append(report.notReached().size() > 20 ? ", ..." : "");
        }
        return message.toString();
    }

    public RunReport report() {
        return report;
    }
}
