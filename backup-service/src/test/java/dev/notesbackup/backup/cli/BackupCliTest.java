package dev.notesbackup.backup.cli;

import dev.notesbackup.cli.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

class BackupCliTest {
    final DynamoDbClient dynamo = mock(DynamoDbClient.class);
    final CliHarness cli = new CliHarness(Map.of(), Clock.fixed(Instant.parse("2026-11-25T03:00:00Z"), ZoneOffset.UTC), aws -> dynamo);

    @Test
    void help_listsTheCommandsAndExitCodes() {
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("run", "list", "restore", "Exit codes");
    }

    @Test
    void everyCommand_hasHelp_withAwsOptions() {
        for (String command : new String[] {"run", "list", "restore"}) {
            assertThat(cli.run(command, "--help")).as(command).isZero();
            assertThat(cli.out()).as(command).contains("--endpoint-url", "--region", "--profile", "--verbose");
        }
    }

    @Test
    void unknownOption_isAUsageError() {
        assertThat(cli.run("run", "--retention", "3")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("Unknown options: '--retention'").contains("--help");
    }

    @Test
    void missingTables_isAUsageError_inOneLine() {
        assertThat(cli.run("run")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().strip()).startsWith("error: Missing BACKUP_TABLES").doesNotContain("\tat ");
    }

    @Test
    void emptyEnvironmentValue_isAUsageError_namingTheVariable() {
        CliHarness withEmpty = new CliHarness(Map.of("BACKUP_TABLES", "notes", "DRY_RUN", ""),
                Clock.fixed(Instant.parse("2026-11-25T03:00:00Z"), ZoneOffset.UTC), aws -> dynamo);

        assertThat(withEmpty.run("run")).isEqualTo(ExitCodes.USAGE);
        assertThat(withEmpty.err()).contains("DRY_RUN is set but empty");
        org.mockito.Mockito.verifyNoInteractions(dynamo);
    }

    @Test
    void badRetention_namesTheValue() {
        assertThat(cli.run("run", "--tables", "notes", "--retention-days", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("RETENTION_DAYS='0'");
    }

    @Test
    void restore_needsEitherABackupArnOrTableAndLatest() {
        assertThat(cli.run("restore", "--target-table", "new")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("restore", "--backup-arn", "a", "--table", "t", "--latest", "--target-table", "new")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("mutually exclusive");
    }

    @Test
    void awsError_isOneLine_andAStackTraceOnlyWithVerbose() {
        when(dynamo.describeBackup(any(DescribeBackupRequest.class)))
                .thenThrow(DynamoDbException.builder().message("User is not authorized to perform: dynamodb:DescribeBackup").build());
        when(dynamo.describeBackup(any(java.util.function.Consumer.class))).thenCallRealMethod();

        assertThat(cli.run("restore", "--backup-arn", "arn:x", "--target-table", "new")).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.err().strip()).isEqualTo("error: DynamoDbException: User is not authorized to perform: dynamodb:DescribeBackup");

        assertThat(cli.run("restore", "--backup-arn", "arn:x", "--target-table", "new", "--verbose")).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.err()).contains("\tat ");
    }
}
