package dev.notesbackup.drill;

import dev.notesbackup.backup.aws.Tables;
import dev.notesbackup.backup.cfn.TableAdoption;
import dev.notesbackup.backup.lambda.BackupRunFailedException;
import dev.notesbackup.backup.restore.RestoreService;
import dev.notesbackup.backup.run.RunReport;
import dev.notesbackup.backup.run.TableReport;
import dev.notesbackup.backup.run.TableStatus;
import dev.notesbackup.notes.cli.NotesToolsProcess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table deleted by hand (deletion protection turned off first) while point-in-time recovery is
 * on. The next scheduled run reports it MISSING and deletes none of its backups. Recovery by the
 * runbook: {@code restore --latest} into its own name, which takes the newest backup of any type
 * and says why (on AWS, the SYSTEM backup {@code <table>$DeletedTableBackup} DynamoDB keeps for 35
 * days, newer than any scheduled one), then the log since that backup replayed. Restored under its
 * own name, the table is held by its stack again: {@code adopt} finds nothing to import.
 *
 * <p>moto keeps no {@code $DeletedTableBackup}, so here the newest backup is the scheduled one and
 * the log fills the gap; the SYSTEM-backup path is proven on the in-memory fake (backup-service's
 * DeletedTableRecoveryTest), which makes that backup on DeleteTable as AWS documents.
 */
final class DeletedByHandScenario implements Scenario {
    static final String STACK = "quarantine-notes-byhand";
    static final String LOGICAL_ID = "RepliesTable";

    @Override
    public String name() {
        return "deleted-by-hand";
    }

    @Override
    public String disaster() {
        return "a table deleted by hand (its deletion protection turned off) with point-in-time recovery on";
    }

    @Override
    public ScenarioResult run(DrillKit kit) {
        kit.say("== " + name() + ": " + disaster());
        Map<String, String> tables = kit.deploy(STACK, DrillKit.tablesOf(kit.notesTemplate(), true));
        kit.enablePointInTimeRecovery(tables);
        String replies = tables.get("RepliesTableName");
        List<String> failures = new ArrayList<>();
        DrillKit.Accepted accepted;
        try (NotesToolsProcess.Serving api = kit.serve(tables, name())) {
            accepted = kit.writeBackUpAndWriteMore(new NotesClient(api.baseUri()), tables);
        }

        kit.say("  the disaster: someone turns deletion protection off and deletes " + replies + " by hand");
        kit.dynamo().updateTable(r -> r.tableName(replies).deletionProtectionEnabled(false));
        kit.dynamo().deleteTable(r -> r.tableName(replies));
        RunReport next;
        try {
            next = kit.scheduledBackup(tables, Instant.now().plusSeconds(1), Map.of());
            failures.add("the run with a table missing did not fail its invocation (the error alarm would not see it)");
        } catch (BackupRunFailedException e) {
            next = e.report();
        }
        TableReport missing = next.tables().stream().filter(t -> t.table().equals(replies)).findFirst().orElse(null);
        kit.say("  the next scheduled run: " + next.summary());
        if (missing == null || missing.status() != TableStatus.MISSING || !missing.deleted().isEmpty()) {
            failures.add("the next run did not report " + replies + " MISSING with nothing deleted: " + missing);
        } else {
            kit.say("    " + replies + ": MISSING - " + missing.error());
        }

        kit.say("  recovering: restore --latest into its own name, then replay the log since that backup");
        Instant started = Instant.now();
        RestoreService restore = new RestoreService(kit.dynamo(), Clock.systemUTC(), Duration.ofMillis(200), Duration.ofMinutes(5));
        RestoreService.Choice choice = restore.chooseLatest(replies);
        kit.say("    " + choice.reason());
        restore.restore(choice.backup().arn(), replies, true, line -> kit.say("    " + line));
        long restored = kit.itemCount(List.of(replies));
        DrillKit.Replayed replay = kit.replay(kit.wal(name()), choice.backup().created().minus(Duration.ofMinutes(1)));
        Duration took = Duration.between(started, Instant.now());
        kit.say("  " + replay.summary());
        if (replay.rejected() > 0) {
            failures.add("replay rejected " + replay.rejected() + " log lines");
        }
        if (!Tables.exists(kit.dynamo(), replies)) {
            failures.add("the table was not restored");
        }
        TableAdoption.Outcome adoption = new TableAdoption(kit.cfn(), kit.dynamo()).prepare(STACK, LOGICAL_ID, replies, Optional.empty());
        kit.say("  adopt: " + (adoption instanceof TableAdoption.AlreadyInStack held ? held.message() : "an import was prepared"));
        if (!(adoption instanceof TableAdoption.AlreadyInStack)) {
            failures.add("restored under its own name, the table should be held by its stack again: " + adoption);
        }
        DrillKit.Comparison comparison = kit.compareThroughApi(tables, accepted, name() + "-check");
        kit.say("  compared with what the API accepted: lost " + comparison.lost() + ", altered " + comparison.altered()
                + ", duplicated " + comparison.duplicated());
        return new ScenarioResult(name(), "reported MISSING, nothing deleted; restore --latest + log; stack holds it again",
                accepted.size(), restored, 0, 0, replay.written(), comparison.lost(), comparison.duplicated(), comparison.altered(),
                took, failures);
    }
}
