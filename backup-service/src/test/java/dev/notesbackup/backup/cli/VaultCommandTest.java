package dev.notesbackup.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.testsupport.InMemoryDynamoDb;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The vault commands' help and the input they refuse before any AWS call (the harness gives them no S3 client). */
class VaultCommandTest {
    final InMemoryDynamoDb dynamo = new InMemoryDynamoDb();
    final CliHarness cli = new CliHarness(Map.of(), Clock.fixed(Instant.parse("2026-11-25T03:00:00Z"), ZoneOffset.UTC), aws -> dynamo);

    @Test
    void vaultHelp_listsItsCommands_andEachHasTheVaultAndAwsOptions() {
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("vault");
        assertThat(cli.run("vault", "--help")).isZero();
        assertThat(cli.out()).contains("list", "restore", "drill");
        for (String command : new String[] {"list", "restore", "drill"}) {
            assertThat(cli.run("vault", command, "--help")).as(command).isZero();
            assertThat(cli.out()).as(command).contains("--bucket", "--bucket-owner", "--prefix", "--endpoint-url", "--region",
                    "--profile", "--verbose", "Exit codes");
        }
    }

    @Test
    void restoreAndDrill_refuseAMaxWaitBelowOneMinute_beforeAnyAwsCall() {
        assertThat(cli.run("vault", "restore", "--bucket", "b", "--prefix", "p", "--table", "t", "--to", "t2", "--max-wait-minutes", "0"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--max-wait-minutes must be at least 1, was 0");
        assertThat(cli.run("vault", "drill", "--bucket", "b", "--prefix", "p", "--table", "t", "--max-wait-minutes", "0"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--max-wait-minutes must be at least 1, was 0");
        assertThat(dynamo.requests()).isEmpty();
    }

    @Test
    void restore_refusesABlankBucket_namingWhatIsExpected() {
        assertThat(cli.run("vault", "restore", "--bucket", " ", "--prefix", "p", "--table", "t", "--to", "t2")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().strip()).isEqualTo("error: the vault bucket is missing: give the bucket's name, e.g. notes-vault-111122223333");
    }
}
