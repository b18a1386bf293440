package dev.notesbackup.backup.guard;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which project one side of a deploy says it belongs to: the template's
 * {@code Metadata.ProjectIdentity} and the stack's (or change set's) tag {@code project}. Either
 * may be absent (null).
 */
public record ProjectIdentity(String metadata, String tag) {
    public static final ProjectIdentity NONE = new ProjectIdentity(null, null);

    public boolean isEmpty() {
        return metadata == null && tag == null;
    }

    /** The distinct values this side claims. */
    public Set<String> claims() {
        Set<String> claims = new LinkedHashSet<>();
        if (metadata != null) {
            claims.add(metadata);
        }
        if (tag != null) {
            claims.add(tag);
        }
        return claims;
    }

    /**
     * True when the two sides disagree: one claims an identity and the other none, or any claim
     * of either side differs from any other. Both sides without identity agree (nothing to compare).
     */
    public boolean conflictsWith(ProjectIdentity other) {
        if (isEmpty() != other.isEmpty()) {
            return true;
        }
        Set<String> all = new LinkedHashSet<>(claims());
        all.addAll(other.claims());
        return all.size() > 1;
    }

    /** E.g. {@code notes-backup/notes-stack (template Metadata.ProjectIdentity; tag project=notes-backup/notes-stack)}. */
    public String describe() {
        if (isEmpty()) {
            return "no project identity (neither Metadata.ProjectIdentity nor a tag " + DeployGuard.IDENTITY_TAG + ")";
        }
        List<String> sources = new ArrayList<>();
        if (metadata != null) {
            sources.add("template Metadata.ProjectIdentity");
        }
        if (tag != null) {
            sources.add("tag " + DeployGuard.IDENTITY_TAG + "=" + tag);
        }
        return String.join(" / ", claims()) + " (" + String.join("; ", sources) + ")";
    }
}
