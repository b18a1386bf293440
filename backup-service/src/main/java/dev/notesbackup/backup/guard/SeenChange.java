package dev.notesbackup.backup.guard;

import software.amazon.awssdk.services.cloudformation.model.ResourceChange;

/**
 * One resource change of a change set, as CloudFormation reported it. Fields CloudFormation left
 * out are null (a Modify without Replacement is refused as unknown unless the guard is told otherwise).
 *
 * @param action       Add, Modify, Remove, Import, Dynamic ...
 * @param logicalId    the resource's logical id in the template
 * @param physicalId   the resource's physical id (a table's name), when known
 * @param resourceType e.g. {@code AWS::DynamoDB::Table}
 * @param replacement  for a Modify: True, False or Conditional
 * @param policyAction what happens to the physical resource: Delete, Retain, ReplaceAndDelete ...
 */
public record SeenChange(
        String action,
        String logicalId,
        String physicalId,
        String resourceType,
        String replacement,
        String policyAction) {

    static SeenChange of(ResourceChange change) {
        return new SeenChange(change.actionAsString(), change.logicalResourceId(), blankToNull(change.physicalResourceId()),
                change.resourceType(), change.replacementAsString(), change.policyActionAsString());
    }

    SeenChange withPhysicalId(String value) {
        return new SeenChange(action, logicalId, value, resourceType, replacement, policyAction);
    }

    /** E.g. {@code Remove AWS::DynamoDB::Table RepliesTable (quarantine-replies), replacement True}. */
    public String describe() {
        StringBuilder text = new StringBuilder()
                .append(action).append(' ').append(resourceType).append(' ').append(logicalId);
        if (physicalId != null) {
            text.append(" (").append(physicalId).append(')');
        }
        if (replacement != null) {
            text.append(", replacement ").append(replacement);
        }
        if (policyAction != null) {
            text.append(", policy action ").append(policyAction);
        }
        return text.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
