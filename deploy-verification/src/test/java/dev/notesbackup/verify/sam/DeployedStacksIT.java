package dev.notesbackup.verify.sam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.verify.DeployedStacks;
import dev.notesbackup.testsupport.Samconfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

@ExtendWith(MotoExtension.class)
class DeployedStacksIT {
    @Test
    void deploy_createsTheStackWithSamconfigsNameTagsAndParameters(MotoServer moto) {
        Samconfig.Env env = Samconfig.ofRepository().env("backup");
        DeployedStacks.Deployed deployed = DeployedStacks.deploy(moto.endpoint(), "backup");
        try (CloudFormationClient cfn = DeployedStacks.cloudFormation(moto.endpoint())) {
            var stack = cfn.describeStacks(r -> r.stackName(env.stackName())).stacks().get(0);
            assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
            assertThat(stack.stackId()).isEqualTo(deployed.stackId());
            assertThat(stack.tags()).extracting(t -> t.key() + "=" + t.value())
                    .containsExactlyInAnyOrderElementsOf(env.tags().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }
        assertThat(deployed.stackName()).isEqualTo(env.stackName());
        assertThat(deployed.parameters()).isEqualTo(env.parameterOverrides());
        assertThat(deployed.resourceTypes()).containsEntry("BackupFunctionRole", "AWS::IAM::Role");
        assertThat(deployed.physicalIds().get("BackupFunctionRole")).startsWith(env.stackName() + "-BackupFunctionRole-");
        assertThat(deployed.templateBody()).contains("\"AWS::Lambda::Function\"").doesNotContain("AWS::Serverless::");
    }
}
