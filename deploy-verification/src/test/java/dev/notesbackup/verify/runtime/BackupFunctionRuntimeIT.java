package dev.notesbackup.verify.runtime;

import dev.notesbackup.testsupport.lambdaruntime.FunctionDefinition;
import dev.notesbackup.testsupport.lambdaruntime.LambdaEnvironment;
import dev.notesbackup.testsupport.lambdaruntime.RuntimeApiServer;
import dev.notesbackup.testsupport.lambdaruntime.RuntimeInterfaceClient;
import dev.notesbackup.testsupport.lambdaruntime.TemplateTables;

import dev.notesbackup.testsupport.CloudFormationYaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.testsupport.Samconfig;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;

/**
 * The backup stack's function run by AWS's runtime interface client against the local Runtime API,
 * with the handler string, environment and logging configuration of template.yaml as samconfig.toml's
 * backup env deploys it, on the notes stack's tables (the names CloudFormation gives them in the
 * notes env's stack, which the shipped table prefix selects).
 */
@ExtendWith(MotoExtension.class)
class BackupFunctionRuntimeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RuntimeInterfaceClient ric;
    private static String scheduledEvent;

    private final Samconfig.Env backup = Samconfig.ofRepository().env("backup");
    private final Samconfig.Env notes = Samconfig.ofRepository().env("notes");
    private DynamoDbClient dynamo;
    private List<String> notesTables;

    @BeforeAll
    static void runtime() throws IOException {
        ric = RuntimeInterfaceClient.fromBuild();
        scheduledEvent = Files.readString(CloudFormationYaml.projectRoot().resolve("backup-service/events/scheduled-event.json"));
    }

    @BeforeEach
    void tables(MotoServer moto) {
        dynamo = LocalAws.dynamoDb(moto.endpoint());
        notesTables = List.copyOf(TemplateTables.create(dynamo, notes).values());
        // a table of another application, which the shipped prefix must not select
        dynamo.createTable(r -> r.tableName("billing-invoices").billingMode("PAY_PER_REQUEST")
                .keySchema(k -> k.attributeName("id").keyType("HASH"))
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S")));
    }

    @Test
    void scheduledEvent_backsUpEachConfiguredTableOnce_andItsRedeliveryMakesNoSecondBackup(MotoServer moto) throws Exception {
        FunctionDefinition function = FunctionDefinition.fromTemplate(backup, "BackupFunction", Map.of());
        assertThat(function.environment().get("BACKUP_TABLES"))
                .as("the shipped table list selects the notes stack's tables")
                .isEqualTo(backup.parameterOverrides().get("TableNames"));

        try (LambdaEnvironment lambda = LambdaEnvironment.start(function, backup.region(), moto.endpoint(), ric)) {
            RuntimeApiServer.Outcome first = lambda.invoke(scheduledEvent);
            assertThat(first.success()).as("first delivery: %s\n%s", first.body(), lambda.logLines()).isTrue();
            assertThat(ourBackupsPerTable()).as("one backup per notes table, none of other tables")
                    .containsOnlyKeys(notesTables.toArray(String[]::new))
                    .allSatisfy((table, backups) -> assertThat(backups).hasSize(1));
            JsonNode firstReport = onlyReport(lambda.stdout(), 0);
            assertThat(firstReport.path("totals").path("created").asInt()).isEqualTo(notesTables.size());
            assertThat(firstReport.path("failed").asBoolean()).isFalse();

            RuntimeApiServer.Outcome redelivery = lambda.invoke(scheduledEvent);
            assertThat(redelivery.success()).as("redelivery: %s\n%s", redelivery.body(), lambda.logLines()).isTrue();
            assertThat(ourBackupsPerTable()).as("the redelivery of the same slot makes no second backup")
                    .containsOnlyKeys(notesTables.toArray(String[]::new))
                    .allSatisfy((table, backups) -> assertThat(backups).hasSize(1));
            JsonNode secondReport = onlyReport(lambda.stdout(), 1);
            assertThat(secondReport.path("totals").path("created").asInt()).isZero();
            assertThat(secondReport.path("totals").path("skipped").asInt()).isEqualTo(notesTables.size());

            assertThat(lambda.api().paths()).as("two invocations answered, then the next poll")
                    .startsWith("GET /2018-06-01/runtime/invocation/next",
                            "POST /2018-06-01/runtime/invocation/" + first.requestId() + "/response",
                            "GET /2018-06-01/runtime/invocation/next",
                            "POST /2018-06-01/runtime/invocation/" + redelivery.requestId() + "/response")
                    .noneMatch(path -> path.contains("/error"));
        }
    }

    @Test
    void failingTable_postsAnInvocationError_whileTheOtherTablesAreBackedUp(MotoServer moto) throws Exception {
        String gone = "retired-notes-archive";
        FunctionDefinition function = FunctionDefinition.fromTemplate(backup, "BackupFunction",
                Map.of("TableNames", backup.parameterOverrides().get("TableNames") + "," + gone));

        try (LambdaEnvironment lambda = LambdaEnvironment.start(function, backup.region(), moto.endpoint(), ric)) {
            RuntimeApiServer.Outcome outcome = lambda.invoke(scheduledEvent);

            assertThat(outcome.success()).as("the invocation fails, so retries and the Errors alarm see it").isFalse();
            assertThat(lambda.api().paths()).contains("POST /2018-06-01/runtime/invocation/" + outcome.requestId() + "/error");
            JsonNode error = JSON.readTree(outcome.body());
            assertThat(error.path("errorType").asText()).isEqualTo("dev.notesbackup.backup.lambda.BackupRunFailedException");
            assertThat(error.path("errorMessage").asText()).contains(gone).contains("MISSING");
            assertThat(outcome.errorType()).as("Lambda-Runtime-Function-Error-Type").isNotBlank();

            assertThat(ourBackupsPerTable()).as("the existing tables are backed up all the same")
                    .containsOnlyKeys(notesTables.toArray(String[]::new))
                    .allSatisfy((table, backups) -> assertThat(backups).hasSize(1));
            JsonNode report = onlyReport(lambda.stdout(), 0);
            assertThat(report.path("failed").asBoolean()).isTrue();
            assertThat(report.path("tables").findValuesAsText("status")).containsExactlyInAnyOrder("OK", "OK", "MISSING");
            assertThat(lambda.isAlive()).as("an invocation error does not end the runtime").isTrue();
        }
    }

    @Test
    void badConfiguration_postsAnInitError_beforeAnyAwsCall(MotoServer moto) throws Exception {
        FunctionDefinition shipped = FunctionDefinition.fromTemplate(backup, "BackupFunction", Map.of());
        FunctionDefinition misconfigured = shipped.withEnvironment(Map.of("RETENTION_DAYS", "abc"));

        try (CountingForwarder aws = new CountingForwarder(moto.endpoint())) {
            try (LambdaEnvironment lambda = LambdaEnvironment.start(misconfigured, backup.region(), aws.endpoint(), ric)) {
                RuntimeApiServer.InitError initError = lambda.api().initError().get(60, java.util.concurrent.TimeUnit.SECONDS);
                int exit = lambda.awaitExit(Duration.ofSeconds(30));

                assertThat(lambda.api().paths()).as("init error first, no invocation fetched")
                        .containsExactly("POST /2018-06-01/runtime/init/error");
                JsonNode body = JSON.readTree(initError.body());
                assertThat(body.path("errorMessage").asText()).contains("RETENTION_DAYS").contains("abc");
                assertThat(initError.errorType()).isNotBlank();
                assertThat(exit).as("the runtime exits after an init error").isNotZero();
                assertThat(aws.connections()).as("no connection to AWS").isZero();
            }
            // the control: the same forwarder sees the shipped configuration's calls
            try (LambdaEnvironment lambda = LambdaEnvironment.start(shipped, backup.region(), aws.endpoint(), ric)) {
                assertThat(lambda.invoke(scheduledEvent).success()).as("%s", lambda.logLines()).isTrue();
                assertThat(aws.connections()).as("the forwarder counts the function's calls").isPositive();
            }
        }
    }

    /**
     * What the function's log group would receive from a cold start and a run: standard output and
     * standard error, and nothing but the raw JSON report and metric lines (issue 10, defect 6:
     * a JAVA_TOOL_OPTIONS variable makes the JVM print "Picked up JAVA_TOOL_OPTIONS" at every start).
     */
    @Test
    void coldStartAndRun_logNothingButJsonLines(MotoServer moto) {
        FunctionDefinition function = FunctionDefinition.fromTemplate(backup, "BackupFunction", Map.of());
        try (LambdaEnvironment lambda = LambdaEnvironment.start(function, backup.region(), moto.endpoint(), ric)) {
            assertThat(lambda.invoke(scheduledEvent).success()).as("%s", lambda.logLines()).isTrue();
            assertThat(lambda.stdout()).as("the report and its metric lines").hasSizeGreaterThan(1);
            assertThat(lambda.logLines()).as("stdout and stderr of the environment")
                    .allSatisfy(line -> assertThat(json(line)).as(line)
                            .hasValueSatisfying(node -> assertThat(node.has("type") || node.has("_aws")).isTrue()));
        }
    }

    /**
     * The tier runs the exact handler string: a method name the class does not have is caught here
     * (issue 10, defect 9: a contract test that checks only the class part would not).
     */
    @Test
    void misnamedHandlerMethod_failsTheInvocation(MotoServer moto) throws Exception {
        FunctionDefinition shipped = FunctionDefinition.fromTemplate(backup, "BackupFunction", Map.of());
        String className = shipped.handler().substring(0, shipped.handler().indexOf("::"));
        FunctionDefinition misnamed = new FunctionDefinition(shipped.logicalId(), shipped.functionName(),
                className + "::handleRequests", shipped.runtime(), shipped.memorySize(), shipped.timeoutSeconds(),
                shipped.environment(), shipped.logFormat(), shipped.applicationLogLevel(), shipped.logGroup(),
                shipped.code(), shipped.httpRoutes());
        try (LambdaEnvironment lambda = LambdaEnvironment.start(misnamed, backup.region(), moto.endpoint(), ric)) {
            java.util.concurrent.CompletableFuture<RuntimeApiServer.Outcome> outcome =
                    lambda.api().submit(scheduledEvent, Duration.ofSeconds(30), misnamed.arn(backup.region()));
            Object first = java.util.concurrent.CompletableFuture.anyOf(outcome, lambda.api().initError())
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);
            String posted = first instanceof RuntimeApiServer.Outcome o ? "invocation " + o.success() + " " + o.body()
                    : "init error " + first;
            assertThat(first).as("init succeeds; the invocation fails: %s\n%s", posted, lambda.logLines())
                    .isInstanceOf(RuntimeApiServer.Outcome.class);
            RuntimeApiServer.Outcome failed = (RuntimeApiServer.Outcome) first;
            assertThat(failed.success()).isFalse();
            assertThat(failed.body()).contains("No public method named handleRequests");
            assertThat(ourBackupsPerTable()).isEmpty();
        }
    }

    /** Our (prefix "scheduled-" of the template's BackupNamePrefix default) USER backups by table. */
    private Map<String, List<BackupSummary>> ourBackupsPerTable() {
        String prefix = FunctionDefinition.fromTemplate(backup, "BackupFunction", Map.of()).environment().get("BACKUP_NAME_PREFIX") + "-";
        List<BackupSummary> all = new java.util.ArrayList<>();
        String start = null;
        do {
            String from = start;
            ListBackupsResponse page = dynamo.listBackups(r -> r.backupType(BackupTypeFilter.USER).exclusiveStartBackupArn(from));
            all.addAll(page.backupSummaries());
            start = page.lastEvaluatedBackupArn();
        } while (start != null);
        return all.stream()
                .filter(b -> b.backupName().startsWith(prefix))
                .collect(java.util.stream.Collectors.groupingBy(BackupSummary::tableName));
    }

    /** The {@code index}-th backup-run-report line on standard output, which must be raw JSON. */
    private static JsonNode onlyReport(List<String> stdout, int index) {
        List<JsonNode> reports = stdout.stream().map(BackupFunctionRuntimeIT::json).flatMap(Optional::stream)
                .filter(node -> "backup-run-report".equals(node.path("type").asText())).toList();
        assertThat(reports).as("report lines on stdout: %s", stdout).hasSizeGreaterThan(index);
        return reports.get(index);
    }

    static Optional<JsonNode> json(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }
}
