package dev.notesbackup.verify.sam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.testsupport.SamPackage;
import dev.notesbackup.testsupport.Samconfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(MotoExtension.class)
class SamPackageIT {
    @Test
    void transform_uploadsTheJarAndLeavesNoServerlessResource(MotoServer moto) throws Exception {
        Samconfig.Env backup = Samconfig.ofRepository().env("backup");
        try (S3Client s3 = LocalAws.client(S3Client.builder().forcePathStyle(true), moto.endpoint(), LocalAws.noRetries())) {
            s3.createBucket(r -> r.bucket("sam-artifacts"));
            String json = SamPackage.transform(backup.templateFile(), moto.endpoint(), "sam-artifacts",
                    backup.stackName(), backup.parameterOverrides());
            JsonNode template = new ObjectMapper().readTree(json);
            JsonNode code = template.path("Resources").path("BackupFunction").path("Properties").path("Code");
            assertThat(template.path("Resources").findValuesAsText("Type")).noneMatch(t -> t.startsWith("AWS::Serverless::"));
            assertThat(code.path("S3Bucket").asText()).isEqualTo("sam-artifacts");
            long size = s3.headObject(r -> r.bucket("sam-artifacts").key(code.path("S3Key").asText())).contentLength();
            assertThat(size).isGreaterThan(1_000_000);
        }
    }
}
