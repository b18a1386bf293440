package dev.notesbackup.backup.guard;

import java.util.Objects;

/**
 * Which project one side of a deploy belongs to. A stack has ONE identity: its template's
 * {@code Metadata.ProjectIdentity}. The stack's (or change set's) tag {@code project}, where it is
 * set, must carry the same value; a side whose tag says something else (or that has a tag and no
 * {@code Metadata.ProjectIdentity}) is inconsistent, and the guard refuses it. Either value may be
 * absent (null).
 *
 * @param metadata the template's {@code Metadata.ProjectIdentity}: the identity
 * @param tag      the value of the tag {@code project}, which must equal {@code metadata} where set
 */
public record ProjectIdentity(String metadata, String tag) {
    public static final ProjectIdentity NONE = new ProjectIdentity(null, null);

    public boolean isEmpty() {
        return metadata == null && tag == null;
    }

    /** True when the tag is absent or carries the same value as {@code Metadata.ProjectIdentity}. */
    public boolean isConsistent() {
        return tag == null || tag.equals(metadata);
    }

    /**
     * True when the two sides belong to different projects: their {@code Metadata.ProjectIdentity}
     * differ (one side without it and the other with it is a difference too). Tags do not enter
     * here: a tag that disagrees with its own side's metadata is {@link #isConsistent() inconsistent}.
     */
    public boolean conflictsWith(ProjectIdentity other) {
        return !Objects.equals(metadata, other.metadata);
    }

    /**
     * E.g. {@code notes-backup/notes-stack (template Metadata.ProjectIdentity, and tag project)},
     * {@code no project identity (template without Metadata.ProjectIdentity, tag project=x)}.
     */
    public String describe() {
        String tagName = DeployGuard.IDENTITY_TAG;
        if (isEmpty()) {
            return "no project identity (neither Metadata.ProjectIdentity nor a tag " + tagName + ")";
        }
        if (metadata == null) {
            return "no project identity (template without Metadata.ProjectIdentity, but tag " + tagName + "=" + tag + ")";
        }
        if (tag == null) {
            return metadata + " (template Metadata.ProjectIdentity)";
        }
        if (tag.equals(metadata)) {
            return metadata + " (template Metadata.ProjectIdentity, and tag " + tagName + ")";
        }
        return metadata + " (template Metadata.ProjectIdentity, but tag " + tagName + "=" + tag + ")";
    }
}
