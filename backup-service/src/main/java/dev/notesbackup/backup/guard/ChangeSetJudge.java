package dev.notesbackup.backup.guard;

import static dev.notesbackup.backup.guard.DeployGuard.IDENTITY_TAG;
import static dev.notesbackup.backup.guard.DeployGuard.NESTED_STACK_TYPES;
import static dev.notesbackup.backup.cfn.StackOwnership.TABLE_TYPES;

import dev.notesbackup.backup.cfn.CloudFormationTemplate;
import dev.notesbackup.backup.cfn.Stacks;
import dev.notesbackup.backup.guard.ChangeSetFacts.Template;
import dev.notesbackup.backup.guard.DeployGuard.UnreportedReplacement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * The deploy guard's decision, a pure function of what was read ({@link ChangeSetFacts}): no
 * client, no clock. The rules are those of {@link DeployGuard}: a table or nested stack removed,
 * replaced (or maybe replaced), changed by a Dynamic action or by a Modify whose Replacement is not
 * reported is a reason to refuse; so are the two sides' identities differing, a side whose tag
 * {@code project} disagrees with its own Metadata.ProjectIdentity, a FAILED change set that holds
 * changes, and exceeded AWS size limits ({@link DeployLimits}).
 */
public final class ChangeSetJudge {
    private static final List<String> NO_CHANGES_REASONS = List.of(
            "didn't contain changes", "No updates are to be performed");

    private final UnreportedReplacement unreportedReplacement;

    public ChangeSetJudge(UnreportedReplacement unreportedReplacement) {
        this.unreportedReplacement = Objects.requireNonNull(unreportedReplacement, "unreportedReplacement");
    }

    /** True for CloudFormation's ways of saying that a template changes nothing (a FAILED change set, or a refused one). */
    static boolean saysNoChanges(String message) {
        return message != null && NO_CHANGES_REASONS.stream().anyMatch(message::contains);
    }

    public GuardVerdict judge(ChangeSetFacts facts) {
        String stackName = facts.stackName();
        Optional<Stack> deployed = facts.deployed().map(ChangeSetFacts.Deployed::stack);
        List<String> reasons = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (facts.status() == ChangeSetStatus.FAILED) {
            String why = facts.statusReason() == null ? "no reason given" : facts.statusReason();
            if (saysNoChanges(why)) {
                notes.add("the change set holds no changes (CloudFormation: " + why + ")");
            } else {
                reasons.add("change set " + facts.changeSetName() + " FAILED, so CloudFormation cannot execute it: " + why);
            }
        }
        notes.addAll(facts.readingNotes());
        for (SeenChange change : facts.changes()) {
            judgeChange(stackName, change, reasons, notes);
        }
        checkLimits(facts, reasons, notes);

        int problemsBefore = reasons.size() + notes.size();
        ProjectIdentity deployedIdentity = ProjectIdentity.NONE;
        if (facts.deployed().isPresent()) {
            Optional<String> metadata = identityOf("stack " + stackName + "'s deployed template",
                    facts.deployed().get().template(), reasons);
            deployedIdentity = new ProjectIdentity(metadata.orElse(null), Stacks.tag(deployed.get(), IDENTITY_TAG).orElse(null));
        }
        List<String> identityProblems = deployed.isPresent() ? reasons : notes;
        Optional<String> incomingMetadata = identityOf("the template being deployed", facts.incoming().template(), identityProblems);
        // a deploy without tags leaves the stack's tags as they are
        String incomingTag = facts.incoming().tags().isEmpty() ? deployedIdentity.tag() : facts.incoming().tags().get(IDENTITY_TAG);
        ProjectIdentity incomingIdentity = new ProjectIdentity(incomingMetadata.orElse(null), incomingTag);
        if (reasons.size() + notes.size() == problemsBefore) {
            // a template that could not be read has an unknown identity, not none: its reason (or note) says so
            judgeIdentities(stackName, deployed, deployedIdentity, incomingIdentity, reasons);
        }
        return new GuardVerdict(stackName, facts.changeSetName(), deployed.isPresent(), reasons.isEmpty(), reasons, notes,
                facts.changes(), deployedIdentity, incomingIdentity);
    }

    private static void judgeIdentities(String stackName, Optional<Stack> deployed, ProjectIdentity deployedIdentity,
                                        ProjectIdentity incomingIdentity, List<String> reasons) {
        if (deployed.isPresent() && !deployedIdentity.isConsistent()) {
            reasons.add(deployedTagDisagrees(deployed.get(), deployedIdentity));
        }
        // the deploy's own tag is judged where it sets one; the stack's tag kept as it is was judged above
        boolean setsItsOwnTag = deployed.isEmpty() || !Objects.equals(incomingIdentity.tag(), deployedIdentity.tag());
        if (setsItsOwnTag && !incomingIdentity.isConsistent()) {
            reasons.add(incomingTagDisagrees(stackName, incomingIdentity));
        }
        if (deployed.isPresent() && deployedIdentity.conflictsWith(incomingIdentity)) {
            reasons.add(identityMismatch(stackName, deployedIdentity, incomingIdentity));
        }
    }

    /** The AWS size limits (role policies, function environment, parameter values) for what is being deployed. */
    private static void checkLimits(ChangeSetFacts facts, List<String> reasons, List<String> notes) {
        String body = facts.incoming().template().body();
        if (body == null) {
            return; // the identity check says why the template could not be read
        }
        CloudFormationTemplate template;
        try {
            template = CloudFormationTemplate.parse(body);
        } catch (IllegalArgumentException e) {
            return; // the identity check parses the same template and says why it cannot
        }
        DeployLimits.Findings findings = DeployLimits.check(template.document(), facts.incoming().parameters(),
                DeployLimits.Stack.of(facts.stackName(), facts.stackArn()));
        reasons.addAll(findings.reasons());
        notes.addAll(findings.notes());
    }

    private static Optional<String> identityOf(String what, Template template, List<String> problems) {
        if (template.unreadable() != null) {
            problems.add("could not read " + what + " to find its project identity: " + template.unreadable());
            return Optional.empty();
        }
        try {
            return CloudFormationTemplate.parse(template.body()).projectIdentity();
        } catch (IllegalArgumentException e) {
            problems.add("could not read the project identity of " + what + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private void judgeChange(String stackName, SeenChange change, List<String> reasons, List<String> notes) {
        boolean table = TABLE_TYPES.contains(change.resourceType());
        boolean nested = NESTED_STACK_TYPES.contains(change.resourceType());
        if (!table && !nested) {
            return;
        }
        String what = table ? tableName(change) : "nested stack " + name(change);
        String action = change.action() == null ? "" : change.action();
        switch (action) {
            case "Remove" -> {
                if ("Retain".equals(change.policyAction())) {
                    reasons.add("would remove " + what + " from stack " + stackName + ": its DeletionPolicy Retain keeps"
                            + " it, but no stack manages or protects it any more");
                } else {
                    reasons.add("would DELETE " + what + (table ? " with all its items" : " and every resource in it,"
                            + " tables included") + ": the change set removes it from stack " + stackName);
                }
            }
            case "Modify" -> {
                String replacement = change.replacement();
                if ("True".equals(replacement)) {
                    reasons.add("would REPLACE " + what + ": CloudFormation creates a new, empty one and "
                            + ("ReplaceAndRetain".equals(change.policyAction())
                                    ? "leaves the old one outside the stack (UpdateReplacePolicy Retain)"
                                    : "DELETES the old one" + (table ? " with all its items" : " with everything in it")));
                } else if ("Conditional".equals(replacement)) {
                    reasons.add("may REPLACE " + what + ": CloudFormation reports replacement Conditional (it depends on a"
                            + " value known only during the update), and a replacement deletes the old "
                            + (table ? "table with all its items" : "stack with everything in it"));
                } else if ("False".equals(replacement)) {
                    notes.add("would modify " + what + " in place, without replacement");
                } else if (replacement == null && unreportedReplacement == UnreportedReplacement.TAKE_AS_IN_PLACE) {
                    notes.add("would modify " + what + "; the change set does not report whether this replaces it,"
                            + " and this guard was told to take such a change as in place");
                } else if (replacement == null) {
                    reasons.add("would modify " + what + ", and the change set does not report whether this replaces it"
                            + " (AWS CloudFormation reports Replacement True, False or Conditional for every Modify): unknown,"
                            + " so refused to be safe");
                } else {
                    reasons.add("would modify " + what + " with replacement " + replacement
                            + ", which this guard does not know: refused to be safe");
                }
            }
            case "Dynamic" -> reasons.add("cannot tell what would happen to " + what
                    + ": CloudFormation reports action Dynamic (decided only during the update)");
            case "Add", "Import", "SyncWithActual" -> {
                // nothing is lost
            }
            default -> reasons.add("would apply action '" + action + "' to " + what
                    + ", which this guard does not know: refused to be safe");
        }
    }

    private static String tableName(SeenChange change) {
        return "table " + name(change);
    }

    private static String name(SeenChange change) {
        return change.physicalId() != null
                ? change.physicalId() + " (logical id " + change.logicalId() + ", " + change.resourceType() + ")"
                : "with logical id " + change.logicalId() + " (" + change.resourceType() + ", physical name unknown)";
    }

    /** The deployed stack's tag project says something other than its template's Metadata.ProjectIdentity. */
    private static String deployedTagDisagrees(Stack stack, ProjectIdentity deployed) {
        String stackName = stack.stackName();
        if (deployed.metadata() == null) {
            return "stack " + stackName + " is tagged " + IDENTITY_TAG + "=" + deployed.tag() + ", but its deployed template has"
                    + " no Metadata.ProjectIdentity: a stack's identity is its template's Metadata.ProjectIdentity, and the tag"
                    + " " + IDENTITY_TAG + " must carry the same value. If this is the stack of project " + deployed.tag()
                    + ", its template file must say `Metadata: ProjectIdentity: " + deployed.tag() + "`; review this change set"
                    + " by hand";
        }
        List<String> tags = new ArrayList<>();
        tags.add("Key=" + IDENTITY_TAG + ",Value=" + deployed.metadata());
        Stacks.userTags(stack).stream().filter(t -> !IDENTITY_TAG.equals(t.key()))
                .forEach(t -> tags.add("Key=" + t.key() + ",Value=" + t.value()));
        List<String> parameters = stack.hasParameters()
                ? stack.parameters().stream().map(p -> "ParameterKey=" + p.parameterKey() + ",UsePreviousValue=true").toList()
                : List.of();
        List<String> capabilities = stack.hasCapabilities() && !stack.capabilities().isEmpty()
                ? stack.capabilitiesAsStrings()
                : List.of(Capability.CAPABILITY_IAM.toString(), Capability.CAPABILITY_AUTO_EXPAND.toString());
        return "stack " + stackName + " is tagged " + IDENTITY_TAG + "=" + deployed.tag() + ", but its deployed template's"
                + " Metadata.ProjectIdentity is " + deployed.metadata() + ": a stack has one identity, its template's"
                + " Metadata.ProjectIdentity, and the tag " + IDENTITY_TAG + " must carry the same value. The tag came from an"
                + " earlier deploy's tags (samconfig.toml's `tags` of this stack's config env): make them"
                + " `tags = \"" + IDENTITY_TAG + "=\\\"" + deployed.metadata() + "\\\"\"` there, re-tag the stack once without"
                + " changing its template or parameters (`aws cloudformation update-stack --stack-name " + stackName
                + " --use-previous-template --capabilities " + String.join(" ", capabilities)
                + (parameters.isEmpty() ? "" : " --parameters " + String.join(" ", parameters))
                + " --tags " + String.join(" ", tags) + "`), then check again";
    }

    /** The deploy tags the stack project=X, but the template being deployed says another Metadata.ProjectIdentity. */
    private static String incomingTagDisagrees(String stackName, ProjectIdentity incoming) {
        if (incoming.metadata() == null) {
            return "the deploy tags stack " + stackName + " " + IDENTITY_TAG + "=" + incoming.tag() + ", but the template being"
                    + " deployed has no Metadata.ProjectIdentity: a stack's identity is its template's"
                    + " Metadata.ProjectIdentity, and the tag " + IDENTITY_TAG + " must carry the same value. Add"
                    + " `ProjectIdentity: " + incoming.tag() + "` under the template file's Metadata, or take the tag "
                    + IDENTITY_TAG + " out of samconfig.toml's `tags` for this stack";
        }
        return "the deploy tags stack " + stackName + " " + IDENTITY_TAG + "=" + incoming.tag() + ", but the template being"
                + " deployed says Metadata.ProjectIdentity " + incoming.metadata() + ": a stack has one identity, its template's"
                + " Metadata.ProjectIdentity, and the tag " + IDENTITY_TAG + " must carry the same value. Fix samconfig.toml's"
                + " `tags` for this stack to `tags = \"" + IDENTITY_TAG + "=\\\"" + incoming.metadata() + "\\\"\"`"
                + " (or, if " + incoming.metadata() + " is wrong, the template file's Metadata.ProjectIdentity)";
    }

    private static String identityMismatch(String stackName, ProjectIdentity deployed, ProjectIdentity incoming) {
        if (deployed.isEmpty()) {
            return "stack " + stackName + " records no project identity, but the template being deployed says "
                    + incoming.describe() + ": it may be another project's stack under the same name"
                    + " (if this deploy only adds the identity, review the change set by hand)";
        }
        if (incoming.isEmpty()) {
            return "stack " + stackName + " belongs to project " + deployed.describe()
                    + ", but the template being deployed carries " + incoming.describe()
                    + ": it looks like another project's template under the same stack name";
        }
        return "stack " + stackName + " belongs to project " + deployed.describe()
                + ", but the template being deployed belongs to " + incoming.describe()
                + ": another project's template under the same stack name would take over this stack's resources";
    }

}
