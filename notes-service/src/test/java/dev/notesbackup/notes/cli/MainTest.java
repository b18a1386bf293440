package dev.notesbackup.notes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void run_printsUsageAndExits2_whenNoCommand() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("replay (--file FILE", "serve [--port 8080]");
    }

    @Test
    void run_exits2_whenCommandUnknown() {
        assertThat(run("restore")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'restore'");
    }

    @Test
    void help_printsUsageAndExits0() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Exit status");
    }

    @Test
    void replay_exits2_whenNeitherFileNorLogGroup() {
        assertThat(run("replay", "--notes-table", "notes")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("either --file or --log-group");
    }

    @Test
    void replay_exits2_whenOptionUnknownOrValueMissing() {
        assertThat(run("replay", "--file")).isEqualTo(2);
        assertThat(run("replay", "--fil", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--file needs a value", "unknown option --fil");
    }

    @Test
    void replay_exits2_whenLogGroupHasNoStartOrABadTime() {
        assertThat(run("replay", "--log-group", "g")).isEqualTo(2);
        assertThat(run("replay", "--log-group", "g", "--start", "last tuesday")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs --start", "is not a time");
    }

    @Test
    void replay_exits1_whenFileMissing() {
        assertThat(run("replay", "--file", "/nonexistent/wal.log")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read /nonexistent/wal.log");
    }

    @Test
    void serve_exits2_whenPortInvalid() {
        assertThat(run("serve", "--port", "http")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port must be a whole number");
    }

    @Test
    void serve_exits1_namingTheVariable_whenOriginsInvalid() {
        assertThat(run("serve", "--allowed-origins", "*")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ALLOWED_ORIGINS");
    }
}
