package dev.notesbackup.verify.iam;

import dev.notesbackup.testsupport.CloudFormationYaml;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The independent IAM policy evaluator: {@code deploy-verification/iam/evaluate.js}, which runs
 * {@code @cloud-copilot/iam-simulate} (installed by the build's {@code npm ci}), as a child node
 * process. The engine's code is never loaded into this JVM or shipped.
 */
public final class IamEvaluator {
    /** The node executable (default {@code node}). */
    public static final String NODE_PROPERTY = "iam.node";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A role: its ARN and its resolved policies (name to policy document). */
    public record Principal(String name, String arn, Map<String, JsonNode> policies) {
    }

    /** One evaluated request: {@code Allowed}, {@code ExplicitlyDenied}, {@code ImplicitlyDenied} or {@code Error}. */
    public record Decision(Principal principal, IamRequest request, String decision, String errors) {
        public boolean allowed() {
            return decision.equals("Allowed");
        }

        public boolean denied() {
            return decision.equals("ExplicitlyDenied") || decision.equals("ImplicitlyDenied");
        }

        @Override
        public String toString() {
            return decision + ": " + principal.name() + " " + request + (errors == null ? "" : " " + errors);
        }
    }

    private IamEvaluator() {
    }

    public static Path directory() {
        return CloudFormationYaml.projectRoot().resolve("deploy-verification/iam");
    }

    /** Evaluates every request for the principal, in one node process. */
    public static List<Decision> evaluate(Principal principal, List<IamRequest> requests) {
        return evaluate(principal, requests, request -> null);
    }

    /**
     * Evaluates every request for the principal against its identity policies and the resource's
     * own policy (e.g. a bucket policy; null for none), as AWS does for a request to that resource:
     * in another account both must allow it, and an explicit deny in either wins.
     */
    public static List<Decision> evaluate(Principal principal, JsonNode resourcePolicy, List<IamRequest> requests) {
        return evaluate(principal, requests, request -> resourcePolicy);
    }

    /** As above, each request with its resource's policy ({@code resourcePolicy} gives it, or null for none). */
    public static List<Decision> evaluate(Principal principal, List<IamRequest> requests,
                                          java.util.function.Function<IamRequest, JsonNode> resourcePolicy) {
        Path script = directory().resolve("evaluate.js");
        if (!Files.isDirectory(directory().resolve("node_modules/@cloud-copilot/iam-simulate"))) {
            throw new IllegalStateException("the IAM evaluator is not installed: run `npm ci` in " + directory()
                    + " (the build does it before the integration tests)");
        }
        ObjectNode input = JSON.createObjectNode();
        ArrayNode policies = input.putObject("policySets").putArray(principal.name());
        principal.policies().forEach((name, doc) -> policies.addObject().put("name", name).set("policy", doc));
        ArrayNode array = input.putArray("requests");
        for (int i = 0; i < requests.size(); i++) {
            IamRequest request = requests.get(i);
            ObjectNode node = array.addObject()
                    .put("id", Integer.toString(i))
                    .put("policySet", principal.name())
                    .put("principal", principal.arn())
                    .put("action", request.action())
                    .put("resource", request.resource())
                    .put("resourceAccount", request.account());
            ObjectNode context = node.putObject("context");
            request.context(principal.arn()).forEach(context::put);
            JsonNode policy = resourcePolicy.apply(request);
            if (policy != null) {
                node.set("resourcePolicy", policy);
            }
        }
        JsonNode output = run(script, input);
        List<Decision> decisions = new ArrayList<>();
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        output.path("results").forEach(r -> byId.put(r.path("id").asText(), r));
        for (int i = 0; i < requests.size(); i++) {
            JsonNode result = byId.get(Integer.toString(i));
            if (result == null) {
                throw new IllegalStateException("evaluate.js gave no result for " + requests.get(i));
            }
            decisions.add(new Decision(principal, requests.get(i), result.path("decision").asText(),
                    result.has("errors") ? result.get("errors").toString() : null));
        }
        return decisions;
    }

    private static JsonNode run(Path script, JsonNode input) {
        try {
            Path in = Files.createTempFile("iam-in-", ".json");
            Path out = Files.createTempFile("iam-out-", ".json");
            Path err = Files.createTempFile("iam-err-", ".txt");
            try {
                Files.writeString(in, JSON.writeValueAsString(input), StandardCharsets.UTF_8);
                Process process = new ProcessBuilder(System.getProperty(NODE_PROPERTY, "node"), script.toString())
                        .directory(directory().toFile())
                        .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("evaluate.js did not finish in 120 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("evaluate.js exited " + process.exitValue() + ": "
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return JSON.readTree(out.toFile());
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run node (install Node.js 20+, or set -D" + NODE_PROPERTY + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
