package dev.notesbackup.backup.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.backup.guard.DeployGuard;
import dev.notesbackup.backup.guard.GuardVerdict;
import dev.notesbackup.backup.guard.ProjectIdentity;
import dev.notesbackup.backup.template.DeployLimitsContractTest;
import dev.notesbackup.testsupport.CloudFormationYaml;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.testsupport.SamPackage;
import dev.notesbackup.testsupport.Samconfig;
import dev.notesbackup.testsupport.StackWait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * The README's "Deploy safely" path for both stacks with exactly what the repository ships: the real
 * templates (SAM-transformed by the SAM translator, as CloudFormation transforms them, since moto does
 * not), samconfig.toml's stack names, parameter_overrides and tags, and the guard as production builds
 * it (refusing a Modify without reported Replacement).
 *
 * <p>What moto's change sets show here (5.2.1): a harmless change (a function's MemorySize) lists only
 * that function as Modify, never the unchanged tables, so the default guard can judge it; a change of
 * parameter values alone lists nothing at all (moto diffs the template text only).
 */
@ExtendWith(MotoExtension.class)
class ShippedStacksGuardIT {
    static final Path ROOT = CloudFormationYaml.projectRoot();
    static final Pattern MEMORY_SIZE = Pattern.compile("\"MemorySize\": (\\d+)");

    CloudFormationClient cfn;

    @AfterEach
    void close() {
        if (cfn != null) {
            cfn.close();
        }
    }

    @ParameterizedTest(name = "{0} stack")
    @ValueSource(strings = {"backup", "notes"})
    void harmlessChange_isAllowed_whenMadeWithTheShippedTemplateParametersAndTags(String envName, MotoServer moto) throws Exception {
        Samconfig.Env env = Samconfig.ofRepository().env(envName);
        String deployed = deploy(moto, env, env.tags());

        GuardVerdict verdict = new DeployGuard(cfn).checkTemplate(env.stackName(), doubledMemory(deployed),
                env.parameterOverrides(), env.tags(), false);

        assertThat(verdict.allowed()).as(verdict.explain()).isTrue();
        String identity = identityOf(env);
        assertThat(verdict.deployed()).isEqualTo(new ProjectIdentity(identity, identity));
        assertThat(verdict.incoming()).isEqualTo(new ProjectIdentity(identity, identity));
        assertThat(verdict.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo("Modify");
            assertThat(change.resourceType()).isEqualTo("AWS::Lambda::Function");
        });
    }

    @ParameterizedTest(name = "{0} stack")
    @ValueSource(strings = {"backup", "notes"})
    void anotherProjectsTemplate_isRefused_whenTheShippedStackIsDeployed(String envName, MotoServer moto) throws Exception {
        Samconfig.Env env = Samconfig.ofRepository().env(envName);
        deploy(moto, env, env.tags());
        String otherProject = Files.readString(ROOT.resolve("backup-service/src/test/resources/guard/other-project.yaml"));

        GuardVerdict verdict = new DeployGuard(cfn).checkTemplate(env.stackName(), otherProject, Map.of());

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reasons()).anySatisfy(r -> assertThat(r)
                .startsWith("stack " + env.stackName() + " belongs to project " + identityOf(env))
                .contains("someone-else/link-shortener"));
        if (envName.equals("notes")) {
            assertThat(verdict.reasons()).filteredOn(r -> r.contains("would DELETE table")).hasSize(2);
        }
    }

    /**
     * A backup stack deployed with the tag the repository used to ship (project=notes-backup) is refused,
     * and the reason says which file to fix and how to re-tag the stack.
     */
    @Test
    void staleTagOnTheDeployedBackupStack_isRefused_namingSamconfigAndTheRetagCommand(MotoServer moto) throws Exception {
        Samconfig.Env env = Samconfig.ofRepository().env("backup");
        String deployed = deploy(moto, env, Map.of("project", "notes-backup"));
        DeployGuard guard = new DeployGuard(cfn);

        GuardVerdict refused = guard.checkTemplate(env.stackName(), doubledMemory(deployed), env.parameterOverrides(),
                env.tags(), false);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reasons()).singleElement().asString()
                .startsWith("stack notes-backup is tagged project=notes-backup, but its deployed template's"
                        + " Metadata.ProjectIdentity is notes-backup/backup-stack")
                .contains("samconfig.toml")
                .contains("aws cloudformation update-stack --stack-name notes-backup --use-previous-template")
                .contains("--tags Key=project,Value=notes-backup/backup-stack");

        // (the re-tag itself cannot be shown here: moto answers a tags-only update-stack with "No updates are
        // to be performed", where AWS updates the tags)
    }

    /**
     * One table name more than the role's inline policies hold: moto would accept it, AWS fails the update;
     * the guard refuses it first. The same count less one is allowed.
     */
    @Test
    void tableNamesPastTheRolePolicyLimit_areRefused_namingTheLimitTheSizeAndTheRemedy(MotoServer moto) throws Exception {
        Samconfig.Env env = Samconfig.ofRepository().env("backup");
        String deployed = deploy(moto, env, env.tags());
        int fit = DeployLimitsContractTest.computed().iam(); // names of 40 characters, Audit and RestoreDrill off
        DeployGuard guard = new DeployGuard(cfn);

        GuardVerdict refused = guard.checkTemplate(env.stackName(), deployed, Map.of("TableNames", names(fit + 1)),
                env.tags(), false);
        GuardVerdict allowed = guard.checkTemplate(env.stackName(), deployed, Map.of("TableNames", names(fit)),
                env.tags(), false);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reasons()).singleElement().asString()
                .startsWith("role BackupFunctionRole's inline policies would be ")
                .contains("over IAM's limit of 10,240 characters")
                .contains("TableNames has " + (fit + 1) + " entries")
                .contains("a name prefix such as notes-*");
        assertThat(allowed.allowed()).as(allowed.explain()).isTrue();
    }

    static String names(int n) {
        return String.join(",", DeployLimitsContractTest.names(n));
    }

    // ---- deploying as sam deploy would -----------------------------------------------------------

    /** Deploys the env's template, transformed, with its parameter_overrides and the given tags; returns the body. */
    String deploy(MotoServer moto, Samconfig.Env env, Map<String, String> tags) throws Exception {
        cfn = LocalAws.client(CloudFormationClient.builder(), moto.endpoint(), LocalAws.noRetries());
        String body = transform(moto, env);
        cfn.createStack(r -> r.stackName(env.stackName()).templateBody(body)
                .parameters(env.parameterOverrides().entrySet().stream()
                        .map(e -> Parameter.builder().parameterKey(e.getKey()).parameterValue(e.getValue()).build()).toList())
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
                .capabilities(env.capabilities().stream().map(Capability::fromValue).toList()));
        StackWait.untilCreateComplete(cfn, env.stackName());
        return body;
    }

    /** The template as CloudFormation runs it (SAM transform applied); the functions' code is a placeholder. */
    static String transform(MotoServer moto, Samconfig.Env env) {
        return SamPackage.transformWithPlaceholderCode(env.templateFile(), moto.endpoint(), "sam-artifacts",
                env.stackName(), env.parameterOverrides());
    }

    /** The same template with every function's MemorySize doubled: a change that touches no table. */
    static String doubledMemory(String body) {
        Matcher matcher = MEMORY_SIZE.matcher(body);
        StringBuilder result = new StringBuilder();
        int found = 0;
        while (matcher.find()) {
            found++;
            matcher.appendReplacement(result, "\"MemorySize\": " + 2 * Integer.parseInt(matcher.group(1)));
        }
        matcher.appendTail(result);
        assertThat(found).as("functions with a MemorySize").isEqualTo(1);
        return result.toString();
    }

    static String identityOf(Samconfig.Env env) {
        Object identity = ((Map<?, ?>) CloudFormationYaml.load(env.templateFile()).get("Metadata")).get("ProjectIdentity");
        assertThat(identity).as(env.templateFile() + " Metadata.ProjectIdentity").isInstanceOf(String.class);
        return (String) identity;
    }
}
