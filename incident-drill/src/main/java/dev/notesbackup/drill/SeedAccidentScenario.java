package dev.notesbackup.drill;

import dev.notesbackup.backup.aws.Tables;
import dev.notesbackup.backup.guard.GuardVerdict;
import dev.notesbackup.backup.policy.BackupInfo;
import dev.notesbackup.backup.restore.RestoreService;
import dev.notesbackup.notes.cli.NotesToolsProcess;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The accident that started this project, in its original situation: the notes tables without
 * Retain and deletion protection. Notes are written, the scheduled backup runs, more notes are
 * written, and another project's template under the stack's name deletes the tables. Recovery by
 * the runbook: each table restored from its newest backup under its own name, then the
 * write-ahead log since that backup replayed.
 */
final class SeedAccidentScenario implements Scenario {
    static final String STACK = "quarantine-notes-unprotected";

    @Override
    public String name() {
        return "seed-accident";
    }

    @Override
    public String disaster() {
        return "a deploy under a reused stack name deletes the unprotected tables";
    }

    @Override
    public ScenarioResult run(DrillKit kit) {
        kit.say("== " + name() + ": " + disaster());
        Map<String, String> tables = kit.deploy(STACK, DrillKit.tablesOf(kit.notesTemplate(), false));
        DrillKit.Accepted accepted;
        try (NotesToolsProcess.Serving api = kit.serve(tables, name())) {
            accepted = kit.writeBackUpAndWriteMore(new NotesClient(api.baseUri()), tables);
        }
        Path wal = kit.wal(name());
        kit.say("  serve stopped; its standard output is the write-ahead log: " + wal);

        List<String> failures = new ArrayList<>();
        GuardVerdict verdict = kit.guard().checkTemplate(STACK, DrillKit.resource("/other-project.yaml"), Map.of(), true);
        kit.say("  the accident: another project's template under " + STACK + "; guard: "
                + (verdict.allowed() ? "ALLOWED" : "REFUSED") + " - and executed all the same");
        if (verdict.allowed()) {
            failures.add("the guard would have allowed the accident");
        }
        kit.cfn().executeChangeSet(r -> r.stackName(STACK).changeSetName(verdict.changeSetName()));
        kit.say("  stack update: " + kit.awaitSettled(STACK));
        if (tables.values().stream().anyMatch(table -> Tables.exists(kit.dynamo(), table))) {
            failures.add("the accident did not delete the tables");
        }

        kit.say("  recovering: restore each table from its newest backup under its own name, then replay the log");
        Instant recoveryStarted = Instant.now();
        RestoreService restore = new RestoreService(kit.dynamo(), Clock.systemUTC(), Duration.ofMillis(200), Duration.ofMinutes(5));
        Instant oldestBackup = Instant.MAX;
        for (String table : tables.values()) {
            BackupInfo latest = restore.latestBackup(table);
            restore.restore(latest.arn(), table, true, line -> kit.say("    " + line));
            kit.say("    " + table + " <- " + latest.name());
            oldestBackup = latest.created().isBefore(oldestBackup) ? latest.created() : oldestBackup;
        }
        long restoredItems = kit.itemCount(tables.values());
        // the log since the backup began, with a minute's margin for clocks (the runbook's step 4); replay is idempotent
        DrillKit.Replayed replay = kit.replay(wal, oldestBackup.minus(Duration.ofMinutes(1)));
        Duration took = Duration.between(recoveryStarted, Instant.now());
        kit.say("  " + replay.summary());
        if (replay.rejected() > 0) {
            failures.add("replay rejected " + replay.rejected() + " log lines");
        }
        DrillKit.Comparison comparison = kit.compareThroughApi(tables, accepted, name() + "-check");
        kit.say("  compared with what was posted and what the API accepted: lost " + comparison.lost() + ", altered "
                + comparison.altered() + ", duplicated " + comparison.duplicated());
        return new ScenarioResult(name(), "restore newest backups, replay the log since", accepted.size(), restoredItems, 0, 0,
                replay.written(), comparison.lost(), comparison.duplicated(), comparison.altered(), took, failures);
    }
}
