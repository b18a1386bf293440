package dev.notesbackup.backup.guard;

import java.util.ArrayList;
import java.util.List;

/**
 * What the deploy guard decided about one change set.
 *
 * @param stackName     the stack the change set belongs to
 * @param changeSetName the change set that was checked
 * @param stackExists   whether the stack existed with deployed resources (false: the change set creates it)
 * @param allowed       true when nothing in the change set deletes or replaces a table (or may), the identities
 *                      agree and no AWS size limit is exceeded
 * @param reasons       why it was refused, one sentence each (empty when allowed)
 * @param notes         what is worth knowing but no reason to refuse (tables modified in place ...)
 * @param changes       every resource change the change set holds, from every page
 * @param deployed      the project identity the existing stack records ({@link ProjectIdentity#NONE} for a new stack)
 * @param incoming      the project identity of the template and tags being deployed
 */
public record GuardVerdict(
        String stackName,
        String changeSetName,
        boolean stackExists,
        boolean allowed,
        List<String> reasons,
        List<String> notes,
        List<SeenChange> changes,
        ProjectIdentity deployed,
        ProjectIdentity incoming) {

    public GuardVerdict {
        reasons = List.copyOf(reasons);
        notes = List.copyOf(notes);
        changes = List.copyOf(changes);
        if (allowed && !reasons.isEmpty()) {
            throw new IllegalArgumentException("an allowed verdict has no reasons to refuse: " + reasons);
        }
        if (!allowed && reasons.isEmpty()) {
            throw new IllegalArgumentException("a refusal needs at least one reason");
        }
    }

    GuardVerdict withMoreNotes(List<String> more) {
        List<String> all = new ArrayList<>(notes);
        all.addAll(more);
        return new GuardVerdict(stackName, changeSetName, stackExists, allowed, reasons, all, changes, deployed, incoming);
    }

    /** A text for the person about to deploy: the decision, the reasons, then what else was seen. */
    public String explain() {
        StringBuilder text = new StringBuilder();
        text.append(allowed ? "ALLOWED" : "REFUSED").append(": change set ").append(changeSetName)
                .append(" of ").append(stackExists ? "stack " : "new stack ").append(stackName)
                .append(allowed ? " deletes and replaces no table" : " must not be executed").append('\n');
        if (!reasons.isEmpty()) {
            text.append("Why:\n");
            reasons.forEach(r -> text.append("  - ").append(r).append('\n'));
        }
        if (!notes.isEmpty()) {
            text.append("Also:\n");
            notes.forEach(n -> text.append("  - ").append(n).append('\n'));
        }
        text.append("Project identity: ");
        if (stackExists) {
            text.append("stack ").append(deployed.describe()).append("; ");
        }
        text.append("template being deployed ").append(incoming.describe()).append('\n');
        text.append("Changes (").append(changes.size()).append("):");
        if (changes.isEmpty()) {
            text.append(" none");
        }
        text.append('\n');
        changes.forEach(c -> text.append("  ").append(c.describe()).append('\n'));
        return text.toString();
    }
}
