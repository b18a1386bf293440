package dev.notesbackup.drill;

import dev.notesbackup.backup.guard.GuardVerdict;
import dev.notesbackup.notes.cli.NotesToolsProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;

/**
 * The seed's accident against the notes stack as shipped (Retain, deletion protection): another
 * project's template deployed under its name. The deploy guard refuses the change set; executed
 * anyway, CloudFormation refuses the update and every table and item is still there.
 */
final class GuardedDeployScenario implements Scenario {
    static final String STACK = "quarantine-notes";

    @Override
    public String name() {
        return "guarded-deploy";
    }

    @Override
    public String disaster() {
        return "another project's template deployed under the protected notes stack's name";
    }

    @Override
    public ScenarioResult run(DrillKit kit) {
        kit.say("== " + name() + ": " + disaster());
        Map<String, String> tables = kit.deploy(STACK, DrillKit.tablesOf(kit.notesTemplate(), true));
        tables.values().forEach(table -> kit.dynamo().updateContinuousBackups(r -> r.tableName(table)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true))));
        DrillKit.Accepted accepted;
        try (NotesToolsProcess.Serving api = kit.serve(tables, name())) {
            accepted = kit.writeNotes(new NotesClient(api.baseUri()), kit.volume().notes(), kit.volume().repliesEach());
        }
        var before = kit.snapshot(tables.values());
        kit.say("  wrote " + accepted.size() + " notes and replies through the API into " + tables.values());

        List<String> failures = new ArrayList<>();
        GuardVerdict verdict = kit.guard().checkTemplate(STACK, DrillKit.resource("/other-project.yaml"), Map.of(), true);
        kit.say("  guard: " + (verdict.allowed() ? "ALLOWED" : "REFUSED")
                + verdict.reasons().stream().map(r -> "\n    - " + r).collect(Collectors.joining()));
        if (verdict.allowed()) {
            failures.add("the guard allowed another project's template");
        } else if (verdict.reasons().stream().noneMatch(r -> r.contains("would DELETE table"))) {
            failures.add("the guard refused without naming the tables the change set would delete: " + verdict.reasons());
        }
        String outcome;
        try {
            kit.cfn().executeChangeSet(r -> r.stackName(STACK).changeSetName(verdict.changeSetName()));
            String status = kit.awaitSettled(STACK);
            outcome = "the stack update ended " + status;
            if (status.equals("UPDATE_COMPLETE")) {
                failures.add("the forced update went through");
            }
        } catch (CloudFormationException e) {
            outcome = "CloudFormation refused the update: " + DrillKit.errorText(e);
            if (!outcome.contains("DeletionProtectionEnabled")) {
                failures.add("refused, but not for the deletion protection: " + outcome);
            }
        }
        kit.say("  executed anyway: " + outcome);
        if (!before.equals(kit.snapshot(tables.values()))) {
            failures.add("the tables changed");
        }
        DrillKit.Comparison comparison = kit.compareThroughApi(tables, accepted, name() + "-check");
        kit.say("  compared with what the API accepted: lost " + comparison.lost() + ", altered " + comparison.altered()
                + ", duplicated " + comparison.duplicated());
        return new ScenarioResult(name(), "guard refused; forced update failed; nothing to recover", accepted.size(),
                0, 0, 0, 0, comparison.lost(), comparison.duplicated(), comparison.altered(), null, failures);
    }
}
