package dev.notesbackup.backup.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

class AwsClientsTest {

    @Test
    void cloudFormation_usesTheTargetsRegionAndEndpoint_GIVEN_overrides() {
        try (SdkHttpClient http = AwsClients.httpClient();
             CloudFormationClient cfn = AwsClients.cloudFormation(http,
                     new AwsClients.Target("eu-west-1", null, URI.create("http://127.0.0.1:4566")))) {
            assertThat(cfn.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
            assertThat(cfn.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:4566"));
        }
    }
}
