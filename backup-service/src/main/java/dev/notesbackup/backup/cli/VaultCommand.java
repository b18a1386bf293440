package dev.notesbackup.backup.cli;

import dev.notesbackup.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "vault", mixinStandardHelpOptions = true,
        description = {"The off-account vault: list the exports it holds, restore one into a new table, or drill a restore.",
                "Reads the vault bucket with S3 and imports with DynamoDB's ImportTable."},
        subcommands = {VaultListCommand.class, VaultRestoreCommand.class, VaultDrillCommand.class},
        footer = ExitCodes.FOOTER)
final class VaultCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
