package dev.notesbackup.backup.guard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Everything the {@link ChangeSetJudge} decides on, as the {@link ChangeSetReader} read it: one
 * change set (every page of it), the stack it would update and what is being deployed. Plain data,
 * so a test can describe any situation without a CloudFormation double.
 *
 * @param stackName     the stack the change set belongs to
 * @param changeSetName the change set
 * @param stackArn      the change set's stack id, else the deployed stack's (null when neither is known)
 * @param status        CREATE_COMPLETE or FAILED: the reader waits out the states in between
 * @param statusReason  CloudFormation's reason for the status, if it gave one
 * @param changes       the resource changes of every page, physical ids filled in where the stack knows them
 * @param readingNotes  what the reader could not find out and is no reason to refuse (e.g. the stack's resource list)
 * @param deployed      the stack as deployed, absent when the change set creates it
 * @param incoming      the template, tags and parameter values being deployed
 */
public record ChangeSetFacts(
        String stackName,
        String changeSetName,
        String stackArn,
        ChangeSetStatus status,
        String statusReason,
        List<SeenChange> changes,
        List<String> readingNotes,
        Optional<Deployed> deployed,
        Incoming incoming) {

    public ChangeSetFacts {
        Objects.requireNonNull(stackName, "stackName");
        Objects.requireNonNull(status, "status");
        changes = List.copyOf(changes);
        readingNotes = List.copyOf(readingNotes);
        Objects.requireNonNull(deployed, "deployed");
        Objects.requireNonNull(incoming, "incoming");
    }

    /** The stack as deployed (its tags, parameters and capabilities) and the template it was deployed with. */
    public record Deployed(Stack stack, Template template) {
        public Deployed {
            Objects.requireNonNull(stack, "stack");
            Objects.requireNonNull(template, "template");
        }
    }

    /**
     * What is being deployed.
     *
     * @param tags       the stack tags the deploy sets; empty: the stack keeps its tags, as a change set without tags does
     * @param parameters the parameter values the deploy would use, those kept from the stack included
     */
    public record Incoming(Template template, Map<String, String> tags, Map<String, String> parameters) {
        public Incoming {
            Objects.requireNonNull(template, "template");
            // in the order given, so that findings about parameters come in the template's order
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    /** A template body as read, or why it could not be read (one of the two is null). */
    public record Template(String body, String unreadable) {
        public Template {
            if ((body == null) == (unreadable == null)) {
                throw new IllegalArgumentException("a template is either read (a body) or unreadable (a reason), not both or neither");
            }
        }

        public static Template of(String body) {
            return new Template(body, null);
        }

        public static Template unreadable(String why) {
            return new Template(null, why);
        }
    }
}
