package dev.notesbackup.backup.vault.export;

import software.amazon.awssdk.arns.Arn;

/**
 * The account and region the backup run works in, from the ARN Lambda invoked the function by:
 * it names the ARN of a table that no longer exists (whose exports are still tracked) and the
 * vault folder's default name, with no call and no extra permission.
 */
public record AppAccount(String partition, String region, String accountId) {

    /** From e.g. {@code arn:aws:lambda:us-east-1:123456789012:function:name}. */
    public static AppAccount fromFunctionArn(String invokedFunctionArn) {
        Arn arn;
        try {
            arn = Arn.fromString(invokedFunctionArn);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not a function ARN: " + invokedFunctionArn
                    + " (expected arn:<partition>:lambda:<region>:<account>:function:<name>)", e);
        }
        if (arn.region().isEmpty() || arn.accountId().isEmpty()) {
            throw new IllegalArgumentException("the function ARN " + invokedFunctionArn + " names no region or account");
        }
        return new AppAccount(arn.partition(), arn.region().get(), arn.accountId().get());
    }

    public String tableArn(String table) {
        return "arn:" + partition + ":dynamodb:" + region + ":" + accountId + ":table/" + table;
    }
}
