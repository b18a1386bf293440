package dev.notesbackup.backup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class BackupConfigTest {

    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put(BackupConfig.TABLES, "notes,replies");
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                env.remove(pairs[i]);
            } else {
                env.put(pairs[i], pairs[i + 1]);
            }
        }
        return env;
    }

    @Test
    void fromEnvironment_appliesDefaults() {
        BackupConfig config = BackupConfig.fromEnvironment(env());

        assertThat(config.tables()).extracting(TableSelector::value).containsExactly("notes", "replies");
        assertThat(config.retentionDays()).isEqualTo(35);
        assertThat(config.keepAtLeast()).isEqualTo(3);
        assertThat(config.namePrefix()).isEqualTo("scheduled");
        assertThat(config.dryRun()).isFalse();
        assertThat(config.timeMargin()).hasSeconds(30);
        assertThat(config.rates()).isEqualTo(RateLimits.AWS_DEFAULTS);
    }

    @Test
    void fromEnvironment_readsEveryVariable() {
        BackupConfig config = BackupConfig.fromEnvironment(env(
                BackupConfig.TABLES, " notes , app-* ",
                BackupConfig.RETENTION_DAYS, "14",
                BackupConfig.KEEP_AT_LEAST, "5",
                BackupConfig.NAME_PREFIX, "nightly.v2",
                BackupConfig.DRY_RUN, "TRUE",
                BackupConfig.TIME_MARGIN_SECONDS, "45"));

        assertThat(config.tables()).containsExactly(new TableSelector("notes", false), new TableSelector("app-", true));
        assertThat(config.retentionDays()).isEqualTo(14);
        assertThat(config.keepAtLeast()).isEqualTo(5);
        assertThat(config.namePrefix()).isEqualTo("nightly.v2");
        assertThat(config.dryRun()).isTrue();
        assertThat(config.timeMargin()).hasSeconds(45);
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(BackupConfig.TABLES, null, "Missing BACKUP_TABLES"),
                Arguments.of(BackupConfig.TABLES, "  ", "Missing BACKUP_TABLES"),
                Arguments.of(BackupConfig.TABLES, "notes,,replies", "without empty entries"),
                Arguments.of(BackupConfig.TABLES, "notes,no", "'no'"),
                Arguments.of(BackupConfig.TABLES, "notes,bad name", "a DynamoDB table name"),
                Arguments.of(BackupConfig.TABLES, "notes,a*b*", "prefix"),
                Arguments.of(BackupConfig.TABLES, "notes,notes", "appears twice"),
                Arguments.of(BackupConfig.TABLES, "x".repeat(256), "3-255 characters"),
                Arguments.of(BackupConfig.RETENTION_DAYS, "abc", "RETENTION_DAYS='abc'"),
                Arguments.of(BackupConfig.RETENTION_DAYS, "0", "from 1 to 36500"),
                Arguments.of(BackupConfig.RETENTION_DAYS, "7.5", "whole number of days"),
                Arguments.of(BackupConfig.KEEP_AT_LEAST, "0", "KEEP_AT_LEAST='0'"),
                Arguments.of(BackupConfig.KEEP_AT_LEAST, "-3", "from 1 to 10000"),
                Arguments.of(BackupConfig.NAME_PREFIX, "my prefix", "BACKUP_NAME_PREFIX='my prefix'"),
                Arguments.of(BackupConfig.NAME_PREFIX, "p".repeat(65), "1-64 characters"),
                Arguments.of(BackupConfig.DRY_RUN, "yes", "DRY_RUN='yes': expected true or false"),
                Arguments.of(BackupConfig.TIME_MARGIN_SECONDS, "0", "TIME_MARGIN_SECONDS='0'"),
                Arguments.of(BackupConfig.TIME_MARGIN_SECONDS, "5", "from 20 to 300"),
                // a margin that leaves no time for work would make every run do nothing
                Arguments.of(BackupConfig.TIME_MARGIN_SECONDS, "900", "from 20 to 300"),
                // set but empty is an error (an unresolved parameter), not the default
                Arguments.of(BackupConfig.RETENTION_DAYS, "", "RETENTION_DAYS is set but empty"),
                Arguments.of(BackupConfig.KEEP_AT_LEAST, " ", "KEEP_AT_LEAST is set but empty"),
                Arguments.of(BackupConfig.NAME_PREFIX, "", "BACKUP_NAME_PREFIX is set but empty"),
                Arguments.of(BackupConfig.DRY_RUN, "", "DRY_RUN is set but empty: expected true or false"),
                Arguments.of(BackupConfig.TIME_MARGIN_SECONDS, "", "TIME_MARGIN_SECONDS is set but empty"),
                Arguments.of(BackupConfig.RESTORE_DRILL, "", "RESTORE_DRILL is set but empty"),
                Arguments.of(BackupConfig.AUDIT, "", "AUDIT is set but empty"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void fromEnvironment_rejectsBadValue_namingVariableValueAndExpectedForm(String variable, String value, String message) {
        assertThatThrownBy(() -> BackupConfig.fromEnvironment(env(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(variable)
                .hasMessageContaining(message);
    }
}
