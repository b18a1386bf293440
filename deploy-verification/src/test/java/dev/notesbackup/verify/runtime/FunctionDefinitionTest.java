package dev.notesbackup.verify.runtime;

import dev.notesbackup.testsupport.lambdaruntime.FunctionDefinition;
import dev.notesbackup.testsupport.lambdaruntime.LambdaEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notesbackup.testsupport.Samconfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionDefinitionTest {
    private static final String TEMPLATE = String.join("\n",
            "Transform: AWS::Serverless-2016-10-31",
            "Parameters:",
            "  Names: {Type: CommaDelimitedList}",
            "  Level: {Type: String, Default: debug}",
            "Globals:",
            "  Function:",
            "    Runtime: java21",
            "    Timeout: 20",
            "    Environment:",
            "      Variables: {SHARED: from-globals, OVERRIDDEN: globals}",
            "Resources:",
            "  Table: {Type: AWS::DynamoDB::Table}",
            "  Logs:",
            "    Type: AWS::Logs::LogGroup",
            "    Properties: {LogGroupName: !Sub '/custom/${AWS::StackName}'}",
            "  Fn:",
            "    Type: AWS::Serverless::Function",
            "    Properties:",
            "      Handler: example.Handler::handle",
            "      CodeUri: target/fn.jar",
            "      MemorySize: 256",
            "      LoggingConfig: {LogFormat: JSON, ApplicationLogLevel: !Ref Level, LogGroup: !Ref Logs}",
            "      Environment:",
            "        Variables:",
            "          OVERRIDDEN: function",
            "          NAMES: !Join [';', !Ref Names]",
            "          TABLE: !Ref Table",
            "      Events:",
            "        Get: {Type: HttpApi, Properties: {Path: '/items/{id}', Method: get}}",
            "        Tick: {Type: Schedule, Properties: {Schedule: rate(1 day)}}",
            "");

    @Test
    void fromTemplate_mergesGlobals_resolvesParametersAndResourceNames(@TempDir Path dir) throws IOException {
        Samconfig.Env env = env(dir, Map.of("Names", "a,b"));

        FunctionDefinition fn = FunctionDefinition.fromTemplate(env, "Fn", Map.of("Level", "WARN"));

        assertThat(fn.handler()).isEqualTo("example.Handler::handle");
        assertThat(fn.runtime()).isEqualTo("java21");
        assertThat(fn.timeoutSeconds()).isEqualTo(20);
        assertThat(fn.memorySize()).isEqualTo(256);
        assertThat(fn.environment()).containsOnly(
                Map.entry("SHARED", "from-globals"),
                Map.entry("OVERRIDDEN", "function"),
                Map.entry("NAMES", "a;b"),
                Map.entry("TABLE", FunctionDefinition.physicalName("my-stack", "Table")));
        assertThat(fn.jsonLogs()).isTrue();
        assertThat(fn.applicationLogLevel()).isEqualTo("WARN");
        assertThat(fn.logGroup()).isEqualTo("/custom/my-stack");
        assertThat(fn.code()).isEqualTo(dir.resolve("target/fn.jar"));
        assertThat(fn.httpRoutes()).containsExactly("GET /items/{id}");
        assertThat(fn.functionName()).isEqualTo(FunctionDefinition.physicalName("my-stack", "Fn"));
    }

    @Test
    void lambdaVariables_translateTheLoggingConfig_andDefaultTheJsonLevelToInfo(@TempDir Path dir) throws IOException {
        FunctionDefinition fn = FunctionDefinition.fromTemplate(env(dir, Map.of("Names", "a")), "Fn", Map.of());

        assertThat(LambdaEnvironment.lambdaVariables(fn, "eu-west-1", "127.0.0.1:1", dir, dir))
                .containsEntry("AWS_LAMBDA_LOG_FORMAT", "JSON")
                .containsEntry("AWS_LAMBDA_LOG_LEVEL", "DEBUG")
                .containsEntry("_HANDLER", "example.Handler::handle")
                .containsEntry("AWS_REGION", "eu-west-1")
                .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
                .containsEntry("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        assertThat(LambdaEnvironment.lambdaVariables(fn.withApplicationLogLevel(null), "eu-west-1", "127.0.0.1:1", dir, dir))
                .containsEntry("AWS_LAMBDA_LOG_LEVEL", "INFO");
        assertThat(LambdaEnvironment.lambdaVariables(fn, "eu-west-1", "127.0.0.1:1", dir, dir).keySet())
                .allMatch(name -> LambdaEnvironment.RESERVED.contains(name) || List.of("LANG", "TZ", "PATH").contains(name));
    }

    @Test
    void fromTemplate_refusesAnOverrideOfAParameterTheTemplateDoesNotDeclare(@TempDir Path dir) throws IOException {
        Samconfig.Env env = env(dir, Map.of("Names", "a", "Nmaes", "typo"));

        assertThatThrownBy(() -> FunctionDefinition.fromTemplate(env, "Fn", Map.of()))
                .hasMessageContaining("Nmaes");
    }

    private static Samconfig.Env env(Path dir, Map<String, String> overrides) throws IOException {
        Path template = dir.resolve("template.yaml");
        Files.writeString(template, TEMPLATE);
        return new Samconfig.Env("test", "my-stack", template, "us-east-1", List.of(), overrides, Map.of());
    }
}
