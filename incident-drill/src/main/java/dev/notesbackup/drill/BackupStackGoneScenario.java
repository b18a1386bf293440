package dev.notesbackup.drill;

import dev.notesbackup.backup.run.RunReport;
import dev.notesbackup.backup.vault.VaultTarget;
import dev.notesbackup.backup.vault.watchdog.TableAge;
import dev.notesbackup.backup.vault.watchdog.VaultWatchdog;
import dev.notesbackup.backup.vault.watchdog.WatchdogConfig;
import dev.notesbackup.backup.vault.watchdog.WatchdogReport;
import dev.notesbackup.notes.cli.NotesToolsProcess;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoAccounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The backup stack deleted (or its schedule disabled): no run happens any more. The backups stay
 * (they are not stack resources), and the absence of runs is noticed from OUTSIDE the app account:
 * the vault's watchdog, in the vault account, finds every table's newest export too old and alarms.
 * Redeploying resumes: the next run backs up and exports every table once, deletes nothing that was
 * there, and a redelivered event makes no duplicate.
 *
 * <p>On moto: the vault bucket and the watchdog's topic live in a second account (STS credentials,
 * {@link MotoAccounts}); the export writes into it across accounts as DynamoDB does with
 * S3BucketOwner. Time passing without runs is the watchdog's clock moved on by a day and more.
 */
final class BackupStackGoneScenario implements Scenario {
    static final String STACK = "quarantine-notes-stackless";
    static final String VAULT_ACCOUNT = "222222222222";
    static final String VAULT_BUCKET = "notes-vault-stackless";
    /** moto's default account: the app's, whose id is its folder in the vault. */
    static final String APP_ACCOUNT = "123456789012";

    @Override
    public String name() {
        return "backup-stack-gone";
    }

    @Override
    public String disaster() {
        return "the backup stack is deleted (or its schedule disabled): no more runs";
    }

    @Override
    public ScenarioResult run(DrillKit kit) {
        kit.say("== " + name() + ": " + disaster());
        Map<String, String> tables = kit.deploy(STACK, DrillKit.tablesOf(kit.notesTemplate(), true));
        kit.enablePointInTimeRecovery(tables);
        MotoAccounts.createVaultBucket(kit.endpoint(), VAULT_ACCOUNT, VAULT_BUCKET);
        Map<String, String> vault = Map.of(VaultTarget.BUCKET, VAULT_BUCKET, VaultTarget.ACCOUNT_ID, VAULT_ACCOUNT);
        List<String> failures = new ArrayList<>();

        DrillKit.Accepted accepted = new DrillKit.Accepted();
        Instant firstSlot = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (NotesToolsProcess.Serving api = kit.serve(tables, name())) {
            NotesClient client = new NotesClient(api.baseUri());
            accepted.add(kit.writeNotes(client, kit.volume().notes(), kit.volume().repliesEach()));
            kit.say("  wrote " + accepted.size() + " notes and replies; the scheduled run backs up and exports to the vault");
            kit.say("  " + kit.scheduledBackup(tables, firstSlot, vault).summary());
            try (S3Client vaultS3 = MotoAccounts.s3As(kit.endpoint(), VAULT_ACCOUNT); SnsClient sns = snsAs(kit, VAULT_ACCOUNT)) {
                // the run after it (here the same slot redelivered) writes the export's completion into the vault
                kit.runUntilExportsComplete(tables, firstSlot, vault, vaultS3, VAULT_BUCKET, APP_ACCOUNT);
                Set<String> backupsBefore = backupNames(kit);
                String topic = sns.createTopic(r -> r.name("notes-vault-alarms")).topicArn();
                WatchdogConfig config = new WatchdogConfig(VAULT_BUCKET, topic,
                        Duration.ofHours(WatchdogConfig.DEFAULT_MAX_EXPORT_AGE_HOURS), Set.of());
                WatchdogReport fresh = watchdog(vaultS3, sns, config, Instant.now().plus(Duration.ofHours(1)));
                kit.say("  watchdog an hour later: " + fresh.stale().size() + " stale of " + fresh.tables().size() + " tables");
                if (fresh.tables().size() != tables.size() || !fresh.stale().isEmpty()) {
                    failures.add("the watchdog did not see every table fresh after the run: " + fresh.message());
                }

                kit.say("  the disaster: the backup stack is deleted; no run for 31 hours; the notes API keeps taking writes");
                DrillKit.Accepted gap = kit.writeNotes(client, kit.volume().notesAfterBackup(), kit.volume().repliesEachAfterBackup());
                accepted.add(gap);
                WatchdogReport stale = watchdog(vaultS3, sns, config, Instant.now().plus(Duration.ofHours(31)));
                kit.say("  watchdog, in the vault account, 31 hours on: " + stale.subject());
                stale.stale().stream().map(TableAge::toString).forEach(t -> kit.say("    " + t));
                if (stale.stale().size() != tables.size()) {
                    failures.add("the watchdog did not alarm for every table after 31 hours without a run: " + stale.message());
                }

                kit.say("  recovering: the backup stack redeployed; its next scheduled run, then that event redelivered");
                Instant redeployed = Instant.now();
                Instant nextSlot = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
                RunReport resumed = kit.scheduledBackup(tables, nextSlot, vault);
                RunReport redelivered = kit.scheduledBackup(tables, nextSlot, vault);
                kit.runUntilExportsComplete(tables, nextSlot, vault, vaultS3, VAULT_BUCKET, APP_ACCOUNT);
                Duration took = Duration.between(redeployed, Instant.now());
                kit.say("  " + resumed.summary());
                kit.say("  redelivered: " + redelivered.summary());
                Set<String> backupsAfter = backupNames(kit);
                if (!backupsAfter.containsAll(backupsBefore)) {
                    Set<String> gone = new HashSet<>(backupsBefore);
                    gone.removeAll(backupsAfter);
                    failures.add("the resumed run deleted backups that were there: " + gone);
                }
                if (backupsAfter.size() != backupsBefore.size() + tables.size()) {
                    failures.add("expected one new backup per table, found " + (backupsAfter.size() - backupsBefore.size()));
                }
                if (resumed.tables().stream().anyMatch(t -> t.status().isFailure())
                        || redelivered.tables().stream().anyMatch(t -> t.created() != null)) {
                    failures.add("the resumed run failed a table, or its redelivery made a second backup");
                }
                WatchdogReport after = watchdog(vaultS3, sns, config, Instant.now().plus(Duration.ofHours(1)));
                kit.say("  watchdog after the redeploy: " + after.stale().size() + " stale");
                if (!after.stale().isEmpty()) {
                    failures.add("the watchdog still alarms after the redeploy: " + after.message());
                }
                DrillKit.Comparison comparison = DrillKit.compare(accepted, client);
                kit.say("  compared with what the API accepted: lost " + comparison.lost() + ", altered " + comparison.altered()
                        + ", duplicated " + comparison.duplicated());
                return new ScenarioResult(name(), "watchdog alarmed from the vault account; redeploy resumed, nothing deleted",
                        accepted.size(), 0, 0, 0, 0, comparison.lost(), comparison.duplicated(), comparison.altered(), took, failures);
            }
        }
    }

    /** The watchdog's check at {@code at}, as its scheduled function in the vault account makes it. */
    private static WatchdogReport watchdog(S3Client s3, SnsClient sns, WatchdogConfig config, Instant at) {
        return new VaultWatchdog(s3, sns, Clock.fixed(at, ZoneOffset.UTC), config, line -> { }).check();
    }

    private static Set<String> backupNames(DrillKit kit) {
        Set<String> names = new HashSet<>();
        kit.dynamo().listBackups(r -> r.backupType(BackupTypeFilter.ALL)).backupSummaries().stream()
                .map(BackupSummary::backupName).forEach(names::add);
        return names;
    }

    private static SnsClient snsAs(DrillKit kit, String account) {
        return SnsClient.builder()
                .region(LocalAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(MotoAccounts.assumeRole(kit.endpoint(), account)))
                .endpointOverride(kit.endpoint())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(LocalAws.standardRetries())
                .build();
    }
}
