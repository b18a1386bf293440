package dev.notesbackup.verify.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The vault's side of the backup role's requests into the vault account, for evaluating the role's
 * side alone. IAM allows a request on another account's bucket or KMS key only if the role's policy
 * and the resource's policy both allow it; those resource policies are the vault stack's (its own
 * tier evaluates them). These stand-ins let the role do anything on the bucket or key, so the role's
 * own policy decides: what is allowed here is exactly what the role's policy allows.
 */
final class OpenVaultPolicies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String S3 = "arn:aws:s3:::";

    private OpenVaultPolicies() {
    }

    /**
     * For an S3 or KMS request into another account, a resource policy allowing {@code principalArn}
     * everything on it; null for any other (in its own account a role's policy alone decides, and an
     * open resource policy there would allow by itself what the role's policy does not).
     */
    static Function<IamRequest, JsonNode> forRole(String principalArn) {
        String principalAccount = principalArn.split(":")[4];
        return request -> {
            if (principalAccount.equals(request.account())) {
                return null;
            }
            Object resource;
            String service;
            if (request.resource().startsWith(S3)) {
                String bucket = S3 + request.resource().substring(S3.length()).split("/", 2)[0];
                resource = List.of(bucket, bucket + "/*");
                service = "s3";
            } else if (request.resource().startsWith("arn:aws:kms:")) {
                resource = "*"; // a key policy's resource is the key itself
                service = "kms";
            } else {
                return null;
            }
            return JSON.valueToTree(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                    "Sid", "StandInForTheVaultsPolicy", "Effect", "Allow", "Principal", Map.of("AWS", principalArn),
                    "Action", service + ":*", "Resource", resource))));
        };
    }
}
