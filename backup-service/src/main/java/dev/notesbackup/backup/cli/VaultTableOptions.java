package dev.notesbackup.backup.cli;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** One table's exports in the vault, and how long to wait for its import: vault restore's and vault drill's options. */
public final class VaultTableOptions {
    @Option(names = "--prefix", required = true, paramLabel = "PREFIX", description = "The app account's folder in the vault.")
    String prefix;

    @Option(names = "--table", required = true, paramLabel = "TABLE", description = "The table whose export to restore.")
    String table;

    @Option(names = "--max-wait-minutes", description = "Give up waiting for the import after this long (default: ${DEFAULT-VALUE}).")
    int maxWaitMinutes = 120;

    /** The wait, refused below a minute before any AWS call. */
    Duration maxWait(CommandSpec spec) {
        if (maxWaitMinutes < 1) {
            throw new ParameterException(spec.commandLine(), "--max-wait-minutes must be at least 1, was " + maxWaitMinutes);
        }
        return Duration.ofMinutes(maxWaitMinutes);
    }
}
