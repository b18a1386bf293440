package dev.notesbackup.verify.iam;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One authorization AWS makes: an IAM action on one resource ARN ({@code *} for the actions
 * that support no resource-level permission), in a region and for a resource account.
 *
 * @param action   e.g. {@code dynamodb:CreateBackup}
 * @param resource a concrete ARN, or {@code *}
 * @param region   the region the request is sent to ({@code aws:RequestedRegion})
 * @param account  the account the resource belongs to ({@code aws:ResourceAccount}); for {@code *} the caller's
 * @param why      what in the code makes it (the SDK operation, or the rule that adds it)
 * @param extraContext further request context AWS supplies for this request (e.g. {@code aws:SecureTransport})
 */
public record IamRequest(String action, String resource, String region, String account, String why,
                         Map<String, String> extraContext) {
    private static final Pattern ARN = Pattern.compile("arn:([^:]+):([^:]+):([^:]*):([^:]*):(.*)");

    public IamRequest {
        extraContext = Map.copyOf(extraContext);
    }

    public IamRequest(String action, String resource, String region, String account, String why) {
        this(action, resource, region, account, why, Map.of());
    }

    /** The same request with one more context key (e.g. {@code aws:SecureTransport} = {@code false}). */
    public IamRequest withContext(String key, String value) {
        Map<String, String> context = new LinkedHashMap<>(extraContext);
        context.put(key, value);
        return new IamRequest(action, resource, region, account, why + ", " + key + "=" + value, context);
    }

    /** For an ARN, taking region and account from it. */
    public static IamRequest onArn(String action, String arn, String why) {
        Matcher m = ARN.matcher(arn);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an ARN: " + arn);
        }
        return new IamRequest(action, arn, m.group(3), m.group(4), why);
    }

    /** For an S3 bucket or object, whose ARN names neither region nor account: the request's region and the bucket's owner. */
    public static IamRequest onS3(String action, String arn, String region, String bucketOwner, String why) {
        return new IamRequest(action, arn, region, bucketOwner, why);
    }

    public static IamRequest onAnyResource(String action, String region, String account, String why) {
        return new IamRequest(action, "*", region, account, why);
    }

    /** The same request sent to another region (an ARN's region changes with it). */
    public IamRequest inRegion(String other) {
        return new IamRequest(action, replaceArnPart(3, other), other, account, why + ", in " + other, extraContext);
    }

    /** The same request on another account's resource (only for ARNs: {@code *} always means the caller's own). */
    public IamRequest inAccount(String other) {
        if (resource.equals("*")) {
            throw new IllegalStateException(action + " on * has no other account");
        }
        return new IamRequest(action, replaceArnPart(4, other), region, other, why + ", account " + other, extraContext);
    }

    private String replaceArnPart(int group, String value) {
        if (resource.equals("*")) {
            return resource;
        }
        Matcher m = ARN.matcher(resource);
        m.matches();
        StringBuilder out = new StringBuilder("arn");
        for (int i = 1; i <= 5; i++) {
            out.append(':').append(i == group ? value : m.group(i));
        }
        return out.toString();
    }

    /** The request context AWS supplies for a role of {@code principalArn}. */
    public Map<String, String> context(String principalArn) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("aws:RequestedRegion", region);
        context.put("aws:ResourceAccount", account);
        context.put("aws:PrincipalAccount", principalArn.split(":")[4]);
        context.put("aws:PrincipalArn", principalArn);
        context.putAll(extraContext);
        return context;
    }

    /** Action and resource, the identity of the authorization. */
    public String key() {
        return action + " " + resource;
    }

    @Override
    public String toString() {
        return action + " on " + resource + " (" + why + ")";
    }
}
