package dev.notesbackup.verify.runtime;

import dev.notesbackup.testsupport.lambdaruntime.FunctionDefinition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.testsupport.CloudFormationYaml;
import dev.notesbackup.testsupport.IntrinsicEvaluator;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.testsupport.SamPackage;
import dev.notesbackup.testsupport.Samconfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The runtime tier reads each function from the SAM template; the real SAM translator (as
 * {@code sam deploy} and CloudFormation apply it) must produce an {@code AWS::Lambda::Function}
 * with the same handler string, runtime, memory, timeout, logging configuration and environment,
 * so that what the tier runs is what Lambda would be configured with.
 */
@ExtendWith(MotoExtension.class)
class TranslatedFunctionIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"backup, BackupFunction", "notes, NotesApiFunction"})
    void translatedFunction_isTheFunctionTheTierRuns(String envName, String logicalId, MotoServer moto) throws Exception {
        Samconfig.Env env = Samconfig.ofRepository().env(envName);
        FunctionDefinition tier = FunctionDefinition.fromTemplate(env, logicalId, Map.of());
        String translated;
        try (S3Client s3 = LocalAws.client(S3Client.builder().forcePathStyle(true), moto.endpoint(), LocalAws.noRetries())) {
            s3.createBucket(r -> r.bucket("sam-artifacts"));
            translated = SamPackage.transform(env.templateFile(), moto.endpoint(), "sam-artifacts", env.stackName(),
                    env.parameterOverrides());
        }
        Map<String, Object> template = JSON.readValue(translated, new TypeReference<>() { });
        @SuppressWarnings("unchecked")
        Map<String, Object> function = (Map<String, Object>) ((Map<String, Object>) template.get("Resources")).get(logicalId);
        assertThat(function).as("the translator keeps the function's logical id").isNotNull();
        assertThat(function.get("Type")).isEqualTo("AWS::Lambda::Function");
        IntrinsicEvaluator evaluator = new IntrinsicEvaluator(
                FunctionDefinition.values(CloudFormationYaml.load(env.templateFile()), env, env.parameterOverrides()));
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = (Map<String, Object>) function.get("Properties");
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String key : new String[] {"Handler", "Runtime", "MemorySize", "Timeout", "LoggingConfig", "Environment"}) {
            properties.put(key, evaluator.evaluate(raw.get(key)));
        }

        assertThat(properties.get("Handler")).isEqualTo(tier.handler());
        assertThat(properties.get("Runtime")).isEqualTo(tier.runtime());
        assertThat(properties.get("MemorySize")).isEqualTo(Integer.toString(tier.memorySize()));
        assertThat(properties.get("Timeout")).isEqualTo(Integer.toString(tier.timeoutSeconds()));
        @SuppressWarnings("unchecked")
        Map<String, Object> logging = (Map<String, Object>) properties.get("LoggingConfig");
        assertThat(logging.get("LogFormat")).isEqualTo(tier.logFormat());
        assertThat(logging.get("ApplicationLogLevel")).isEqualTo(tier.applicationLogLevel());
        assertThat(logging.get("LogGroup")).isEqualTo(tier.logGroup());
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) properties.get("Environment")).get("Variables");
        assertThat(new LinkedHashMap<>(variables)).isEqualTo(new LinkedHashMap<>(tier.environment()));
    }
}
