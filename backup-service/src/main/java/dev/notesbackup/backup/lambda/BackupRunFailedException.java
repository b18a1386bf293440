package dev.notesbackup.backup.lambda;

import dev.notesbackup.backup.run.RunReport;
import dev.notesbackup.backup.vault.export.VaultReport;
import dev.notesbackup.backup.vault.export.VaultStatus;
import java.util.stream.Collectors;

/**
 * Thrown after every table was handled, when at least one of them failed or is missing, or the
 * deadline came before the run reached it (Lambda then retries the slot, which makes no second backup),
 * or a table's export to the vault failed or was not reached (the retry starts no second export).
 */
public class BackupRunFailedException extends RuntimeException {
    private final transient RunReport report;
    private final transient VaultReport vault;

    public BackupRunFailedException(RunReport report) {
        this(report, null);
    }

    /** @param vault the vault export's report, or null when the vault is off or was not run */
    public BackupRunFailedException(RunReport report, VaultReport vault) {
        super(message(report, vault));
        this.report = report;
        this.vault = vault;
    }

    private static String message(RunReport report, VaultReport vault) {
        StringBuilder message = new StringBuilder(message(report));
        if (vault != null && vault.mustFail()) {
            message.append(message.isEmpty() ? "" : "; ").append("vault: ").append(vault.failures().size()).append(" of ")
                    .append(vault.tables().size()).append(" tables failed: ")
                    .append(vault.failures().stream().map(t -> t.table() + " (" + t.status() + ": " + t.error() + ")")
                            .collect(Collectors.joining("; ")))
                    .append(vault.count(VaultStatus.NOT_REACHED) > 0 ? "; " + vault.count(VaultStatus.NOT_REACHED)
                            + " not reached before the deadline (a retry of this slot exports them)" : "");
        }
        return message.toString();
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

    /** The vault export's report, or null. */
    public VaultReport vault() {
        return vault;
    }
}
