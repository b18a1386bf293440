package dev.notesbackup.notes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The notes tools keep the backup CLI's convention: the same AWS options, exit codes and one-line errors. */
class NotesToolsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return NotesTools.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_printsUsage_whenNoCommand() {
        assertThat(run()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("replay", "serve", "Exit codes");
    }

    @Test
    void run_exitsUsage_whenCommandUnknown() {
        assertThat(run("restore")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).startsWith("error: Unmatched argument at index 0: 'restore'").contains("Try 'notes-tools --help'.");
    }

    @Test
    void help_listsTheAwsOptionsAndExitCodes_ofEveryCommand() {
        for (String command : new String[] {"replay", "serve", "copy-as-of", "diff", "repair"}) {
            out.reset();
            assertThat(run(command, "--help")).as(command).isEqualTo(ExitCodes.OK);
            assertThat(out.toString(StandardCharsets.UTF_8)).as(command)
                    .contains("--endpoint-url", "--region", "--profile", "--verbose", "Exit codes: 0 done")
                    .doesNotContainIgnoringCase("moto");
        }
    }

    @Test
    void replay_exitsUsage_whenNeitherFileNorLogGroup() {
        assertThat(run("replay", "--notes-table", "notes")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("--file", "--log-group").contains("Try 'notes-tools replay --help'.");
    }

    @Test
    void replay_exitsUsage_whenOptionUnknownOrValueMissing() {
        assertThat(run("replay", "--file")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("replay", "--fil", "x")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("Missing required parameter for option '--file'", "Unknown options: '--fil', 'x'");
    }

    @Test
    void replay_exitsUsage_whenLogGroupHasNoStartOrABadTime() {
        assertThat(run("replay", "--log-group", "g")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("replay", "--log-group", "g", "--start", "last tuesday")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("error: --log-group needs --start", "'--start'", "'last tuesday' is not a time");
    }

    @Test
    void replay_exitsError_withTheSummary_whenFileMissing() {
        assertThat(run("replay", "--file", "/nonexistent/wal.log")).isEqualTo(ExitCodes.ERROR);
        assertThat(err()).contains("cannot read /nonexistent/wal.log");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("replay: read 0");
    }

    @Test
    void copyAsOf_exitsUsage_whenTheTimeOrTheMethodIsMissingOrBad() {
        String[] tables = {"--notes-table", "notes", "--replies-table", "replies", "--copy-notes", "notes2", "--copy-replies", "replies2"};
        assertThat(run(concat(new String[] {"copy-as-of"}, tables))).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("Missing required option: '--as-of=TIME'");
        assertThat(run(concat(new String[] {"copy-as-of", "--as-of", "yesterday"}, tables))).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("'yesterday' is not a time");
        assertThat(run(concat(new String[] {"copy-as-of", "--as-of", "2024-05-01", "--method", "pitr"}, tables)))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("error: --method 'pitr' is not one of auto, point-in-time, backup");
        assertThat(run(concat(new String[] {"copy-as-of", "--as-of", "2024-05-01", "--file", "a", "--log-group", "g"}, tables)))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("--file=FILE, --log-group=GROUP are mutually exclusive");
    }

    @Test
    void diffAndRepair_exitUsage_whenACopyIsTheLiveTable() {
        assertThat(run("diff", "--notes-table", "notes", "--replies-table", "replies", "--copy-notes", "replies",
                "--copy-replies", "replies2")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("error: --copy-notes and --copy-replies must name other tables than the live ones, replies is live");
        assertThat(run("repair", "--notes-table", "notes", "--replies-table", "replies", "--copy-notes", "notes2",
                "--copy-replies", "replies2", "--wal-file", "w.log", "--all-changed")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("error: --wal-file goes with --apply (a dry run logs nothing)");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void serve_exitsUsage_whenPortInvalid() {
        assertThat(run("serve", "--port", "http")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("serve", "--port", "70000")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("'--port'", "error: --port must be from 0 to 65535, was 70000");
    }

    @Test
    void serve_exitsUsage_whenThePagesPortIsInvalid_orTheApis() {
        assertThat(run("serve", "--web-port", "70000")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("serve", "--port", "65535")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("serve", "--port", "9000", "--web-port", "9000")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("error: --web-port must be from 0 to 65535, was 70000",
                "error: --web-port (the API's port + 1 when not given) must be from 0 to 65535, was 65536",
                "error: --web-port must differ from --port (the page is another origin), both were 9000");
    }

    @Test
    void serve_exitsUsage_inOneLineNamingTheVariable_whenOriginsInvalid() {
        assertThat(run("serve", "--allowed-origins", "*")).isEqualTo(ExitCodes.USAGE);
        assertThat(err().strip()).startsWith("error: ").contains("ALLOWED_ORIGINS").doesNotContain("\tat ");
    }
}
