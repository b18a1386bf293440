package dev.notesbackup.backup.cli;

import dev.notesbackup.cli.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.testsupport.InMemoryDynamoDb;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

class BackupCliTest {
    final InMemoryDynamoDb dynamo = new InMemoryDynamoDb();
    final CliHarness cli = new CliHarness(Map.of(), Clock.fixed(Instant.parse("2026-11-25T03:00:00Z"), ZoneOffset.UTC), aws -> dynamo);

    @Test
    void help_listsCommandsAndExitCodes_always() {
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("run", "list", "restore", "Exit codes");
    }

    @Test
    void everyCommand_hasHelpWithAwsOptions_always() {
        for (String command : new String[] {"run", "list", "restore", "adopt"}) {
            assertThat(cli.run(command, "--help")).as(command).isZero();
            assertThat(cli.out()).as(command).contains("--endpoint-url", "--region", "--profile", "--verbose");
        }
    }

    @Test
    void run_failsWithUsageError_whenOptionUnknown() {
        assertThat(cli.run("run", "--retention", "3")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("Unknown options: '--retention'").contains("--help");
    }

    @Test
    void run_failsWithOneLineUsageError_whenTablesMissing() {
        assertThat(cli.run("run")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().strip()).startsWith("error: Missing BACKUP_TABLES").doesNotContain("\tat ");
    }

    @Test
    void run_failsWithUsageErrorNamingTheVariable_whenEnvironmentValueEmpty() {
        CliHarness withEmpty = new CliHarness(Map.of("BACKUP_TABLES", "notes", "DRY_RUN", ""),
                Clock.fixed(Instant.parse("2026-11-25T03:00:00Z"), ZoneOffset.UTC), aws -> dynamo);

        assertThat(withEmpty.run("run")).isEqualTo(ExitCodes.USAGE);
        assertThat(withEmpty.err()).contains("DRY_RUN is set but empty");
        assertThat(dynamo.requests()).isEmpty();
    }

    @Test
    void run_failsNamingTheValue_whenRetentionBad() {
        assertThat(cli.run("run", "--tables", "notes", "--retention-days", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("RETENTION_DAYS='0'");
    }

    @Test
    void restore_failsWithUsageError_whenNeitherBackupArnNorTableAndLatest() {
        assertThat(cli.run("restore", "--target-table", "new")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("restore", "--backup-arn", "a", "--table", "t", "--latest", "--target-table", "new")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("mutually exclusive");
    }

    @Test
    void restore_printsOneLineErrorAndStackTraceOnlyWithVerbose_whenAwsFails() {
        dynamo.beforeCall("DescribeBackup", r -> {
            throw DynamoDbException.builder().message("User is not authorized to perform: dynamodb:DescribeBackup").build();
        });

        assertThat(cli.run("restore", "--backup-arn", "arn:x", "--target-table", "new")).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.err().strip()).isEqualTo("error: DynamoDbException: User is not authorized to perform: dynamodb:DescribeBackup");

        assertThat(cli.run("restore", "--backup-arn", "arn:x", "--target-table", "new", "--verbose")).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.err()).contains("\tat ");
    }

    @Test
    void restore_failsWithUsageErrorBeforeAnyAwsCall_whenMaxWaitBelowOneMinute() {
        assertThat(cli.run("restore", "--backup-arn", "arn:x", "--target-table", "new", "--wait", "--max-wait-minutes", "0"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--max-wait-minutes must be at least 1, was 0");
        assertThat(dynamo.requests()).isEmpty();
    }
}
