package dev.notesbackup.drill;

/**
 * One disaster and its recovery, staged on moto: it writes through the notes API, brings the
 * disaster about, recovers the way the README's runbook says, and counts what came back.
 */
interface Scenario {
    /** Short name, for {@code --scenario} and the report's first column. */
    String name();

    /** The disaster in a few words, for {@code --list} and the report. */
    String disaster();

    ScenarioResult run(DrillKit kit);
}
