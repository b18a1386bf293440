package dev.notesbackup.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.backup.drill.RestoreDrill;
import dev.notesbackup.backup.vault.ExportCompletion;
import dev.notesbackup.backup.vault.restore.MotoVault;
import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** vault list, restore and drill from the command line, against a vault on moto ({@link MotoVault}: same account, AWS's layout). */
@ExtendWith(MotoExtension.class)
class VaultCliIT {
    static final Instant SLOT = Instant.parse("2026-11-25T03:00:00Z");
    static final String[] VAULT = {"--bucket", MotoVault.BUCKET, "--bucket-owner", MotoVault.ACCOUNT};

    MotoVault vault;
    CliHarness cli;

    @BeforeEach
    void setUp(MotoServer moto) {
        vault = new MotoVault(moto.endpoint());
        vault.createBucket();
        cli = new CliHarness(Map.of(), Clock.fixed(SLOT.plus(Duration.ofHours(2)), ZoneOffset.UTC),
                aws -> LocalAws.dynamoDb(moto.endpoint()),
                aws -> {
                    throw new AssertionError("the vault commands need no CloudFormation");
                },
                aws -> MotoVault.s3(moto.endpoint()));
    }

    @AfterEach
    void tearDown() {
        vault.close();
    }

    int vault(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("vault"));
        all.add(args[0]);
        all.addAll(List.of(VAULT));
        all.addAll(List.of(args).subList(1, args.length));
        return cli.run(all.toArray(String[]::new));
    }

    @Test
    void list_showsEverySlotWithTimeItemsSizeStatusAndLock() {
        vault.plainTable("notes", 4);
        vault.export("notes", SLOT.minus(Duration.ofDays(1)));
        vault.export("notes", SLOT, false);

        assertThat(vault("list", "--prefix", MotoVault.PREFIX, "--table", "notes")).as(cli.err()).isZero();

        List<String> lines = cli.out().lines().toList();
        assertThat(lines).contains("notes (s3://notes-vault/123456789012/notes/): 2 exports");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("SLOT", "EXPORT TIME", "ITEMS", "SIZE", "STATUS", "LOCKED UNTIL"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("  2026-11-24T03:00:00Z  2026-11-24T03:00:05Z")
                .contains(" 4 ", "COMPLETED").containsPattern("COMPLETED\\s+20\\d\\d-"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("  2026-11-25T03:00:00Z").contains("IN_PROGRESS"));

        assertThat(vault("list")).isZero(); // every folder of the bucket
        assertThat(cli.out()).contains("notes (s3://notes-vault/123456789012/notes/): 2 exports");
    }

    @Test
    void list_exitsOne_whenTheVaultHoldsNothingThere() {
        assertThat(vault("list", "--prefix", MotoVault.PREFIX, "--table", "notes")).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.out()).contains("The vault holds no export of table notes under s3://notes-vault/123456789012/.");
    }

    @Test
    void restore_printsProgressAndTheSummary_andExitsZero_whenEverySettingIsBack() {
        vault.plainTable("notes", 6);
        vault.export("notes", SLOT);

        assertThat(vault("restore", "--prefix", MotoVault.PREFIX, "--table", "notes", "--to", "notes-back")).as(cli.err()).isZero();

        assertThat(cli.out()).contains(
                "Chosen: the export of notes for slot 2026-11-25T03:00:00Z (as of 2026-11-25T03:00:05Z, 6 items)",
                "Importing s3://notes-vault/123456789012/notes/20261125T030000Z/AWSDynamoDB/",
                "  import COMPLETED: 6 items",
                "Imported 6 items, as the export recorded.",
                "Restored notes as of 2026-11-25T03:00:05Z (slot 2026-11-25T03:00:00Z) into notes-back: 6 items of 6 exported",
                "  point-in-time recovery: re-applied",
                "  local secondary indexes: not set on the source")
                .doesNotContain("NOT re-applied");
        assertThat(vault.dynamo.scan(r -> r.tableName("notes-back")).count()).isEqualTo(6);
    }

    @Test
    void restore_exitsOne_andSaysWhatToSetByHand_whenASettingCannotComeBack() {
        vault.provisionedTableWithLocalIndex("orders", 2);
        vault.export("orders", SLOT);

        assertThat(vault("restore", "--prefix", MotoVault.PREFIX, "--table", "orders", "--to", "orders-back")).isEqualTo(ExitCodes.FAILED);

        assertThat(cli.out()).contains("  local secondary indexes: NOT re-applied (byTime: ImportTable creates no local indexes",
                "Settings marked NOT re-applied must be set by hand before the table takes traffic.");
    }

    @Test
    void restore_failsWithOneClearLine_whenTableBucketOrTargetIsWrong() {
        vault.plainTable("notes", 2);
        vault.export("notes", SLOT);

        assertThat(vault("restore", "--prefix", MotoVault.PREFIX, "--table", "replies", "--to", "replies-back")).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.err().strip()).startsWith("error: The vault holds no export of table replies under this prefix");

        assertThat(cli.run("vault", "restore", "--bucket", "no-such-vault", "--prefix", MotoVault.PREFIX, "--table", "notes",
                "--to", "notes-back")).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.err().strip()).startsWith("error: The vault bucket no-such-vault does not exist");

        assertThat(vault("restore", "--prefix", MotoVault.PREFIX, "--table", "notes", "--to", "notes")).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.err().strip()).isEqualTo("error: Table notes already exists. A restore from the vault creates a new table:"
                + " choose another --to, or delete or rename the existing table first.");
        assertThat(vault.dynamo.listTables().tableNames()).containsExactly("notes");
    }

    @Test
    void vaultCommands_exit64WithTheReason_whenInputIsBad() {
        assertThat(vault("restore", "--prefix", "p", "--table", "notes")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("Missing required option: '--to=NEW_TABLE'");

        assertThat(vault("restore", "--prefix", "p", "--table", "notes", "--to", "x", "--before", "yesterday")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--before").contains("yesterday");

        assertThat(cli.run("vault", "list", "--bucket", "b", "--bucket-owner", "vault-account")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().strip()).isEqualTo("error: the vault's owner account 'vault-account' is not an AWS account id (12 digits)");

        assertThat(vault("list", "--table", "notes")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("give the vault prefix");
    }

    @Test
    void drill_fromTheVault_passes_andLeavesNoScratchTable() throws Exception {
        vault.notesTable("notes"); // deletion protection on: the restore re-applies it to the scratch table too
        vault.export("notes", SLOT);

        assertThat(vault("drill", "--prefix", MotoVault.PREFIX, "--table", "notes")).as(cli.out() + cli.err()).isZero();

        List<String> lines = cli.out().lines().toList();
        assertThat(lines.get(0)).startsWith("PASSED: 7 items restored from vault:123456789012/notes/20261125T030000Z, 7 sampled");
        JsonNode report = new ObjectMapper().readTree(lines.get(1));
        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("expectedItems").asLong()).isEqualTo(7);
        assertThat(report.get("restoredItems").asLong()).isEqualTo(7);
        assertThat(vault.dynamo.listTables().tableNames()).containsExactly("notes")
                .noneMatch(t -> t.startsWith(RestoreDrill.SCRATCH_PREFIX));
    }

    @Test
    void drill_fromTheVault_fails_whenTheVaultsItemCountDisagrees() {
        vault.plainTable("notes", 5);
        MotoVault.Slot slot = vault.export("notes", SLOT, false);
        vault.writeCompletion("notes", SLOT, new ExportCompletion(ExportCompletion.FORMAT_VERSION, slot.exportArn(), "COMPLETED",
                SLOT, SLOT, SLOT.plusSeconds(60), 6L, 100L, null, null));

        assertThat(vault("drill", "--prefix", MotoVault.PREFIX, "--table", "notes")).isEqualTo(ExitCodes.FAILED);

        assertThat(cli.out()).startsWith("FAILED: RestoreException: Table backup-drill-notes-")
                .contains("holds 5 imported items, but the export recorded 6.");
        assertThat(vault.dynamo.listTables().tableNames()).containsExactly("notes");
    }
}
