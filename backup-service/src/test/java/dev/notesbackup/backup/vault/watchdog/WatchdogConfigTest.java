package dev.notesbackup.backup.vault.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notesbackup.backup.config.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchdogConfigTest {
    static final String TOPIC = "arn:aws:sns:us-east-1:999999999999:vault-WatchdogTopic-X1";

    static Map<String, String> env(String... extra) {
        Map<String, String> env = new HashMap<>(Map.of(WatchdogConfig.BUCKET, "vault-bucket-1", WatchdogConfig.TOPIC_ARN, TOPIC));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    @Test
    void defaults_thirtyHours_noExpectedTables() {
        WatchdogConfig config = WatchdogConfig.fromEnvironment(env());

        assertThat(config.bucket()).isEqualTo("vault-bucket-1");
        assertThat(config.topicArn()).isEqualTo(TOPIC);
        assertThat(config.maxExportAge()).isEqualTo(Duration.ofHours(30));
        assertThat(config.expectedTables()).isEmpty();
    }

    @Test
    void expectedTables_andHours_asTheTemplateSetsThem() {
        WatchdogConfig config = WatchdogConfig.fromEnvironment(env(WatchdogConfig.MAX_EXPORT_AGE_HOURS, "48",
                WatchdogConfig.EXPECTED_TABLES, "111111111111/notes, 111111111111/replies"));

        assertThat(config.maxExportAge()).isEqualTo(Duration.ofHours(48));
        assertThat(config.expectedTables()).containsExactlyInAnyOrder(new VaultTable("111111111111", "notes"),
                new VaultTable("111111111111", "replies"));
    }

    @Test
    void badValues_areRefused_namingTheVariableTheValueAndTheExpectedForm() {
        Map<Map<String, String>, String> cases = Map.of(
                Map.of(WatchdogConfig.BUCKET, ""), "Missing VAULT_BUCKET",
                Map.of(WatchdogConfig.BUCKET, "Vault_Bucket"), "Invalid VAULT_BUCKET='Vault_Bucket': expected an S3 bucket name",
                Map.of(WatchdogConfig.TOPIC_ARN, "vault-topic"), "Invalid ALARM_TOPIC_ARN='vault-topic': expected an SNS topic ARN",
                Map.of(WatchdogConfig.MAX_EXPORT_AGE_HOURS, "0"), "Invalid MAX_EXPORT_AGE_HOURS='0': expected a whole number of hours",
                Map.of(WatchdogConfig.MAX_EXPORT_AGE_HOURS, "1.5"), "Invalid MAX_EXPORT_AGE_HOURS='1.5'",
                Map.of(WatchdogConfig.EXPECTED_TABLES, ""), "Invalid EXPECTED_TABLES='': expected comma-separated <prefix>/<table>",
                Map.of(WatchdogConfig.EXPECTED_TABLES, "notes"), "Invalid EXPECTED_TABLES='notes'",
                Map.of(WatchdogConfig.EXPECTED_TABLES, "1/notes,1/notes"), "'1/notes' appears twice");
        cases.forEach((override, message) -> {
            Map<String, String> env = env();
            env.putAll(override);
            assertThatThrownBy(() -> WatchdogConfig.fromEnvironment(env)).as(override.toString())
                    .isInstanceOf(ConfigException.class).hasMessageContaining(message);
        });
        Map<String, String> noTopic = env();
        noTopic.remove(WatchdogConfig.TOPIC_ARN);
        assertThatThrownBy(() -> WatchdogConfig.fromEnvironment(noTopic)).hasMessageContaining("Missing ALARM_TOPIC_ARN");
    }
}
