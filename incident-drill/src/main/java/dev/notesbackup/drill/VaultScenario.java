package dev.notesbackup.drill;

import dev.notesbackup.backup.aws.Tables;
import dev.notesbackup.backup.restore.RestoreService;
import dev.notesbackup.backup.vault.VaultTarget;
import dev.notesbackup.backup.vault.restore.MotoVault;
import dev.notesbackup.backup.vault.restore.VaultRestore;
import dev.notesbackup.notes.cli.NotesToolsProcess;
import dev.notesbackup.testsupport.UnicodeTexts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;

/**
 * Every copy in the account gone: an attacker with the app account's admin rights turns deletion
 * protection off, deletes the tables (point-in-time recovery goes with them) and every on-demand
 * backup, and the log group's recent events are out of reach. What is left is the vault, in
 * another account, and the write-ahead log the operator kept. Recovery by the runbook: each table
 * restored from its newest vault export with {@code ImportTable} (rebuilt from the restore
 * manifest), then the log since the export replayed.
 *
 * <p>On moto, the vault bucket lives in the app's own account: moto's ImportTable ignores
 * S3BucketOwner and reads only the caller's buckets (the cross-account write and read are proven by
 * the IAM evaluation of the vault's bucket policy; the backup-stack-gone scenario exports across
 * accounts). The export is the backup run's own, laid out as AWS leaves it ({@link MotoVault}: moto
 * writes it under an id that is not its ARN's, escapes non-ASCII and writes no manifest files). And
 * moto's ImportTable cannot read JSON escapes, so this scenario's notes carry no quote, backslash or
 * control character (every other character of the drill's texts, emoji and other scripts included).
 */
final class VaultScenario implements Scenario {
    static final String STACK = "quarantine-notes-vault";

    @Override
    public String name() {
        return "vault";
    }

    @Override
    public String disaster() {
        return "an attacker with the app account's admin rights deletes the tables and every backup in it";
    }

    @Override
    public ScenarioResult run(DrillKit kit) {
        kit.say("== " + name() + ": " + disaster());
        Map<String, String> tables = kit.deploy(STACK, DrillKit.tablesOf(kit.notesTemplate(), true));
        kit.enablePointInTimeRecovery(tables);
        List<String> failures = new ArrayList<>();
        List<String> texts = UnicodeTexts.samples().stream()
                .filter(t -> t.chars().noneMatch(c -> c == '"' || c == '\\' || c < 0x20)).toList();
        try (MotoVault vault = new MotoVault(kit.endpoint())) {
            vault.createBucket();
            Map<String, String> vaultEnv = Map.of(VaultTarget.BUCKET, MotoVault.BUCKET, VaultTarget.ACCOUNT_ID, MotoVault.ACCOUNT);
            DrillKit.Accepted accepted = new DrillKit.Accepted();
            Instant slot = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            try (NotesToolsProcess.Serving api = kit.serve(tables, name())) {
                NotesClient client = new NotesClient(api.baseUri());
                accepted.add(kit.writeBackUpAndWriteMore(client, tables, slot, vaultEnv, texts));
                // the next run (here the slot redelivered) sees the export ended and writes its completion
                kit.runUntilExportsComplete(tables, slot, vaultEnv, vault.s3, MotoVault.BUCKET, MotoVault.PREFIX);
            }
            for (String table : tables.values()) {
                vault.layOutAsAws(table, slot);
            }

            kit.say("  the disaster: deletion protection off, the tables deleted, every backup of ours deleted; the log group out of reach");
            int backupsDeleted = 0;
            for (String table : tables.values()) {
                kit.dynamo().updateTable(r -> r.tableName(table).deletionProtectionEnabled(false));
                kit.dynamo().deleteTable(r -> r.tableName(table));
                for (BackupSummary backup : kit.dynamo().listBackups(r -> r.tableName(table).backupType(BackupTypeFilter.ALL))
                        .backupSummaries()) {
                    kit.dynamo().deleteBackup(r -> r.backupArn(backup.backupArn()));
                    backupsDeleted++;
                }
            }
            kit.say("  deleted both tables and " + backupsDeleted + " backups");
            if (tables.values().stream().anyMatch(t -> Tables.exists(kit.dynamo(), t))) {
                failures.add("a table survived the attack");
            }
            RestoreService backups = new RestoreService(kit.dynamo(), Clock.systemUTC(), Duration.ofMillis(200), Duration.ofMinutes(5));
            for (String table : tables.values()) {
                try {
                    backups.chooseLatest(table);
                    failures.add("a backup of " + table + " survived the attack");
                } catch (RuntimeException expected) {
                    kit.say("  restore --latest " + table + ": " + expected.getMessage());
                }
            }

            kit.say("  recovering: each table from its newest vault export (ImportTable), then the kept log since the export");
            Instant started = Instant.now();
            VaultRestore restore = new VaultRestore(vault.s3, kit.dynamo(), Clock.systemUTC(), Duration.ofMillis(200), Duration.ofMinutes(5));
            long imported = 0;
            Instant oldestExport = Instant.MAX;
            for (String table : tables.values()) {
                VaultRestore.Result result = restore.restore(vault.location(), table, Optional.empty(), table,
                        VaultRestore.Encryption.AS_MANIFEST, line -> kit.say("    " + line));
                result.summary().forEach(line -> kit.say("    " + line));
                imported += result.importedItems();
                oldestExport = result.exportTime().isBefore(oldestExport) ? result.exportTime() : oldestExport;
                if (result.expectedItems() == null || result.importedItems() != result.expectedItems()) {
                    failures.add("imported " + result.importedItems() + " items of " + table + ", the export had " + result.expectedItems());
                }
            }
            DrillKit.Replayed replay = kit.replay(kit.wal(name()), oldestExport.minus(Duration.ofMinutes(1)));
            Duration took = Duration.between(started, Instant.now());
            kit.say("  " + replay.summary());
            if (replay.rejected() > 0) {
                failures.add("replay rejected " + replay.rejected() + " log lines");
            }
            DrillKit.Comparison comparison = kit.compareThroughApi(tables, accepted, name() + "-check");
            kit.say("  compared with what the API accepted: lost " + comparison.lost() + ", altered " + comparison.altered()
                    + ", duplicated " + comparison.duplicated());
            return new ScenarioResult(name(), "tables and backups deleted; ImportTable from the vault, replay the kept log",
                    accepted.size(), 0, 0, imported, replay.written(), comparison.lost(), comparison.duplicated(),
                    comparison.altered(), took, failures);
        }
    }
}
