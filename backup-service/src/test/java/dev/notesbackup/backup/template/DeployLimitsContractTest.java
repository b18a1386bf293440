package dev.notesbackup.backup.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.backup.cfn.CloudFormationTemplate;
import dev.notesbackup.backup.guard.DeployLimits;
import dev.notesbackup.testsupport.CloudFormationYaml;
import dev.notesbackup.testsupport.IntrinsicEvaluator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How many table names the backup stack takes before an AWS limit refuses the deploy, computed from
 * the real template.yaml (its intrinsic functions evaluated as CloudFormation would, for names of 40
 * characters and the stack name notes-backup), and stated where the operator adds names: the README's
 * "Add a table to the backups" and the template's TableNames parameter. The limits:
 * IAM 10,240 characters for all inline policies of one role (whitespace not counted), Lambda 4 KB for
 * a function's environment (its JSON form), CloudFormation 4,096 bytes for a parameter value.
 * Also: the deploy guard's own estimate refuses exactly past the computed limit.
 */
public class DeployLimitsContractTest {
    static final int NAME_LENGTH = 40;
    static final String STACK = "notes-backup";
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";
    static final ObjectMapper JSON = new ObjectMapper();

    static Path root;
    static Map<String, Object> template;
    static String templateText;

    @BeforeAll
    static void load() {
        root = CloudFormationYaml.projectRoot();
        try {
            templateText = Files.readString(root.resolve("template.yaml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        template = CloudFormationYaml.parse(templateText);
    }

    /** A vault bucket and account, for the limits with the vault on (its policy holds two more ARNs per entry). */
    static final String VAULT_BUCKET = "notes-backup-vault-222222222222";
    static final String VAULT_ACCOUNT = "222222222222";

    /**
     * Most entries of 40 characters per limit; the IAM ones without options, with Audit, RestoreDrill,
     * both, with the vault, and with all three.
     */
    public record Limits(int iam, int iamWithAudit, int iamWithDrill, int iamWithBoth, int iamWithVault, int iamWithAll,
                         int environment, int parameter) {
    }

    /** Computed from the template on disk. */
    public static Limits computed() {
        if (template == null) {
            load();
        }
        return new Limits(
                maxNames(n -> rolePolicyChars(names(n), false, false, false) <= DeployLimits.ROLE_INLINE_POLICIES_CHARS),
                maxNames(n -> rolePolicyChars(names(n), true, false, false) <= DeployLimits.ROLE_INLINE_POLICIES_CHARS),
                maxNames(n -> rolePolicyChars(names(n), false, true, false) <= DeployLimits.ROLE_INLINE_POLICIES_CHARS),
                maxNames(n -> rolePolicyChars(names(n), true, true, false) <= DeployLimits.ROLE_INLINE_POLICIES_CHARS),
                maxNames(n -> rolePolicyChars(names(n), false, false, true) <= DeployLimits.ROLE_INLINE_POLICIES_CHARS),
                maxNames(n -> rolePolicyChars(names(n), true, true, true) <= DeployLimits.ROLE_INLINE_POLICIES_CHARS),
                maxNames(n -> environmentBytes(names(n)) <= DeployLimits.FUNCTION_ENVIRONMENT_BYTES),
                maxNames(n -> String.join(",", names(n)).getBytes(StandardCharsets.UTF_8).length
                        <= DeployLimits.PARAMETER_VALUE_BYTES));
    }

    @Test
    void theRolesPolicyIsTheLimit_andTheReadmeStatesTheComputedNumbers() throws Exception {
        Limits limits = computed();
        String readme = Files.readString(root.resolve("README.md"));

        assertThat(limits.iam()).as("IAM binds first").isLessThan(limits.environment());
        assertThat(limits.environment()).isLessThanOrEqualTo(limits.parameter());
        assertThat(limits.iamWithBoth()).isLessThan(limits.iamWithAudit()).isLessThan(limits.iam());
        assertThat(limits.iamWithBoth()).isLessThan(limits.iamWithDrill()).isLessThan(limits.iam());
        assertThat(limits.iamWithAll()).isLessThan(limits.iamWithBoth()).isLessThan(limits.iamWithVault()).isLessThan(limits.iam());

        Matcher stated = Pattern.compile(("with names of 40 characters at most \\*\\*(\\d+)\\*\\* entries fit \\(\\*\\*(\\d+)\\*\\*"
                + " with `Audit`, \\*\\*(\\d+)\\*\\* with `RestoreDrill`, \\*\\*(\\d+)\\*\\* with both\\)")
                .replace(" ", "\\s+")).matcher(readme);
        assertThat(stated.find()).as("README.md states the limits in its \"Add a table\" section, computed: %s", limits).isTrue();
        assertThat(List.of(stated.group(1), stated.group(2), stated.group(3), stated.group(4))).as("README.md's numbers")
                .containsExactly(String.valueOf(limits.iam()), String.valueOf(limits.iamWithAudit()),
                        String.valueOf(limits.iamWithDrill()), String.valueOf(limits.iamWithBoth()));
        Matcher vault = Pattern.compile("with the vault on \\*\\*(\\d+)\\*\\* entries fit, \\*\\*(\\d+)\\*\\* with all three"
                .replace(" ", "\\s+")).matcher(readme);
        assertThat(vault.find()).as("README.md states the limits with the vault, computed: %s", limits).isTrue();
        assertThat(List.of(vault.group(1), vault.group(2)))
                .containsExactly(String.valueOf(limits.iamWithVault()), String.valueOf(limits.iamWithAll()));
        Matcher others = Pattern.compile(("the function's environment \\(4 KB\\) would take (\\d+) and the parameter"
                + " \\(4,096 bytes\\) (\\d+)").replace(" ", "\\s+")).matcher(readme);
        assertThat(others.find()).as("README.md states the other limits").isTrue();
        assertThat(List.of(others.group(1), others.group(2)))
                .containsExactly(String.valueOf(limits.environment()), String.valueOf(limits.parameter()));
    }

    @Test
    void theTemplateStatesTheComputedLimit_whereTableNamesIsDeclared_andClaimsNoMore() {
        Limits limits = computed();
        int tableNames = templateText.indexOf("\n  TableNames:\n");
        int nextParameter = templateText.indexOf("\n  RetentionDays:\n");
        String declaration = templateText.substring(tableNames, nextParameter);

        assertThat(declaration.replaceAll("\\s+#\\s+", " ")).contains("at most " + limits.iam() + " entries of 40 characters fit ("
                + limits.iamWithBoth() + " with Audit and RestoreDrill on; " + limits.iamWithVault() + " with the vault, "
                + limits.iamWithAll() + " with all three)");
        assertThat(templateText).doesNotContainIgnoringCase("sized for 1,000 tables");
    }

    @Test
    void theGuardsEstimate_refusesJustPastEachComputedLimit_andAllowsAtIt() {
        Limits limits = computed();
        Map<String, Object> parsed = CloudFormationTemplate.parse(templateText).document();
        DeployLimits.Stack stack = new DeployLimits.Stack(STACK, "aws", REGION, ACCOUNT);
        record Case(int limit, String audit, String drill, boolean vault) {
        }
        for (Case c : List.of(new Case(limits.iam(), "false", "false", false), new Case(limits.iamWithAudit(), "true", "false", false),
                new Case(limits.iamWithDrill(), "false", "true", false), new Case(limits.iamWithBoth(), "true", "true", false),
                new Case(limits.iamWithVault(), "false", "false", true), new Case(limits.iamWithAll(), "true", "true", true))) {
            DeployLimits.Findings at = DeployLimits.check(parsed, parameters(c.limit(), c.audit(), c.drill(), c.vault()), stack);
            DeployLimits.Findings past = DeployLimits.check(parsed, parameters(c.limit() + 1, c.audit(), c.drill(), c.vault()), stack);

            assertThat(at.reasons()).as(c + " at the limit").isEmpty();
            assertThat(at.notes()).as(c + " at the limit").isEmpty();
            assertThat(past.reasons()).as(c + " past the limit").singleElement().asString()
                    .startsWith("role BackupFunctionRole's inline policies would be ")
                    .contains("over IAM's limit of 10,240 characters")
                    .contains("TableNames has " + (c.limit() + 1) + " entries")
                    .contains("a name prefix such as notes-*");
        }
        DeployLimits.Findings environment = DeployLimits.check(parsed, parameters(limits.environment() + 1, "false", "false", false), stack);
        assertThat(environment.reasons()).anySatisfy(r -> assertThat(r)
                .startsWith("function BackupFunction's environment variables would be ")
                .contains("over Lambda's limit of 4 KB (4,096 bytes)"));
        assertThat(DeployLimits.parameterTooLong("TableNames", String.join(",", names(limits.parameter())))).isEmpty();
        assertThat(DeployLimits.parameterTooLong("TableNames", String.join(",", names(limits.parameter() + 1))))
                .get().asString().startsWith("parameter TableNames is ").contains("over CloudFormation's limit of 4,096 bytes");
    }

    // ---- computing from the template ----------------------------------------------------------

    static Map<String, String> parameters(int names, String audit, String drill, boolean vault) {
        Map<String, String> parameters = new HashMap<>(Map.of("TableNames", String.join(",", names(names)), "Audit", audit,
                "RestoreDrill", drill));
        if (vault) {
            parameters.put("VaultBucket", VAULT_BUCKET);
            parameters.put("VaultAccountId", VAULT_ACCOUNT);
        }
        return parameters;
    }

    /** n distinct table names of exactly 40 characters. */
    public static List<String> names(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String prefix = "orders-of-region-" + i + "-";
            names.add(prefix + "x".repeat(NAME_LENGTH - prefix.length()));
        }
        return names;
    }

    static int maxNames(IntPredicate fits) {
        int n = 0;
        while (fits.test(n + 1)) {
            n++;
            assertThat(n).as("a limit within 100,000 names").isLessThan(100_000);
        }
        return n;
    }

    static IntrinsicEvaluator evaluator(List<String> names, boolean audit, boolean drill, boolean vault) {
        Map<String, Object> values = new HashMap<>();
        values.put("AWS::Region", REGION);
        values.put("AWS::AccountId", ACCOUNT);
        values.put("AWS::Partition", "aws");
        values.put("AWS::StackName", STACK);
        values.put("AWS::URLSuffix", "amazonaws.com");
        map(template.get("Parameters")).forEach((name, declaration) -> {
            Object fallback = map(declaration).get("Default");
            if (fallback != null) {
                values.put(name, String.valueOf(fallback));
            }
        });
        values.put("TableNames", names);
        values.put("Audit", String.valueOf(audit));
        values.put("RestoreDrill", String.valueOf(drill));
        if (vault) {
            values.put("VaultBucket", VAULT_BUCKET);
            values.put("VaultAccountId", VAULT_ACCOUNT);
        }
        // what CloudFormation gives for the ARNs the role names: the log group's (its name is fixed
        // by the template) and the queue's (stack name, logical id and a 12-character suffix)
        values.put("BackupLogGroup.Arn", "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:/aws/lambda/" + STACK
                + "-scheduled-backup:*");
        values.put("BackupDeadLetterQueue.Arn", "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + STACK
                + "-BackupDeadLetterQueue-Ab12Cd34Ef56");
        values.put("BackupFunctionRole", STACK + "-BackupFunctionRole-Ab12Cd34Ef56");
        // the function's, which the continuation's policy names (CloudFormation names the function like the queue)
        values.put("BackupFunction.Arn", "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + STACK
                + "-BackupFunction-Ab12Cd34Ef56");
        return new IntrinsicEvaluator(values, map(template.get("Conditions")));
    }

    /** All inline policies of the function's role, as IAM counts them: their JSON without whitespace. */
    static int rolePolicyChars(List<String> names, boolean audit, boolean drill, boolean vault) {
        IntrinsicEvaluator evaluator = evaluator(names, audit, drill, vault);
        Map<String, Object> resources = map(template.get("Resources"));
        List<Object> documents = new ArrayList<>();
        for (Object policy : (List<?>) map(map(resources.get("BackupFunctionRole")).get("Properties")).get("Policies")) {
            documents.add(evaluator.evaluate(map(policy).get("PolicyDocument")));
        }
        resources.forEach((id, raw) -> {
            Map<String, Object> resource = map(raw);
            Map<String, Object> properties = map(resource.get("Properties"));
            if ("AWS::IAM::Policy".equals(resource.get("Type"))) {
                assertThat(properties.get("Roles")).as(id).isEqualTo(List.of(Map.of("Ref", "BackupFunctionRole")));
                Object condition = resource.get("Condition");
                if (condition == null || evaluator.evaluateBoolean(map(template.get("Conditions")).get(condition))) {
                    documents.add(evaluator.evaluate(properties.get("PolicyDocument")));
                }
            }
        });
        int chars = 0;
        for (Object document : documents) {
            chars += json(document).replaceAll("\\s", "").length();
        }
        return chars;
    }

    /** The function's environment as Lambda measures it: the JSON of its variables. */
    static int environmentBytes(List<String> names) {
        Map<String, Object> function = map(map(template.get("Resources")).get("BackupFunction"));
        Object variables = map(map(function.get("Properties")).get("Environment")).get("Variables");
        return json(evaluator(names, false, false, false).evaluate(variables)).getBytes(StandardCharsets.UTF_8).length;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return new LinkedHashMap<>((Map<String, Object>) value);
    }
}
