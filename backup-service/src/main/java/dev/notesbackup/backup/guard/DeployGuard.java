package dev.notesbackup.backup.guard;

import dev.notesbackup.backup.cfn.CloudFormationTemplate;
import dev.notesbackup.backup.cfn.Stacks;
import dev.notesbackup.backup.run.Sleeper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetNotFoundException;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/**
 * Refuses a change set that would lose a table: the mistake that lost the notes (another project's
 * template deployed under the notes stack's name, so CloudFormation deleted the tables).
 *
 * <p>A change set is refused when any {@code AWS::DynamoDB::Table} (or GlobalTable, or a nested
 * stack, which may hold tables) would be removed, replaced (Replacement True or Conditional: a
 * replacement deletes the old table), or changed in a way CloudFormation cannot tell in advance
 * (Dynamic); and when the stack exists and the project identity it records — its template's
 * {@code Metadata.ProjectIdentity} and its tag {@code project} — differs from that of the template
 * and tags being deployed (one side without identity and the other with one is a difference too).
 * A table modified in place (Replacement False) is reported, not refused. A Modify of a table or
 * nested stack whose Replacement is not reported at all is unknown and refused, unless the guard
 * was made with {@link UnreportedReplacement#TAKE_AS_IN_PLACE}: AWS CloudFormation always reports
 * Replacement for a Modify, so only a change set source that does not report it needs that option.
 *
 * <p>Operational failures (no such change set, AWS errors, a change set that never finishes) are
 * exceptions, not verdicts: nothing was checked.
 */
public final class DeployGuard {
    /** The stack tag that records the project, next to the template's Metadata.ProjectIdentity. */
    public static final String IDENTITY_TAG = "project";
    /** Resource types whose loss loses data. */
    public static final Set<String> TABLE_TYPES = Set.of("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable");
    /** Resource types whose deletion deletes whatever they contain, tables included. */
    public static final Set<String> NESTED_STACK_TYPES = Set.of("AWS::CloudFormation::Stack");
    /** CloudFormation takes a template body of at most this many bytes inline (larger ones go through S3). */
    public static final int MAX_INLINE_TEMPLATE_BYTES = 51_200;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(5);
    static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
    private static final DateTimeFormatter NAME_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final List<String> NO_CHANGES_REASONS = List.of(
            "didn't contain changes", "No updates are to be performed");

    /** What to make of a Modify of a table or nested stack whose change set does not report Replacement. */
    public enum UnreportedReplacement {
        /** Unknown, so refused: the default, and the only choice for AWS CloudFormation, which always reports it. */
        REFUSE,
        /** Taken as in place and noted: only for a change set source known not to report Replacement. */
        TAKE_AS_IN_PLACE
    }

    private final CloudFormationClient cfn;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration maxWait;
    private final UnreportedReplacement unreportedReplacement;

    /** A guard that refuses a table Modify whose Replacement is not reported. */
    public DeployGuard(CloudFormationClient cfn) {
        this(cfn, UnreportedReplacement.REFUSE);
    }

    public DeployGuard(CloudFormationClient cfn, UnreportedReplacement unreportedReplacement) {
        this(cfn, Clock.systemUTC(), Sleeper.REAL, DEFAULT_MAX_WAIT, unreportedReplacement);
    }

    /** A guard that refuses a table Modify whose Replacement is not reported. */
    public DeployGuard(CloudFormationClient cfn, Clock clock, Sleeper sleeper, Duration maxWait) {
        this(cfn, clock, sleeper, maxWait, UnreportedReplacement.REFUSE);
    }

    /**
     * @param clock                 names change sets and measures the wait
     * @param sleeper               waits between polls of a change set still being created
     * @param maxWait               how long to wait for a change set to be created before giving up
     * @param unreportedReplacement what a table Modify without a reported Replacement means
     */
    public DeployGuard(CloudFormationClient cfn, Clock clock, Sleeper sleeper, Duration maxWait,
                       UnreportedReplacement unreportedReplacement) {
        this.cfn = cfn;
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxWait = maxWait;
        this.unreportedReplacement = Objects.requireNonNull(unreportedReplacement, "unreportedReplacement");
    }

    /**
     * Checks an existing change set (e.g. made by {@code sam deploy --no-execute-changeset}). The
     * template being deployed is read with GetTemplate for the change set.
     *
     * @throws GuardException when the change set does not exist, was deleted or is not created in time
     */
    public GuardVerdict check(String stackName, String changeSetName) {
        List<DescribeChangeSetResponse> pages = readChangeSet(stackName, changeSetName);
        Optional<Stack> deployed = Stacks.describe(cfn, stackName).filter(Stacks::isDeployed);
        DescribeChangeSetResponse first = pages.get(0);
        Map<String, String> tags = new LinkedHashMap<>();
        if (first.hasTags()) {
            first.tags().forEach(t -> tags.put(t.key(), t.value()));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (first.hasParameters()) {
            first.parameters().forEach(p -> parameters.put(p.parameterKey(), p.parameterValue() != null ? p.parameterValue()
                    : deployed.flatMap(stack -> previousValue(stack, p.parameterKey())).orElse(null)));
        }
        parameters.values().removeIf(Objects::isNull);
        return evaluate(stackName, changeSetName, pages, deployed, new Incoming(() -> cfn.getTemplate(r -> r
                .stackName(stackName).changeSetName(changeSetName).templateStage(TemplateStage.ORIGINAL)).templateBody(),
                tags, parameters));
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
     * @throws IllegalArgumentException when the template is larger than CloudFormation takes inline
     */
    public GuardVerdict checkTemplate(String stackName, String templateBody, Map<String, String> parameters,
                                      Map<String, String> tags, boolean keep) {
        int bytes = templateBody.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_INLINE_TEMPLATE_BYTES) {
            throw new IllegalArgumentException("The template is " + bytes + " bytes; CloudFormation takes at most "
                    + MAX_INLINE_TEMPLATE_BYTES + " inline. Create the change set with `sam deploy --no-execute-changeset`"
                    + " (which uploads it) and check that change set instead.");
        }
        parameters.forEach((key, value) -> DeployLimits.parameterTooLong(key, value).ifPresent(problem -> {
            throw new IllegalArgumentException("Not sent to CloudFormation: " + problem);
        }));
        Optional<Stack> existing = Stacks.describe(cfn, stackName);
        Optional<Stack> deployed = existing.filter(Stacks::isDeployed);
        String changeSetName = "guard-" + NAME_STAMP.format(clock.instant());
        CreateChangeSetResponse created;
        try {
            created = cfn.createChangeSet(r -> r
                    .stackName(stackName)
                    .changeSetName(changeSetName)
                    .changeSetType(deployed.isPresent() ? ChangeSetType.UPDATE : ChangeSetType.CREATE)
                    .templateBody(templateBody)
                    .parameters(parameters(templateBody, parameters, deployed))
                    .tags(tags.isEmpty() ? deployed.map(DeployGuard::userTags).orElse(List.of()) : asTags(tags))
                    .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM, Capability.CAPABILITY_AUTO_EXPAND)
                    .description("Made by the deploy guard to preview a deploy"));
        } catch (CloudFormationException e) {
            if (deployed.isPresent() && isNoChanges(e)) {
                // refused outright ("No updates are to be performed") rather than created FAILED: the same answer
                return noChanges(stackName, changeSetName, deployed.get(), new Incoming(() -> templateBody, tags, knownValues(templateBody, parameters, deployed)), Stacks.describe(e));
            }
            throw e;
        }
        boolean stackMadeHere = existing.isEmpty();
        GuardVerdict verdict;
        try {
            List<DescribeChangeSetResponse> pages = readChangeSet(stackName, changeSetName);
            verdict = evaluate(stackName, changeSetName, pages, deployed, new Incoming(() -> templateBody, tags, knownValues(templateBody, parameters, deployed)));
        } catch (RuntimeException e) {
            if (!keep) {
                cleanUp(created, stackMadeHere);
            }
            throw e;
        }
        if (keep) {
            return verdict.withMoreNotes(List.of("the change set " + changeSetName + " was kept; execute it with"
                    + " `aws cloudformation execute-change-set --stack-name " + stackName + " --change-set-name "
                    + changeSetName + "`" + (verdict.allowed() ? "" : " only if you are certain, which the guard is not")));
        }
        return verdict.withMoreNotes(cleanUp(created, stackMadeHere));
    }

    private static boolean isNoChanges(CloudFormationException e) {
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return message != null && NO_CHANGES_REASONS.stream().anyMatch(message::contains);
    }

    /** The verdict for a template CloudFormation found identical to the deployed stack: still compares identities. */
    private GuardVerdict noChanges(String stackName, String changeSetName, Stack deployed, Incoming incoming, String why) {
        DescribeChangeSetResponse none = DescribeChangeSetResponse.builder()
                .stackName(stackName).changeSetName(changeSetName)
                .status(ChangeSetStatus.FAILED).statusReason(why).build();
        return evaluate(stackName, changeSetName, List.of(none), Optional.of(deployed), incoming);
    }

    // ---- reading the change set --------------------------------------------------------------

    /** Waits until the change set is created (or failed), then reads every page of it. */
    private List<DescribeChangeSetResponse> readChangeSet(String stackName, String changeSetName) {
        Instant deadline = clock.instant().plus(maxWait);
        DescribeChangeSetResponse first = describe(stackName, changeSetName, null);
        while (!isSettled(first.status())) {
            if (!clock.instant().isBefore(deadline)) {
                throw new GuardException("Change set " + changeSetName + " of stack " + stackName + " is still "
                        + first.statusAsString() + " after " + maxWait.toSeconds() + " s; run the guard again when it is created.");
            }
            try {
                sleeper.sleep(POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GuardException("Interrupted while waiting for change set " + changeSetName, e);
            }
            first = describe(stackName, changeSetName, null);
        }
        if (first.status() != ChangeSetStatus.CREATE_COMPLETE && first.status() != ChangeSetStatus.FAILED) {
            throw new GuardException("Change set " + changeSetName + " of stack " + stackName + " is "
                    + first.statusAsString() + ": it is being deleted or was deleted, so there is nothing to check.");
        }
        List<DescribeChangeSetResponse> pages = new ArrayList<>();
        pages.add(first);
        for (String token = first.nextToken(); token != null && !token.isEmpty(); ) {
            DescribeChangeSetResponse page = describe(stackName, changeSetName, token);
            pages.add(page);
            token = page.nextToken();
        }
        return pages;
    }

    private DescribeChangeSetResponse describe(String stackName, String changeSetName, String nextToken) {
        try {
            return cfn.describeChangeSet(DescribeChangeSetRequest.builder()
                    .stackName(stackName).changeSetName(changeSetName).nextToken(nextToken).build());
        } catch (ChangeSetNotFoundException e) {
            throw notFound(stackName, changeSetName, e);
        } catch (CloudFormationException e) {
            if (Stacks.isNotFound(e)) {
                throw notFound(stackName, changeSetName, e);
            }
            throw e;
        }
    }

    private static GuardException notFound(String stackName, String changeSetName, Exception e) {
        return new GuardException("No change set " + changeSetName + " on stack " + stackName + " ("
                + Stacks.describe(e) + ").", e);
    }

    private static boolean isSettled(ChangeSetStatus status) {
        return status != ChangeSetStatus.CREATE_PENDING && status != ChangeSetStatus.CREATE_IN_PROGRESS;
    }

    // ---- the decision ------------------------------------------------------------------------

    /**
     * What is being deployed: the template, and the stack tags the deploy sets (empty: the stack keeps
     * its tags, as a change set without tags does).
     */
    private record Incoming(TemplateSource template, Map<String, String> tags, Map<String, String> parameters) {
        Incoming {
            template = once(template);
        }
    }

    /** Reads the template at most once (GetTemplate for a change set), answering or failing alike every time. */
    private static TemplateSource once(TemplateSource source) {
        Object[] result = new Object[1];
        return () -> {
            if (result[0] == null) {
                try {
                    result[0] = source.body();
                } catch (RuntimeException e) {
                    result[0] = e;
                }
            }
            if (result[0] instanceof RuntimeException e) {
                throw e;
            }
            return (String) result[0];
        };
    }

    private GuardVerdict evaluate(String stackName, String changeSetName, List<DescribeChangeSetResponse> pages,
                                  Optional<Stack> deployed, Incoming incoming) {
        DescribeChangeSetResponse first = pages.get(0);
        List<String> reasons = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<SeenChange> changes = new ArrayList<>();
        for (DescribeChangeSetResponse page : pages) {
            for (Change change : page.changes()) {
                if (change.resourceChange() != null) {
                    changes.add(SeenChange.of(change.resourceChange()));
                }
            }
        }
        if (first.status() == ChangeSetStatus.FAILED) {
            String why = first.statusReason() == null ? "no reason given" : first.statusReason();
            if (NO_CHANGES_REASONS.stream().anyMatch(why::contains)) {
                notes.add("the change set holds no changes (CloudFormation: " + why + ")");
            } else {
                reasons.add("change set " + changeSetName + " FAILED, so CloudFormation cannot execute it: " + why);
            }
        }
        if (deployed.isPresent()) {
            changes = withPhysicalIds(stackName, changes, notes);
        }
        for (SeenChange change : changes) {
            judge(stackName, change, reasons, notes);
        }

        checkLimits(stackName, first.stackId() != null ? first.stackId() : deployed.map(Stack::stackId).orElse(null),
                incoming, reasons, notes);
        int problemsBefore = reasons.size() + notes.size();
        ProjectIdentity deployedIdentity = ProjectIdentity.NONE;
        if (deployed.isPresent()) {
            Optional<String> metadata = identityOf("stack " + stackName + "'s deployed template",
                    () -> Stacks.originalTemplate(cfn, stackName), reasons);
            deployedIdentity = new ProjectIdentity(metadata.orElse(null), Stacks.tag(deployed.get(), IDENTITY_TAG).orElse(null));
        }
        List<String> identityProblems = deployed.isPresent() ? reasons : notes;
        Optional<String> incomingMetadata = identityOf("the template being deployed", incoming.template(), identityProblems);
        // a deploy without tags leaves the stack's tags as they are
        String incomingTag = incoming.tags().isEmpty() ? deployedIdentity.tag() : incoming.tags().get(IDENTITY_TAG);
        ProjectIdentity incomingIdentity = new ProjectIdentity(incomingMetadata.orElse(null), incomingTag);
        if (reasons.size() + notes.size() > problemsBefore) {
            // a template that could not be read has an unknown identity, not none: that reason (or note) says so
            return new GuardVerdict(stackName, changeSetName, deployed.isPresent(), reasons.isEmpty(), reasons, notes,
                    changes, deployedIdentity, incomingIdentity);
        }
        if (deployed.isPresent() && !deployedIdentity.isConsistent()) {
            reasons.add(deployedTagDisagrees(deployed.get(), deployedIdentity));
        }
        // the deploy's own tag is judged where it sets one; the stack's tag kept as it is was judged above
        boolean setsItsOwnTag = deployed.isEmpty() || !Objects.equals(incomingTag, deployedIdentity.tag());
        if (setsItsOwnTag && !incomingIdentity.isConsistent()) {
            reasons.add(incomingTagDisagrees(stackName, incomingIdentity));
        }
        if (deployed.isPresent() && deployedIdentity.conflictsWith(incomingIdentity)) {
            reasons.add(identityMismatch(stackName, deployedIdentity, incomingIdentity));
        }
        return new GuardVerdict(stackName, changeSetName, deployed.isPresent(), reasons.isEmpty(), reasons, notes,
                changes, deployedIdentity, incomingIdentity);
    }

    /** The AWS size limits (role policies, function environment, parameter values) for what is being deployed. */
    private static void checkLimits(String stackName, String stackArn, Incoming incoming, List<String> reasons, List<String> notes) {
        CloudFormationTemplate template;
        try {
            template = CloudFormationTemplate.parse(incoming.template().body());
        } catch (IllegalArgumentException | CloudFormationException e) {
            return; // the identity check reads the same template and says why it cannot
        }
        DeployLimits.Findings findings = DeployLimits.check(template.document(), incoming.parameters(),
                DeployLimits.Stack.of(stackName, stackArn));
        reasons.addAll(findings.reasons());
        notes.addAll(findings.notes());
    }

    /** The given parameter values, and for an update every other parameter's current value (as UsePreviousValue keeps it). */
    private static Map<String, String> knownValues(String templateBody, Map<String, String> given, Optional<Stack> deployed) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Parameter parameter : parameters(templateBody, given, deployed)) {
            String value = Boolean.TRUE.equals(parameter.usePreviousValue())
                    ? deployed.flatMap(stack -> previousValue(stack, parameter.parameterKey())).orElse(null)
                    : parameter.parameterValue();
            if (value != null) {
                values.put(parameter.parameterKey(), value);
            }
        }
        return values;
    }

    private static Optional<String> previousValue(Stack stack, String key) {
        return stack.hasParameters()
                ? stack.parameters().stream().filter(p -> key.equals(p.parameterKey())).map(Parameter::parameterValue)
                        .filter(Objects::nonNull).findFirst()
                : Optional.empty();
    }

    private void judge(String stackName, SeenChange change, List<String> reasons, List<String> notes) {
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
        userTags(stack).stream().filter(t -> !IDENTITY_TAG.equals(t.key()))
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

    @FunctionalInterface
    private interface TemplateSource {
        String body();
    }

    private static Optional<String> identityOf(String what, TemplateSource source, List<String> problems) {
        String body;
        try {
            body = source.body();
        } catch (CloudFormationException e) {
            problems.add("could not read " + what + " to find its project identity: " + Stacks.describe(e));
            return Optional.empty();
        }
        try {
            return CloudFormationTemplate.parse(body).projectIdentity();
        } catch (IllegalArgumentException e) {
            problems.add("could not read the project identity of " + what + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Fills in the physical ids a change set left out (it need not report them) from the stack's resources. */
    private List<SeenChange> withPhysicalIds(String stackName, List<SeenChange> changes, List<String> notes) {
        boolean missing = changes.stream().anyMatch(c -> c.physicalId() == null && !"Add".equals(c.action())
                && (TABLE_TYPES.contains(c.resourceType()) || NESTED_STACK_TYPES.contains(c.resourceType())));
        if (!missing) {
            return changes;
        }
        Map<String, String> physicalIds = new HashMap<>();
        try {
            cfn.listStackResourcesPaginator(ListStackResourcesRequest.builder().stackName(stackName).build())
                    .stackResourceSummaries()
                    .forEach(r -> {
                        if (r.physicalResourceId() != null && !r.physicalResourceId().isBlank()) {
                            physicalIds.put(r.logicalResourceId(), r.physicalResourceId());
                        }
                    });
        } catch (CloudFormationException e) {
            notes.add("could not list the stack's resources to name the tables: " + Stacks.describe(e));
            return changes;
        }
        return changes.stream()
                .map(c -> c.physicalId() == null && !"Add".equals(c.action()) && physicalIds.containsKey(c.logicalId())
                        ? c.withPhysicalId(physicalIds.get(c.logicalId())) : c)
                .toList();
    }

    // ---- creating and cleaning up ------------------------------------------------------------

    /** The given values; for an update, every other parameter the template declares and the stack has keeps its value. */
    private static List<Parameter> parameters(String templateBody, Map<String, String> given, Optional<Stack> deployed) {
        List<Parameter> result = new ArrayList<>();
        given.forEach((key, value) -> result.add(Parameter.builder().parameterKey(key).parameterValue(value).build()));
        if (deployed.isEmpty() || !deployed.get().hasParameters()) {
            return result;
        }
        Set<String> declared;
        try {
            declared = new LinkedHashSet<>(CloudFormationTemplate.parse(templateBody).parameterNames());
        } catch (IllegalArgumentException e) {
            return result; // CloudFormation will say what is wrong with the template
        }
        for (Parameter current : deployed.get().parameters()) {
            String key = current.parameterKey();
            if (declared.contains(key) && !given.containsKey(key)) {
                result.add(Parameter.builder().parameterKey(key).usePreviousValue(true).build());
            }
        }
        return result;
    }

    private static List<Tag> asTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /** The stack's own tags (not the aws: ones CloudFormation sets), carried over so a kept change set keeps them. */
    private static List<Tag> userTags(Stack stack) {
        return stack.hasTags() ? stack.tags().stream().filter(t -> !t.key().startsWith("aws:")).toList() : List.of();
    }

    private List<String> cleanUp(CreateChangeSetResponse created, boolean stackMadeHere) {
        List<String> notes = new ArrayList<>();
        try {
            cfn.deleteChangeSet(r -> r.changeSetName(created.id()));
        } catch (RuntimeException e) {
            notes.add("could not delete the change set " + created.id() + ": " + Stacks.describe(e));
            return notes;
        }
        if (stackMadeHere) {
            try {
                Optional<Stack> stack = Stacks.describe(cfn, created.stackId());
                if (stack.isPresent() && stack.get().stackStatus() == StackStatus.REVIEW_IN_PROGRESS) {
                    cfn.deleteStack(r -> r.stackName(created.stackId()));
                }
            } catch (RuntimeException e) {
                notes.add("could not delete the empty stack " + created.stackId() + " that the change set made: "
                        + Stacks.describe(e));
            }
        }
        return notes;
    }
}
