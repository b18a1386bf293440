package dev.notesbackup.backup.cli;

import java.util.concurrent.Callable;

/** A subcommand: returns its exit code, and gets the environment, clock and clients from the CLI. */
abstract class OperatorCommand implements Callable<Integer> {
    /** Set by {@link BackupCli}'s factory before the command runs. */
    BackupCli.Context context;
}
