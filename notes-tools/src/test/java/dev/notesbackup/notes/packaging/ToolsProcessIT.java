package dev.notesbackup.notes.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.notes.cli.NotesToolsProcess;
import dev.notesbackup.notes.support.WalLines;
import dev.notesbackup.testsupport.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tools in a fresh JVM, as an operator starts them: their commands run, and the log stays free of SLF4J warnings. */
class ToolsProcessIT {
    @TempDir
    Path dir;

    private static ChildProcess.Result run(String... args) {
        return ChildProcess.run(NotesToolsProcess.command(List.of(args)), Duration.ofSeconds(60), builder -> { });
    }

    @Test
    void help_printsTheCommandsAndExitCodes() {
        ChildProcess.Result result = run("--help");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCodes.OK);
        assertThat(result.stdout()).contains("replay", "serve", "Exit codes: 0 done");
    }

    @Test
    void replayDryRun_readsAFileWithoutAws() throws Exception {
        Path file = dir.resolve("wal.log");
        Files.writeString(file, WalLines.note("notes-t", "01HXAAAAAAAAAAAAAAAAAAAAA1", "a") + "\nnot a wal line\n");

        ChildProcess.Result result = run("replay", "--file", file.toString(), "--dry-run");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCodes.OK);
        assertThat(result.stdout()).contains("would write 1", "not write-ahead lines 1 (line 2)");
        assertThat(result.stderr()).doesNotContain("SLF4J");
    }

    @Test
    void unknownOption_exitsUsage_withTheErrorStyleOfTheBackupCli() {
        ChildProcess.Result result = run("serve", "--prot", "1");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.stderr()).startsWith("error: Unknown options: '--prot', '1'").contains("Try 'notes-tools serve --help'.");
    }
}
