package dev.notesbackup.backup.guard;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * Refuses a change set that would lose a table: the mistake that lost the notes (another project's
 * template deployed under the notes stack's name, so CloudFormation deleted the tables).
 *
 * <p>A change set is refused when any {@code AWS::DynamoDB::Table} (or GlobalTable, or a nested
 * stack, which may hold tables) would be removed, replaced (Replacement True or Conditional: a
 * replacement deletes the old table), or changed in a way CloudFormation cannot tell in advance
 * (Dynamic); and when the stack exists and belongs to another project than the template being
 * deployed. A stack has one identity, its template's {@code Metadata.ProjectIdentity} (see
 * {@link ProjectIdentity}); the two sides' identities must be the same (one side without identity
 * and the other with one is a difference too), and a side whose tag {@code project} says something
 * else than its own Metadata.ProjectIdentity is refused with a message naming the file to fix.
 * A change set is also refused when its role policies, function environment or parameter values
 * would exceed the AWS size limits ({@link DeployLimits}), so the update would fail.
 * A table modified in place (Replacement False) is reported, not refused. A Modify of a table or
 * nested stack whose Replacement is not reported at all is unknown and refused, unless the guard
 * was made with {@link UnreportedReplacement#TAKE_AS_IN_PLACE}: AWS CloudFormation always reports
 * Replacement for a Modify, so only a change set source that does not report it needs that option.
 *
 * <p>The guard is three parts: the {@link ChangeSetReader} reads (I/O), the {@link ChangeSetJudge}
 * decides (pure), the {@link TemplatePreview} makes a change set of a template and cleans it up.
 * Operational failures (no such change set, AWS errors, a change set that never finishes) are
 * exceptions, not verdicts: nothing was checked.
 */
public final class DeployGuard {
    /** The stack tag that records the project, next to the template's Metadata.ProjectIdentity. */
    public static final String IDENTITY_TAG = "project";
    /** Resource types whose deletion deletes whatever they contain, tables included. */
    public static final Set<String> NESTED_STACK_TYPES = Set.of("AWS::CloudFormation::Stack");

    /** What to make of a Modify of a table or nested stack whose change set does not report Replacement. */
    public enum UnreportedReplacement {
        /** Unknown, so refused: the default, and the only choice for AWS CloudFormation, which always reports it. */
        REFUSE,
        /** Taken as in place and noted: only for a change set source known not to report Replacement. */
        TAKE_AS_IN_PLACE
    }

    private final ChangeSetReader reader;
    private final ChangeSetJudge judge;
    private final TemplatePreview preview;

    /** A guard that refuses a table Modify whose Replacement is not reported. */
    public DeployGuard(CloudFormationClient cfn) {
        this(cfn, UnreportedReplacement.REFUSE);
    }

    public DeployGuard(CloudFormationClient cfn, UnreportedReplacement unreportedReplacement) {
        this(cfn, Clock.systemUTC(), ChangeSetWait.DEFAULT, unreportedReplacement);
    }

    /**
     * @param clock                 names the change sets {@link #checkTemplate} makes
     * @param wait                  how long, and how often, to ask for a change set still being created
     * @param unreportedReplacement what a table Modify without a reported Replacement means
     */
    public DeployGuard(CloudFormationClient cfn, Clock clock, ChangeSetWait wait, UnreportedReplacement unreportedReplacement) {
        Objects.requireNonNull(cfn, "cfn");
        this.reader = new ChangeSetReader(cfn, wait);
        this.judge = new ChangeSetJudge(unreportedReplacement);
        this.preview = new TemplatePreview(cfn, Objects.requireNonNull(clock, "clock"), reader, judge);
    }

    /**
     * Checks an existing change set (e.g. made by {@code sam deploy --no-execute-changeset}). The
     * template being deployed is read with GetTemplate for the change set.
     *
     * @throws GuardException when the change set does not exist, was deleted or is not created in time
     */
    public GuardVerdict check(String stackName, String changeSetName) {
        return judge.judge(reader.read(stackName, changeSetName));
    }

    /** {@link #checkTemplate(String, String, Map, Map, boolean)} that keeps the stack's tags and deletes its change set afterwards. */
    public GuardVerdict checkTemplate(String stackName, String templateBody, Map<String, String> parameters) {
        return checkTemplate(stackName, templateBody, parameters, Map.of(), false);
    }

    /** {@link #checkTemplate(String, String, Map, Map, boolean)} that keeps the stack's tags. */
    public GuardVerdict checkTemplate(String stackName, String templateBody, Map<String, String> parameters, boolean keep) {
        return checkTemplate(stackName, templateBody, parameters, Map.of(), keep);
    }

    /**
     * Creates a change set of {@code templateBody} for {@code stackName} (UPDATE if the stack is
     * deployed, else CREATE), waits for it, checks it like {@link #check} and deletes it afterwards
     * unless {@code keep} (then it can be executed as it is). The identity of the template being
     * deployed is read from {@code templateBody} itself. Parameters the template declares and
     * {@code parameters} leaves out keep the stack's current values. {@code tags} are the stack's
     * tags as {@code sam deploy --tags} gives them (e.g. samconfig.toml's {@code tags}): when given they
     * replace the stack's, as they would on a deploy, and the tag {@code project} among them is the
     * deploy's; when empty the stack keeps its tags. A stack this call had to create for a CREATE
     * change set (it stays empty, REVIEW_IN_PROGRESS) is deleted with it.
     *
     * @throws IllegalArgumentException when the template is larger than CloudFormation takes inline,
     *                                  or a parameter value longer than it takes
     */
    public GuardVerdict checkTemplate(String stackName, String templateBody, Map<String, String> parameters,
                                      Map<String, String> tags, boolean keep) {
        return preview.preview(stackName, templateBody, parameters, tags, keep);
    }
}
