package dev.notesbackup.verify.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Role;

/** A role as IAM holds it after the deploy: its ARN and every inline and attached policy, read back with the IAM API. */
public final class DeployedRole {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeployedRole() {
    }

    public static IamEvaluator.Principal read(URI endpoint, String roleName) {
        try (IamClient iam = LocalAws.client(IamClient.builder().region(Region.AWS_GLOBAL), endpoint, LocalAws.noRetries())) {
            Role role = iam.getRole(r -> r.roleName(roleName)).role();
            Map<String, JsonNode> policies = new LinkedHashMap<>();
            for (String name : iam.listRolePoliciesPaginator(r -> r.roleName(roleName)).policyNames()) {
                policies.put("inline:" + name, document(iam.getRolePolicy(r -> r.roleName(roleName).policyName(name)).policyDocument()));
            }
            for (AttachedPolicy attached : iam.listAttachedRolePoliciesPaginator(r -> r.roleName(roleName)).attachedPolicies()) {
                String version = iam.getPolicy(r -> r.policyArn(attached.policyArn())).policy().defaultVersionId();
                policies.put("attached:" + attached.policyName(), document(iam.getPolicyVersion(
                        r -> r.policyArn(attached.policyArn()).versionId(version)).policyVersion().document()));
            }
            return new IamEvaluator.Principal(roleName, role.arn(), policies);
        }
    }

    /**
     * IAM returns policy documents URL-encoded (RFC 3986); moto returns them plain, and for a role's
     * inline {@code Policies} made by its CloudFormation as the Python repr of the document
     * ({@code {'Version': ...}}), which is read here with Python's own literal parser.
     */
    static JsonNode document(String text) {
        String plain = text.strip().startsWith("{") ? text : URLDecoder.decode(text, StandardCharsets.UTF_8);
        try {
            return JSON.readTree(plain);
        } catch (JsonProcessingException notJson) {
            try {
                return JSON.readTree(pythonLiteralToJson(plain));
            } catch (JsonProcessingException | RuntimeException e) {
                IllegalStateException failure = new IllegalStateException("a policy document is neither JSON nor a Python literal: " + plain, e);
                failure.addSuppressed(notJson);
                throw failure;
            }
        }
    }

    private static String pythonLiteralToJson(String literal) {
        try {
            Process process = new ProcessBuilder(System.getProperty(MotoServer.PYTHON_PROPERTY, "python3"), "-c",
                    "import ast, json, sys; print(json.dumps(ast.literal_eval(sys.stdin.read())))").start();
            try (var in = process.getOutputStream()) {
                in.write(literal.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("python could not read the literal: " + err);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * moto's {@code Fn::GetAtt <LogGroup>.Arn} lacks the {@code :*} that CloudFormation's has
     * ("arn:aws:logs:us-west-1:123456789012:log-group:/mystack-testgroup-12ABC1AB12A1:*", the
     * AWS::Logs::LogGroup return values), the suffix that makes such a Resource cover the group's
     * log streams. This puts it back on exactly the given groups' ARNs, as AWS would have resolved them.
     */
    public static IamEvaluator.Principal withCloudFormationLogGroupArns(IamEvaluator.Principal principal, List<String> logGroupArns) {
        Map<String, JsonNode> corrected = new LinkedHashMap<>();
        principal.policies().forEach((name, doc) -> {
            String text = doc.toString();
            for (String arn : logGroupArns) {
                text = text.replace("\"" + arn + "\"", "\"" + arn + ":*\"");
            }
            try {
                corrected.put(name, JSON.readTree(text));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
        return new IamEvaluator.Principal(principal.name(), principal.arn(), corrected);
    }

    /** Every action the policies allow, as written (a wildcard in an action stays a wildcard). */
    public static Set<String> allowedActions(IamEvaluator.Principal principal) {
        Set<String> actions = new TreeSet<>();
        for (JsonNode policy : principal.policies().values()) {
            JsonNode statements = policy.path("Statement");
            for (JsonNode statement : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
                if (!statement.path("Effect").asText().equals("Allow")) {
                    continue;
                }
                JsonNode action = statement.path("Action");
                if (action.isTextual()) {
                    actions.add(action.asText());
                } else {
                    action.forEach(a -> actions.add(a.asText()));
                }
                if (statement.has("NotAction")) {
                    actions.add("NotAction:" + statement.get("NotAction"));
                }
            }
        }
        return actions;
    }
}
