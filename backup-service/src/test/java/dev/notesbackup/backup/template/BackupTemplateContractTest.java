package dev.notesbackup.backup.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.vault.VaultTarget;
import dev.notesbackup.backup.metrics.EmbeddedMetrics;
import dev.notesbackup.backup.config.ConfigException;
import dev.notesbackup.backup.config.TableSelector;
import dev.notesbackup.backup.lambda.ScheduledBackupHandler;
import dev.notesbackup.testsupport.CloudFormationYaml;
import dev.notesbackup.testsupport.LambdaJar;
import dev.notesbackup.testsupport.Samconfig;
import dev.notesbackup.testsupport.IntrinsicEvaluator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The backup stack's template (template.yaml at the project root) against what the backup service
 * needs and may do. Intrinsic functions are evaluated for sample parameter values, so the tests
 * read the role's statements as CloudFormation resolves them. What those statements allow is
 * decided by the independent IAM evaluator in deploy-verification (BackupTemplateIamIT).
 * Set -Dbackup.template=PATH to check another copy of the template.
 */
class BackupTemplateContractTest {
    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "123456789012";
    private static final List<String> TABLES = List.of("notes", "replies");
    private static final String LOG_GROUP_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/notes-backup-scheduled-backup:*";
    private static final String DLQ_ARN = "arn:aws:sqs:us-east-1:123456789012:notes-backup-BackupDeadLetterQueue-X1";

    private static final Set<String> BACKUP_ACTIONS = Set.of(
            "dynamodb:ListTables", "dynamodb:ListBackups", "dynamodb:CreateBackup", "dynamodb:DeleteBackup",
            "dynamodb:DescribeTable");
    private static final Set<String> LOG_ACTIONS = Set.of("logs:CreateLogStream", "logs:PutLogEvents");
    private static final Set<String> DEAD_LETTER_ACTIONS = Set.of("sqs:SendMessage");

    private static Map<String, Object> template;

    @BeforeAll
    static void loadTemplate() {
        template = CloudFormationYaml.load(CloudFormationYaml.templateFile("backup.template", "template.yaml"));
    }

    // ---- IAM ------------------------------------------------------------------------------------

    @Test
    void role_grantsExactlyTheBackupLogAndDeadLetterActions() {
        Set<String> actions = new LinkedHashSet<>();
        grants(TABLES).forEach(grant -> actions.addAll(grant.actions()));

        Set<String> expected = new LinkedHashSet<>(BACKUP_ACTIONS);
        expected.addAll(LOG_ACTIONS);
        expected.addAll(DEAD_LETTER_ACTIONS);
        assertThat(actions).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(grants(TABLES)).allSatisfy(grant -> assertThat(grant.effect()).isEqualTo("Allow"));
    }

    @Test
    void template_hasNoWildcardAction_inAnyPolicy() {
        List<String> actions = new ArrayList<>();
        walk(template, (key, value) -> {
            if (key.equals("Action") || key.equals("NotAction")) {
                actions.addAll(strings(value));
            }
        });

        assertThat(actions).isNotEmpty().noneMatch(action -> action.contains("*"));
    }

    @Test
    void template_neverMentions_dynamodbWildcardOrDeleteTable_outsideTheDrillsScratchPolicy() {
        List<String> texts = new ArrayList<>();
        Map<String, Object> withoutDrill = new LinkedHashMap<>(template);
        Map<String, Object> resources = new LinkedHashMap<>(map(template.get("Resources")));
        resources.remove("RestoreDrillPolicy");
        withoutDrill.put("Resources", resources);
        walk(withoutDrill, (key, value) -> {
            texts.add(key);
            if (value instanceof String text) {
                texts.add(text);
            } else if (value instanceof List<?> list) {
                list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(texts::add);
            }
        });

        // "dynamodb:*" as an action; the ARN pattern arn:*:dynamodb:*:... has ':' before it.
        Pattern allDynamoDbActions = Pattern.compile("(?<![:\\w])dynamodb:\\*", Pattern.CASE_INSENSITIVE);
        assertThat(texts).isNotEmpty()
                .noneMatch(text -> allDynamoDbActions.matcher(text).find())
                .noneMatch(text -> text.toLowerCase().contains("deletetable"));
    }

    @Test
    void auditPolicy_isReadOnly_andScopedToTheConfiguredTables() {
        List<Map<String, Object>> statements = new ArrayList<>();
        list(path(properties(auditPolicy()), "PolicyDocument", "Statement")).forEach(st -> statements.add(map(st)));
        List<Grant> grants = grants(TABLES, statements);
        Set<String> actions = new LinkedHashSet<>();
        grants.forEach(g -> actions.addAll(g.actions()));

        assertThat(actions).containsExactlyInAnyOrder("dynamodb:DescribeContinuousBackups", "dynamodb:ListTagsOfResource",
                "cloudformation:DescribeStackResources", "cloudformation:ListStackResources", "cloudformation:GetTemplate",
                "cloudformation:ListStacks");
        assertThat(auditPolicy()).containsEntry("Condition", "AuditOn");
        assertThat(parameter("Audit")).containsEntry("Default", "false");
        assertThat(environment()).containsEntry(BackupConfig.AUDIT, Map.of("Ref", "Audit"));
        assertThat(map(map(template.get("Resources")).get("MissingProtectionsAlarm"))).containsEntry("Condition", "AuditOn");
        assertThat(alarmOn(EmbeddedMetrics.NAMESPACE, EmbeddedMetrics.MISSING_PROTECTIONS)).containsEntry("Threshold", 1);
    }

    @Test
    void drill_isOffByDefault_andItsAlarmExistsOnlyWithIt() {
        assertThat(parameter("RestoreDrill")).containsEntry("Default", "false");
        assertThat(environment()).containsEntry(BackupConfig.RESTORE_DRILL, Map.of("Ref", "RestoreDrill"));
        Map<String, Object> alarm = map(map(template.get("Resources")).get("RestoreDrillFailedAlarm"));
        assertThat(alarm).containsEntry("Condition", "RestoreDrillOn");
        assertAlarmsOnFirstDatapoint(alarmOn(EmbeddedMetrics.NAMESPACE, EmbeddedMetrics.RESTORE_DRILL_FAILED));
        assertThat(new IntrinsicEvaluator(Map.of("RestoreDrill", "false"))
                .evaluateBoolean(map(template.get("Conditions")).get("RestoreDrillOn"))).isFalse();
    }

    @Test
    void role_isTheFunctionsOnlySourceOfPermissions() {
        Map<String, Object> function = properties(function());
        Map<String, Object> role = properties(role());

        assertThat(function).containsEntry("Role", Map.of("Fn::GetAtt", List.of("BackupFunctionRole", "Arn")))
                .doesNotContainKeys("Policies", "PermissionsBoundary");
        assertThat(role).doesNotContainKeys("ManagedPolicyArns", "PermissionsBoundary");
        assertThat(resourcesOfType("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy"))
                .containsOnlyKeys("RestoreDrillPolicy", "AuditPolicy", "VaultExportPolicy", "VaultKmsPolicy", "ContinuationPolicy");
        assertThat(resource("ContinuationPolicy")).containsEntry("Condition", "ContinuationsOn");
        assertThat(properties(resource("ContinuationPolicy"))).containsEntry("Roles", List.of(Map.of("Ref", "BackupFunctionRole")));
        assertThat(resource("VaultExportPolicy")).containsEntry("Condition", "VaultOn");
        assertThat(resource("VaultKmsPolicy")).containsEntry("Condition", "VaultKmsOn");
        assertThat(properties(resource("VaultExportPolicy"))).containsEntry("Roles", List.of(Map.of("Ref", "BackupFunctionRole")));
        assertThat(properties(resource("VaultKmsPolicy"))).containsEntry("Roles", List.of(Map.of("Ref", "BackupFunctionRole")));
        assertThat(drillPolicy()).containsEntry("Condition", "RestoreDrillOn");
        assertThat(properties(drillPolicy())).containsEntry("Roles", List.of(Map.of("Ref", "BackupFunctionRole")));
        assertThat(auditPolicy()).containsEntry("Condition", "AuditOn");
        assertThat(properties(auditPolicy())).containsEntry("Roles", List.of(Map.of("Ref", "BackupFunctionRole")));
        assertThat(statements()).allSatisfy(statement ->
                assertThat(statement).doesNotContainKeys("NotAction", "NotResource"));
        assertThat(strings(path(role, "AssumeRolePolicyDocument", "Statement", 0, "Principal", "Service")))
                .containsExactly("lambda.amazonaws.com");
    }

    @Test
    void role_grantsOnlyListTablesAndListBackups_onWildcard() {
        List<Grant> grants = grants(TABLES);

        assertThat(grants).filteredOn(grant -> grant.resources().contains("*"))
                .isNotEmpty()
                .allSatisfy(grant -> assertThat(grant.actions())
                        .isSubsetOf("dynamodb:ListTables", "dynamodb:ListBackups"));
        assertThat(grants).filteredOn(grant -> grant.actions().contains("dynamodb:ListTables")
                        || grant.actions().contains("dynamodb:ListBackups"))
                .allSatisfy(grant -> assertThat(grant.resources()).containsExactly("*"));
    }

    @Test
    void everyGrantOnWildcard_isPinnedToTheStacksRegion() {
        List<Grant> grants = new ArrayList<>(grantsWithDrill(TABLES));
        list(path(properties(auditPolicy()), "PolicyDocument", "Statement"))
                .forEach(st -> grants.addAll(grants(TABLES, List.of(map(st)))));
        List<Grant> onWildcard = grants.stream().filter(grant -> grant.resources().contains("*")).toList();

        assertThat(onWildcard).flatExtracting(Grant::actions).containsExactlyInAnyOrder(
                "dynamodb:ListTables", "dynamodb:ListBackups", "cloudformation:ListStacks");
        assertThat(onWildcard).allSatisfy(grant -> assertThat(grant.conditions())
                .isEqualTo(Map.of("StringEquals", Map.of("aws:RequestedRegion", List.of(REGION)))));
    }

    @Test
    void role_grantsCreateBackupAndDescribeTable_onTheConfiguredTablesArns() {
        List<Grant> grants = grants(TABLES);

        for (String action : List.of("dynamodb:CreateBackup", "dynamodb:DescribeTable")) {
            List<String> resources = resourcesOf(grants, action);
            assertThat(resources).as(action).hasSize(TABLES.size());
            for (int i = 0; i < TABLES.size(); i++) {
                assertThat(resources.get(i)).as(action).startsWith("arn:").contains(":dynamodb:")
                        .endsWith(":table/" + TABLES.get(i));
            }
        }
    }

    @Test
    void role_grantsDeleteBackup_onTheConfiguredTablesBackupArns() {
        List<Grant> grants = grants(TABLES);
        String action = "dynamodb:DeleteBackup";

        List<String> resources = resourcesOf(grants, action);
        assertThat(resources).hasSize(TABLES.size());
        for (int i = 0; i < TABLES.size(); i++) {
            assertThat(resources.get(i)).startsWith("arn:").contains(":dynamodb:")
                    .endsWith(":table/" + TABLES.get(i) + "/backup/*");
        }
    }

    @Test
    void role_writesLogsOnlyToItsOwnLogGroup() {
        List<Map<String, Object>> logStatements = statements().stream()
                .filter(statement -> strings(statement.get("Action")).stream().anyMatch(a -> a.startsWith("logs:")))
                .toList();

        assertThat(logStatements).isNotEmpty().allSatisfy(statement -> {
            assertThat(strings(statement.get("Action"))).isSubsetOf(LOG_ACTIONS);
            assertThat(statement.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", List.of("BackupLogGroup", "Arn")));
        });
        assertThat(resource("BackupLogGroup")).containsEntry("Type", "AWS::Logs::LogGroup");
    }

    @Test
    void role_sendsMessagesOnlyToItsDeadLetterQueue() {
        List<Map<String, Object>> sqsStatements = statements().stream()
                .filter(statement -> strings(statement.get("Action")).stream().anyMatch(a -> a.startsWith("sqs:")))
                .toList();

        assertThat(sqsStatements).hasSize(1).allSatisfy(statement -> {
            assertThat(strings(statement.get("Action"))).containsExactly("sqs:SendMessage");
            assertThat(statement.get("Resource")).isEqualTo(getAtt(deadLetterQueueId(), "Arn"));
        });
    }

    // ---- schedule, retries, dead letters --------------------------------------------------------

    @Test
    void schedule_usesScheduleExpressionParameter_withRetryPolicyAndDeadLetterQueue() {
        Map<String, Map<String, Object>> rules = resourcesOfType("AWS::Events::Rule");
        assertThat(rules).hasSize(1);
        Map<String, Object> rule = properties(rules.values().iterator().next());

        assertThat(rule).containsEntry("ScheduleExpression", Map.of("Ref", "ScheduleExpression"))
                .containsEntry("State", "ENABLED");
        assertThat(parameter("ScheduleExpression")).containsEntry("Default", "cron(0 3 * * ? *)");
        List<?> targets = (List<?>) rule.get("Targets");
        assertThat(targets).hasSize(1);
        Map<String, Object> target = map(targets.get(0));
        assertThat(target.get("Arn")).isEqualTo(getAtt(functionId(), "Arn"));
        assertThat(map(target.get("RetryPolicy"))).containsKeys("MaximumRetryAttempts", "MaximumEventAgeInSeconds");
        assertThat(path(target, "DeadLetterConfig", "Arn")).isEqualTo(getAtt(deadLetterQueueId(), "Arn"));
        assertThat(resource(deadLetterQueueId())).containsEntry("Type", "AWS::SQS::Queue");
    }

    @Test
    void schedule_mayInvokeTheFunction_andSendToTheDeadLetterQueue() {
        String ruleId = resourcesOfType("AWS::Events::Rule").keySet().iterator().next();

        assertThat(resourcesOfType("AWS::Lambda::Permission").values()).anySatisfy(permission -> {
            Map<String, Object> p = properties(permission);
            assertThat(p).containsEntry("Action", "lambda:InvokeFunction")
                    .containsEntry("Principal", "events.amazonaws.com")
                    .containsEntry("SourceArn", getAtt(ruleId, "Arn"));
            assertThat(p.get("FunctionName")).isIn(getAtt(functionId(), "Arn"), Map.of("Ref", functionId()));
        });
        assertThat(resourcesOfType("AWS::SQS::QueuePolicy").values()).anySatisfy(policy -> {
            Map<String, Object> p = properties(policy);
            assertThat(list(p.get("Queues"))).containsExactly(Map.of("Ref", deadLetterQueueId()));
            Map<String, Object> statement = map(path(p, "PolicyDocument", "Statement", 0));
            assertThat(statement).containsEntry("Effect", "Allow").containsEntry("Action", "sqs:SendMessage");
            assertThat(path(statement, "Principal", "Service")).isEqualTo("events.amazonaws.com");
            assertThat(path(statement, "Condition", "ArnEquals", "aws:SourceArn")).isEqualTo(getAtt(ruleId, "Arn"));
        });
    }

    @Test
    void failedRuns_areRetried_thenSentToTheDeadLetterQueue() {
        Map<String, Map<String, Object>> configs = resourcesOfType("AWS::Lambda::EventInvokeConfig");
        assertThat(configs).hasSize(1);
        Map<String, Object> config = properties(configs.values().iterator().next());

        assertThat(config).containsEntry("FunctionName", Map.of("Ref", functionId()))
                .containsEntry("Qualifier", "$LATEST");
        assertThat(((Number) config.get("MaximumRetryAttempts")).intValue()).isBetween(1, 2);
        assertThat(path(config, "DestinationConfig", "OnFailure", "Destination")).isEqualTo(getAtt(deadLetterQueueId(), "Arn"));
    }

    // ---- the function ---------------------------------------------------------------------------

    @Test
    void function_runsJava21FromTheShadedJar_withJsonLogsToALogGroupWithRetention() {
        Map<String, Object> function = properties(function());

        assertThat(function).containsEntry("Runtime", "java21")
                .containsEntry("Handler", ScheduledBackupHandler.class.getName() + "::handleRequest")
                .containsEntry("CodeUri", LambdaJar.BACKUP.inProject());
        assertThat(strings(function.get("Architectures"))).hasSize(1).first().isIn("arm64", "x86_64");
        assertThat(path(function, "LoggingConfig", "LogFormat")).isEqualTo("JSON");
        Object logGroupRef = path(function, "LoggingConfig", "LogGroup");
        assertThat(logGroupRef).isEqualTo(Map.of("Ref", "BackupLogGroup"));
        Map<String, Object> logGroup = resource("BackupLogGroup");
        assertThat(logGroup).containsEntry("Type", "AWS::Logs::LogGroup");
        assertThat(((Number) properties(logGroup).get("RetentionInDays")).intValue()).isPositive();
    }

    /**
     * No reserved concurrency: Lambda refuses a reservation that leaves an account less than 10
     * unreserved, so it fails on every new account (quota 10); overlapping runs are safe by design.
     */
    @Test
    void function_reservesNoConcurrency_andHasTheLongestTimeout() {
        Map<String, Object> function = properties(function());

        assertThat(function).doesNotContainKey("ReservedConcurrentExecutions")
                .containsEntry("Timeout", 900)
                .containsEntry("MemorySize", 1024);
    }

    // ---- alarms ---------------------------------------------------------------------------------

    @Test
    void errorsAlarm_onAnyFailedRun_notifiesTheTopic() {
        Map<String, Object> alarm = alarmOn("AWS/Lambda", "Errors");

        assertThat(alarm.get("Dimensions")).isEqualTo(List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", functionId()))));
        assertAlarmsOnFirstDatapoint(alarm);
        assertThat(((Number) alarm.get("Period")).intValue()).isBetween(3600, 86400);
    }

    @Test
    void deadLetterAlarm_onAnyVisibleMessage_notifiesTheTopic() {
        Map<String, Object> alarm = alarmOn("AWS/SQS", "ApproximateNumberOfMessagesVisible");

        assertThat(alarm.get("Dimensions")).isEqualTo(List.of(Map.of("Name", "QueueName",
                "Value", getAtt(deadLetterQueueId(), "QueueName"))));
        assertAlarmsOnFirstDatapoint(alarm);
    }

    @Test
    void failedBackupsAlarm_onTheRunsOwnMetric_notifiesTheTopic() {
        Map<String, Object> alarm = alarmOn(EmbeddedMetrics.NAMESPACE, EmbeddedMetrics.FAILED);

        assertThat(alarm).doesNotContainKey("Dimensions").containsEntry("Statistic", "Sum");
        assertAlarmsOnFirstDatapoint(alarm);
    }

    @Test
    void staleBackupAlarm_firesOnAnOldBackup_andWhenNoRunReports() {
        Map<String, Object> alarm = alarmOn(EmbeddedMetrics.NAMESPACE, EmbeddedMetrics.MAX_SECONDS_SINCE_LAST);

        assertThat(alarm).doesNotContainKey("Dimensions")
                .containsEntry("Statistic", "Maximum")
                .containsEntry("ComparisonOperator", "GreaterThanThreshold")
                .containsEntry("Threshold", Map.of("Ref", "StaleAfterSeconds"))
                .containsEntry("TreatMissingData", "breaching");
        assertThat(list(alarm.get("AlarmActions"))).contains(Map.of("Ref", topicId()));
        assertThat(parameter("StaleAfterSeconds")).containsEntry("Default", 129600);
    }

    @Test
    void tablesWithoutBackupAlarm_notifiesTheTopic() {
        assertAlarmsOnFirstDatapoint(alarmOn(EmbeddedMetrics.NAMESPACE, EmbeddedMetrics.TABLES_WITHOUT_BACKUP));
    }

    @Test
    void emailSubscription_existsOnlyWhenAlarmEmailIsGiven() {
        Map<String, Map<String, Object>> subscriptions = resourcesOfType("AWS::SNS::Subscription");
        assertThat(subscriptions).hasSize(1);
        Map<String, Object> subscription = subscriptions.values().iterator().next();
        Map<String, Object> p = properties(subscription);

        assertThat(p).containsEntry("Protocol", "email")
                .containsEntry("Endpoint", Map.of("Ref", "AlarmEmail"))
                .containsEntry("TopicArn", Map.of("Ref", topicId()));
        assertThat(parameter("AlarmEmail")).containsEntry("Default", "");
        Object condition = map(template.get("Conditions")).get((String) subscription.get("Condition"));
        assertThat(condition).as("condition of the subscription").isNotNull();
        assertThat(new IntrinsicEvaluator(Map.of("AlarmEmail", "")).evaluateBoolean(condition)).isFalse();
        assertThat(new IntrinsicEvaluator(Map.of("AlarmEmail", "ops@example.com")).evaluateBoolean(condition)).isTrue();
    }

    // ---- parameters to environment --------------------------------------------------------------

    @Test
    void everyParameter_reachesTheFunctionEnvironment() {
        Set<String> parameters = map(template.get("Parameters")).keySet();
        Set<String> referenced = new LinkedHashSet<>();
        walk(environment(), (key, value) -> {
            if (key.equals("Ref") && value instanceof String name && parameters.contains(name)) {
                referenced.add(name);
            }
        });
        // The parameters the service does not read: the schedule, the alarm e-mail and the stale-backup alarm.
        Set<String> forTheStack = Set.of("ScheduleExpression", "AlarmEmail", "StaleAfterSeconds", "VaultStaleAfterSeconds");
        Set<String> forTheService = new LinkedHashSet<>(parameters);
        forTheService.removeAll(forTheStack);

        assertThat(parameters).containsAll(forTheStack);
        assertThat(referenced).containsExactlyInAnyOrderElementsOf(forTheService)
                .contains("TableNames", "RetentionDays", "KeepAtLeast", "BackupNamePrefix", "DryRun");
        assertThat(properties(resourcesOfType("AWS::Events::Rule").values().iterator().next()))
                .containsEntry("ScheduleExpression", Map.of("Ref", "ScheduleExpression"));
        assertThat(properties(resourcesOfType("AWS::SNS::Subscription").values().iterator().next()))
                .containsEntry("Endpoint", Map.of("Ref", "AlarmEmail"));
    }

    @Test
    void environment_namesExactlyTheVariablesBackupConfigReads() {
        assertThat(environment().keySet()).containsExactlyInAnyOrder(
                BackupConfig.TABLES, BackupConfig.RETENTION_DAYS, BackupConfig.KEEP_AT_LEAST,
                BackupConfig.NAME_PREFIX, BackupConfig.DRY_RUN, BackupConfig.TIME_MARGIN_SECONDS,
                BackupConfig.RESTORE_DRILL, BackupConfig.AUDIT,
                VaultTarget.BUCKET, VaultTarget.ACCOUNT_ID, VaultTarget.PREFIX, VaultTarget.KMS_KEY_ARN,
                BackupConfig.MAX_INVOCATIONS);
    }

    @Test
    void environment_setsNoJvmOptions_becauseTheJava21RuntimeTunesTheJvmItself() {
        // JAVA_TOOL_OPTIONS makes the JVM print "Picked up JAVA_TOOL_OPTIONS" at every cold start, and
        // the java21 managed runtime already stops at C1 with its own flags; so no JVM options at all.
        assertThat(environment()).doesNotContainKeys("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
    }

    @Test
    void logging_pinsTheLevels_soLambdaKeepsTheReportAndMetricLinesThatCarryNoLevel() {
        Map<String, Object> logging = map(properties(function()).get("LoggingConfig"));
        // the embedded-metric lines (like the report) are raw JSON without a "level": Lambda files them as INFO
        String metricLine = EmbeddedMetrics.forRestoreDrill("notes", true, java.time.Instant.parse("2026-11-25T03:00:00Z")).get(0);
        assertThat(metricLine).startsWith("{").doesNotContain("\"level\"");

        assertThat(logging).containsEntry("LogFormat", "JSON")
                .as("at WARN or above Lambda would drop every line without a level: the report and the metrics")
                .containsEntry("ApplicationLogLevel", "INFO")
                .containsEntry("SystemLogLevel", "INFO");
    }

    @Test
    void environment_fromParameterValues_isReadByBackupConfigAsGiven() {
        Map<String, Object> values = new HashMap<>(pseudoParameters());
        values.putAll(Map.of("TableNames", List.of("notes", "replies", "audit-*"), "RetentionDays", "40",
                "KeepAtLeast", "4", "BackupNamePrefix", "nightly", "DryRun", "true", "RestoreDrill", "true", "Audit", "true"));
        values.putAll(Map.of("VaultBucket", "vault-bucket", "VaultAccountId", "222222222222", "VaultPrefix", "",
                "VaultKmsKeyArn", "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        values.put("MaxInvocationsPerSlot", "6");
        Map<String, String> env = new LinkedHashMap<>();
        map(new IntrinsicEvaluator(values).evaluate(environment())).forEach((k, v) -> env.put(k, (String) v));

        BackupConfig config = BackupConfig.fromEnvironment(env);

        assertThat(env).containsEntry(BackupConfig.MAX_INVOCATIONS, "6");
        assertThat(config.maxInvocations()).isEqualTo(6);
        assertThat(config.tables()).containsExactly(new TableSelector("notes", false),
                new TableSelector("replies", false), new TableSelector("audit-", true));
        assertThat(config.retentionDays()).isEqualTo(40);
        assertThat(config.keepAtLeast()).isEqualTo(4);
        assertThat(config.namePrefix()).isEqualTo("nightly");
        assertThat(config.dryRun()).isTrue();
        assertThat(config.restoreDrill()).isTrue();
        assertThat(config.audit()).isTrue();
        assertThat(config.timeMargin()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.vault()).isEqualTo(new VaultTarget("vault-bucket", "222222222222", null,
                "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        assertThat(config.vault().prefixFor("123456789012")).as("an empty VaultPrefix is the app account's id").isEqualTo("123456789012");
    }

    @Test
    void environment_withTheVaultParametersAtTheirDefaults_configuresNoVault() {
        Map<String, Object> values = new HashMap<>(pseudoParameters());
        map(template.get("Parameters")).forEach((name, declaration) -> {
            Object fallback = map(declaration).get("Default");
            if (fallback != null) {
                values.put(name, String.valueOf(fallback));
            }
        });
        values.put("TableNames", List.of("notes"));
        Map<String, String> env = new LinkedHashMap<>();
        map(new IntrinsicEvaluator(values).evaluate(environment())).forEach((k, v) -> env.put(k, (String) v));

        assertThat(BackupConfig.fromEnvironment(env).vault()).isNull();
    }

    @Test
    void vaultParameters_offByDefault_andTheirPatternsAreTheFunctions() {
        for (String name : List.of("VaultBucket", "VaultAccountId", "VaultPrefix", "VaultKmsKeyArn")) {
            assertThat(parameter(name)).as(name).containsEntry("Type", "String").containsEntry("Default", "");
        }
        assertThat(parameter("VaultBucket")).containsEntry("AllowedPattern", "|" + VaultTarget.BUCKET_PATTERN.pattern());
        assertThat(parameter("VaultAccountId")).containsEntry("AllowedPattern", "|" + VaultTarget.ACCOUNT_PATTERN.pattern());
        assertThat(parameter("VaultPrefix")).containsEntry("AllowedPattern", "|" + VaultTarget.PREFIX_PATTERN.pattern())
                .containsEntry("MaxLength", VaultTarget.MAX_PREFIX_LENGTH);
        assertThat(parameter("VaultKmsKeyArn")).containsEntry("AllowedPattern", "|" + VaultTarget.KMS_KEY_PATTERN.pattern());
        assertThat(map(template.get("Conditions"))).containsEntry("VaultOn",
                Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "VaultBucket"), "")))));
        for (String alarm : List.of("VaultExportsFailedAlarm", "VaultExportStaleAlarm")) {
            assertThat(resource(alarm)).as(alarm).containsEntry("Condition", "VaultOn");
        }
        assertThat(properties(resource("VaultExportsFailedAlarm"))).containsEntry("MetricName", EmbeddedMetrics.VAULT_EXPORTS_FAILED)
                .containsEntry("Namespace", EmbeddedMetrics.NAMESPACE).containsEntry("Threshold", 0)
                .containsEntry("ComparisonOperator", "GreaterThanThreshold");
        assertThat(properties(resource("VaultExportStaleAlarm"))).containsEntry("MetricName", EmbeddedMetrics.VAULT_NEWEST_EXPORT_AGE)
                .containsEntry("Namespace", EmbeddedMetrics.NAMESPACE).containsEntry("Statistic", "Maximum")
                .containsEntry("Threshold", Map.of("Ref", "VaultStaleAfterSeconds"));
    }

    @Test
    void parameters_defaultsAndRules_matchBackupConfig() {
        assertThat(parameter("TableNames")).containsEntry("Type", "CommaDelimitedList").doesNotContainKey("Default");
        assertThat(parameter("RetentionDays")).containsEntry("Type", "Number")
                .containsEntry("Default", BackupConfig.DEFAULT_RETENTION_DAYS).containsEntry("MinValue", 1);
        assertThat(parameter("KeepAtLeast")).containsEntry("Type", "Number")
                .containsEntry("Default", BackupConfig.DEFAULT_KEEP_AT_LEAST).containsEntry("MinValue", 1);
        assertThat(parameter("BackupNamePrefix")).containsEntry("Type", "String")
                .containsEntry("Default", BackupConfig.DEFAULT_NAME_PREFIX)
                .containsEntry("AllowedPattern", BackupConfig.NAME_PREFIX_PATTERN.pattern());
        assertThat(parameter("DryRun")).containsEntry("Default", "false")
                .containsEntry("AllowedValues", List.of("true", "false"));
        assertThat(parameter("AlarmEmail")).containsEntry("Type", "String");
        assertThat(parameter("ScheduleExpression")).containsEntry("Type", "String");
        assertThat(parameter("MaxInvocationsPerSlot")).containsEntry("Type", "Number")
                .containsEntry("Default", BackupConfig.DEFAULT_MAX_INVOCATIONS).containsEntry("MinValue", 1)
                .containsEntry("MaxValue", BackupConfig.MAX_MAX_INVOCATIONS);
    }

    @Test
    void parameters_tableNamesPattern_acceptsWhatBackupConfigAccepts() {
        Pattern allowed = Pattern.compile((String) parameter("TableNames").get("AllowedPattern"));

        for (String entry : List.of("notes", "quarantine-notes", "a.b_c-1", "x".repeat(255), "notes-*", "n*")) {
            assertThat(allowed.matcher(entry).matches()).as(entry).isTrue();
            assertThat(BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, entry)).tables()).as(entry).hasSize(1);
        }
        for (String entry : List.of("no", "a/b", "*", "notes**", "no tes", "x".repeat(256))) {
            assertThat(allowed.matcher(entry).matches()).as(entry).isFalse();
            assertThatThrownBy(() -> BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, entry)))
                    .as(entry).isInstanceOf(ConfigException.class);
        }
    }

    // ---- identity, outputs, deploy configuration -----------------------------------------------

    @Test
    void template_recordsProjectIdentity_andTagsTheProject() {
        assertThat(template).containsEntry("Transform", "AWS::Serverless-2016-10-31");
        assertThat(map(template.get("Metadata"))).containsEntry("ProjectIdentity", "notes-backup/backup-stack");
        // one identity: where a resource carries the tag project, it is the stack's Metadata.ProjectIdentity
        assertThat(properties(function()).get("Tags")).isEqualTo(Map.of("project", "notes-backup/backup-stack"));
        for (String id : List.of("BackupFunctionRole", topicId())) {
            assertThat(list(properties(resource(id)).get("Tags"))).as(id)
                    .containsExactly(Map.of("Key", "project", "Value", "notes-backup/backup-stack"));
        }
    }

    @Test
    void outputs_nameTheFunctionTheTopicTheDeadLetterQueue_andTheRoleTheVaultStackNames() {
        List<Object> values = map(template.get("Outputs")).values().stream().map(o -> map(o).get("Value")).toList();

        assertThat(values).contains(Map.of("Ref", functionId()), Map.of("Ref", topicId()),
                Map.of("Ref", deadLetterQueueId()), Map.of("Fn::GetAtt", List.of("BackupFunctionRole", "Arn")));
    }

    @Test
    void samconfig_hasOneEnvPerStack_withExplicitStackNames() {
        Samconfig samconfig = Samconfig.ofRepository();
        Samconfig.Env backup = samconfig.env("backup");
        Samconfig.Env notes = samconfig.env("notes");
        Samconfig.Env vault = samconfig.env("vault");

        assertThat(samconfig.root().path("version").asText()).isEqualTo("0.1");
        assertThat(samconfig.envNames()).containsExactlyInAnyOrder("backup", "notes", "vault");
        assertThat(backup.stackName()).isEqualTo("notes-backup");
        assertThat(samconfig.rawParameters("backup").path("template_file").asText()).isEqualTo("template.yaml");
        assertThat(notes.stackName()).isEqualTo("quarantine-notes");
        assertThat(samconfig.rawParameters("notes").path("template_file").asText()).isEqualTo("notes-service/template.yaml");
        assertThat(vault.stackName()).isEqualTo("notes-backup-vault");
        assertThat(samconfig.rawParameters("vault").path("template_file").asText()).isEqualTo("vault/template.yaml");
        for (Samconfig.Env env : List.of(backup, notes, vault)) {
            assertThat(samconfig.rawParameters(env.name()).path("confirm_changeset").asBoolean()).as(env.name()).isTrue();
            assertThat(env.capabilities()).as(env.name()).containsExactly("CAPABILITY_IAM");
            assertThat(samconfig.rawParameters(env.name()).path("resolve_s3").asBoolean()).as(env.name()).isTrue();
        }
        assertThat(backup.parameterOverrides()).containsKey("TableNames");
        assertThat(notes.parameterOverrides()).containsEntry("AllowedOrigins", "https://notes.example.com");
    }

    @Test
    void samconfig_tagsEachStack_withItsTemplatesProjectIdentity() {
        Samconfig samconfig = Samconfig.ofRepository();

        for (String name : samconfig.envNames()) {
            Samconfig.Env env = samconfig.env(name);
            Object identity = map(CloudFormationYaml.load(env.templateFile()).get("Metadata")).get("ProjectIdentity");
            assertThat(identity).as(env.templateFile() + " Metadata.ProjectIdentity").isInstanceOf(String.class);
            assertThat(env.tags()).as("samconfig.toml [" + name + ".deploy.parameters] tags: the stack's one identity")
                    .containsEntry("project", (String) identity);
        }
        assertThat(samconfig.env("backup").tags()).containsEntry("project", "notes-backup/backup-stack");
        assertThat(samconfig.env("notes").tags()).containsEntry("project", "notes-backup/notes-stack");
        assertThat(samconfig.env("vault").tags()).containsEntry("project", "notes-backup/vault-stack");
    }

    // ---- the role's statements, resolved ------------------------------------------------------

    /** One statement of the role, evaluated for the given tables. */
    private record Grant(String effect, List<String> actions, List<String> resources,
                         Map<String, Map<String, List<String>>> conditions) {
    }

    private static List<Grant> grants(List<String> tableNames) {
        return grants(tableNames, statements());
    }

    /** The role's grants and, as when the drill is on, the restore drill policy's. */
    private static List<Grant> grantsWithDrill(List<String> tableNames) {
        List<Map<String, Object>> all = new ArrayList<>(statements());
        all.addAll(drillStatements());
        return grants(tableNames, all);
    }

    private static List<Map<String, Object>> drillStatements() {
        List<Map<String, Object>> statements = new ArrayList<>();
        list(path(properties(drillPolicy()), "PolicyDocument", "Statement")).forEach(st -> statements.add(map(st)));
        return statements;
    }

    private static Map<String, Object> auditPolicy() {
        return map(map(template.get("Resources")).get("AuditPolicy"));
    }

    private static Map<String, Object> drillPolicy() {
        return map(map(template.get("Resources")).get("RestoreDrillPolicy"));
    }

    private static List<Grant> grants(List<String> tableNames, List<Map<String, Object>> statements) {
        Map<String, Object> values = new HashMap<>(pseudoParameters());
        values.put("TableNames", tableNames);
        values.put("BackupLogGroup.Arn", LOG_GROUP_ARN);
        values.put(deadLetterQueueId() + ".Arn", DLQ_ARN);
        IntrinsicEvaluator evaluator = new IntrinsicEvaluator(values);
        List<Grant> grants = new ArrayList<>();
        for (Map<String, Object> statement : statements) {
            Map<String, Map<String, List<String>>> conditions = new LinkedHashMap<>();
            if (statement.get("Condition") != null) {
                map(statement.get("Condition")).forEach((operator, entries) -> {
                    Map<String, List<String>> byKey = new LinkedHashMap<>();
                    map(entries).forEach((key, value) -> byKey.put(key, evaluator.evaluateStrings(value)));
                    conditions.put(operator, byKey);
                });
            }
            grants.add(new Grant((String) statement.get("Effect"), strings(statement.get("Action")),
                    evaluator.evaluateStrings(statement.get("Resource")), conditions));
        }
        return grants;
    }

    private static List<String> resourcesOf(List<Grant> grants, String action) {
        List<String> resources = new ArrayList<>();
        grants.stream().filter(grant -> grant.actions().contains(action)).forEach(grant -> resources.addAll(grant.resources()));
        return resources;
    }

    private static Map<String, Object> pseudoParameters() {
        return Map.of("AWS::Region", REGION, "AWS::AccountId", ACCOUNT, "AWS::Partition", "aws",
                "AWS::StackName", "notes-backup", "AWS::URLSuffix", "amazonaws.com");
    }

    // ---- template access ------------------------------------------------------------------------

    private static Map<String, Object> resources() {
        return map(template.get("Resources"));
    }

    private static Map<String, Object> resource(String logicalId) {
        assertThat(resources()).as("resources").containsKey(logicalId);
        return map(resources().get(logicalId));
    }

    private static Map<String, Map<String, Object>> resourcesOfType(String... types) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources().forEach((id, r) -> {
            if (List.of(types).contains(map(r).get("Type"))) {
                found.put(id, map(r));
            }
        });
        return found;
    }

    private static String singleId(String type) {
        Map<String, Map<String, Object>> found = resourcesOfType(type);
        assertThat(found).as(type).hasSize(1);
        return found.keySet().iterator().next();
    }

    private static String functionId() {
        return singleId("AWS::Serverless::Function");
    }

    private static String topicId() {
        return singleId("AWS::SNS::Topic");
    }

    private static String deadLetterQueueId() {
        return singleId("AWS::SQS::Queue");
    }

    private static Map<String, Object> function() {
        return resource(functionId());
    }

    private static Map<String, Object> role() {
        Object role = properties(function()).get("Role");
        assertThat(role).isInstanceOf(Map.class);
        List<?> getAtt = (List<?>) map(role).get("Fn::GetAtt");
        assertThat(getAtt).as("the function's Role is !GetAtt <Role>.Arn").isNotNull();
        Map<String, Object> resource = resource((String) getAtt.get(0));
        assertThat(resource).containsEntry("Type", "AWS::IAM::Role");
        return resource;
    }

    private static List<Map<String, Object>> statements() {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : (List<?>) properties(role()).get("Policies")) {
            Object statement = path(map(policy), "PolicyDocument", "Statement");
            if (statement instanceof List<?> list) {
                list.forEach(s -> statements.add(map(s)));
            } else {
                statements.add(map(statement));
            }
        }
        assertThat(statements).as("role statements").isNotEmpty();
        return statements;
    }

    private static Map<String, Object> environment() {
        return map(path(properties(function()), "Environment", "Variables"));
    }

    private static Map<String, Object> parameter(String name) {
        Map<String, Object> parameters = map(template.get("Parameters"));
        assertThat(parameters).containsKey(name);
        return map(parameters.get(name));
    }

    private static Map<String, Object> alarmOn(String namespace, String metric) {
        List<Map<String, Object>> alarms = resourcesOfType("AWS::CloudWatch::Alarm").values().stream()
                .map(BackupTemplateContractTest::properties)
                .filter(p -> namespace.equals(p.get("Namespace")) && metric.equals(p.get("MetricName")))
                .toList();
        assertThat(alarms).as("alarm on " + namespace + " " + metric).hasSize(1);
        return alarms.get(0);
    }

    private static void assertAlarmsOnFirstDatapoint(Map<String, Object> alarm) {
        assertThat(alarm).containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
                .containsEntry("Threshold", 1)
                .containsEntry("EvaluationPeriods", 1)
                .containsEntry("TreatMissingData", "notBreaching");
        assertThat(list(alarm.get("AlarmActions"))).contains(Map.of("Ref", topicId()));
    }

    private static Map<String, Object> properties(Map<String, Object> resource) {
        return map(resource.get("Properties"));
    }

    private static Map<String, Object> getAtt(String logicalId, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    private static Object path(Object node, Object... steps) {
        Object current = node;
        for (Object step : steps) {
            if (step instanceof Integer index) {
                assertThat(current).as("at " + step).isInstanceOf(List.class);
                current = ((List<?>) current).get(index);
            } else {
                assertThat(current).as("at " + step).isInstanceOf(Map.class);
                current = ((Map<?, ?>) current).get(step);
            }
        }
        return current;
    }

    /** A string or a list of literal strings (Action, Principal...); other values give an empty list. */
    private static List<String> strings(Object value) {
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        return List.of();
    }

    /** Visits every key of every mapping in the tree with its value. */
    private static void walk(Object node, BiConsumer<String, Object> visitor) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                visitor.accept(String.valueOf(k), v);
                walk(v, visitor);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> walk(item, visitor));
        }
    }
}
