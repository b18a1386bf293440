package dev.notesbackup.backup.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.config.ConfigException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VaultTargetTest {
    static final String KEY = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void offByDefault_andEmptyValuesAreUnset_asTheStackPassesItsEmptyParameters() {
        assertThat(VaultTarget.fromEnvironment(env())).isEmpty();
        assertThat(VaultTarget.fromEnvironment(env(VaultTarget.BUCKET, "", VaultTarget.ACCOUNT_ID, " ", VaultTarget.PREFIX, "",
                VaultTarget.KMS_KEY_ARN, ""))).isEmpty();
        assertThat(BackupConfig.fromEnvironment(env(BackupConfig.TABLES, "notes")).vault()).isNull();
    }

    @Test
    void readsEveryVariable_andThePrefixDefaultsToTheAppAccount() {
        VaultTarget full = VaultTarget.fromEnvironment(env(VaultTarget.BUCKET, "notes-vault", VaultTarget.ACCOUNT_ID, "222222222222",
                VaultTarget.PREFIX, "team-a/app", VaultTarget.KMS_KEY_ARN, KEY)).orElseThrow();
        VaultTarget plain = VaultTarget.fromEnvironment(env(VaultTarget.BUCKET, " notes-vault ", VaultTarget.ACCOUNT_ID, "222222222222"))
                .orElseThrow();

        assertThat(full).isEqualTo(new VaultTarget("notes-vault", "222222222222", "team-a/app", KEY));
        assertThat(full.prefixFor("123456789012")).isEqualTo("team-a/app");
        assertThat(plain).isEqualTo(new VaultTarget("notes-vault", "222222222222", null, null));
        assertThat(plain.prefixFor("123456789012")).isEqualTo("123456789012");
        assertThat(plain.kmsKey()).isEmpty();
        assertThat(BackupConfig.fromEnvironment(env(BackupConfig.TABLES, "notes", VaultTarget.BUCKET, "notes-vault",
                VaultTarget.ACCOUNT_ID, "222222222222")).vaultTarget()).contains(plain);
    }

    @Test
    void allOrNothing_aBucketNeedsItsAccount_andNoOtherVariableWithoutABucket() {
        assertThatThrownBy(() -> VaultTarget.fromEnvironment(env(VaultTarget.BUCKET, "notes-vault")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Missing VAULT_ACCOUNT_ID: VAULT_BUCKET='notes-vault' is set, so expected the vault account's id, 12 digits");
        for (String other : new String[] {VaultTarget.ACCOUNT_ID, VaultTarget.PREFIX, VaultTarget.KMS_KEY_ARN}) {
            assertThatThrownBy(() -> VaultTarget.fromEnvironment(env(other, "x")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(other + "='x' is set but VAULT_BUCKET is not: the vault is configured with VAULT_BUCKET and"
                            + " VAULT_ACCOUNT_ID");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "VAULT_BUCKET|Notes_Vault|an S3 bucket name",
            "VAULT_BUCKET|ab|an S3 bucket name",
            "VAULT_BUCKET|-vault|an S3 bucket name",
            "VAULT_ACCOUNT_ID|22222222222|the vault account's id, 12 digits",
            "VAULT_ACCOUNT_ID|22222222222a|the vault account's id, 12 digits",
            "VAULT_PREFIX|/team|folders separated by '/'",
            "VAULT_PREFIX|team//app|folders separated by '/'",
            "VAULT_PREFIX|team/|folders separated by '/'",
            "VAULT_PREFIX|team app|folders separated by '/'",
            "VAULT_KMS_KEY_ARN|alias/vault|a KMS key ARN",
            "VAULT_KMS_KEY_ARN|arn:aws:kms:us-east-1:2222:key/x|a KMS key ARN"})
    void badValues_areRefused_namingTheVariableTheValueAndTheExpectedForm(String variable, String value, String expected) {
        Map<String, String> env = env(VaultTarget.BUCKET, "notes-vault", VaultTarget.ACCOUNT_ID, "222222222222");
        env.put(variable, value);

        assertThatThrownBy(() -> VaultTarget.fromEnvironment(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid " + variable + "='" + value + "': expected ")
                .hasMessageContaining(expected);
    }

    @Test
    void aPrefixLongerThan200Characters_isRefused() {
        assertThatThrownBy(() -> new VaultTarget("notes-vault", "222222222222", "a".repeat(201), null))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("Invalid VAULT_PREFIX='aaaa");
        assertThat(new VaultTarget("notes-vault", "222222222222", "a".repeat(200), null).prefix()).hasSize(200);
    }
}
