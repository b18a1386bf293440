package dev.notesbackup.verify.iam;

import dev.notesbackup.backup.vault.restore.MotoVault;
import dev.notesbackup.testsupport.CloudFormationYaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.backup.lambda.BackupRunFailedException;
import dev.notesbackup.backup.lambda.ScheduledBackupHandler;
import dev.notesbackup.backup.policy.BackupNames;
import dev.notesbackup.backup.run.RunReport;
import dev.notesbackup.backup.vault.ExportCompletion;
import dev.notesbackup.backup.vault.VaultJson;
import dev.notesbackup.backup.vault.VaultLayout;
import dev.notesbackup.backup.vault.watchdog.VaultWatchdogHandler;
import dev.notesbackup.notes.api.NotesApi;
import dev.notesbackup.notes.lambda.NotesApiHandler;
import dev.notesbackup.testsupport.AwsLimitsProxy;
import dev.notesbackup.testsupport.LambdaInvokeRecorder;
import dev.notesbackup.testsupport.LambdaTestContext;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoAccounts;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.verify.DeployedStacks;
import dev.notesbackup.verify.DeployedStacks.Deployed;
import dev.notesbackup.testsupport.Samconfig;
import dev.notesbackup.verify.iam.CallRecorder.AwsCall;
import dev.notesbackup.verify.iam.IamEvaluator.Decision;
import dev.notesbackup.verify.iam.IamEvaluator.Principal;
import dev.notesbackup.notes.api.NotesApp;
import dev.notesbackup.notes.config.NotesConfig;
import dev.notesbackup.testsupport.SamPackage;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The IAM tier: both stacks deployed on moto's CloudFormation as {@code sam deploy} deploys them
 * with samconfig.toml's values, their roles' policies read back from IAM, the production code run
 * in-process against moto while {@link CallRecorder} records every AWS call it makes, each call
 * turned into the authorizations AWS makes ({@link IamMapping}), and all of them, plus a negative
 * set, evaluated by an independent engine ({@link IamEvaluator}).
 */
@ExtendWith(MotoExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployedRolesIamIT {
    static final String OTHER_REGION = "us-west-2";
    static final String OTHER_ACCOUNT = "210987654321";
    /** Not selected by the shipped TableNames (quarantine-notes-*). */
    static final String UNCONFIGURED_TABLE = "payments-ledger";
    /** What the tests evaluated, for the static check. */
    /** moto's default account; each test checks that the deployed role's ARN is in it. */
    static final String MOTO_ACCOUNT = "123456789012";
    static final Set<String> EVALUATED_OPERATIONS = ConcurrentHashMap.newKeySet();
    /** The vault: a bucket of another account, as the vault stack makes it (moto honours the owner for such a bucket). */
    static final String VAULT_BUCKET = "notes-backup-vault-iam";
    static final String VAULT_ACCOUNT = "222222222222";
    static final Map<String, String> VAULT_PARAMETERS = Map.of("VaultBucket", VAULT_BUCKET, "VaultAccountId", VAULT_ACCOUNT);

    final Samconfig samconfig = Samconfig.ofRepository();
    final String region = samconfig.env("backup").region();
    static final String REGION = Samconfig.ofRepository().env("backup").region();
    final Map<String, String> stackArns = new HashMap<>();
    MotoServer moto;
    AwsLimitsProxy proxy;
    final List<String> cleared = List.of("aws.region", "aws.endpointUrl", "aws.accessKeyId", "aws.secretAccessKey");

    @BeforeEach
    void start(MotoServer moto) {
        this.moto = moto;
        // The production code builds its clients from the SDK's default chains, as in Lambda: region,
        // endpoint and credentials from system properties here (AWS_REGION etc. there).
        System.setProperty("aws.region", region);
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        proxy = AwsLimitsProxy.start(moto.endpoint());
        System.setProperty("aws.endpointUrl", proxy.endpoint().toString());
    }

    @AfterEach
    void stop() {
        cleared.forEach(System::clearProperty);
        proxy.close();
    }

    // ---- the backup role -----------------------------------------------------------------------

    @Test
    @Order(1)
    void backupRole_withAuditRestoreDrillAndVault_allowsEveryCallTheRunMakes_andDeniesEverythingElse() {
        Deployed notes = DeployedStacks.deploy(moto.endpoint(), "notes");
        Map<String, String> options = new LinkedHashMap<>(Map.of("Audit", "true", "RestoreDrill", "true"));
        options.putAll(VAULT_PARAMETERS);
        Deployed backup = DeployedStacks.deploy(moto.endpoint(), samconfig.env("backup"), options);
        Principal role = deployedRole(backup, "BackupFunctionRole", "BackupLogGroup");
        assertThat(role.arn()).startsWith("arn:aws:iam::" + MOTO_ACCOUNT + ":role/");
        Map<String, String> env = functionEnvironment(backup, "BackupFunction");
        assertThat(env).containsEntry("AUDIT", "true").containsEntry("RESTORE_DRILL", "true")
                .containsEntry("VAULT_BUCKET", VAULT_BUCKET).containsEntry("VAULT_ACCOUNT_ID", VAULT_ACCOUNT);
        prepareVault(notes);

        List<AwsCall> calls = scheduledRuns(notes, backup, env);
        Set<String> operations = calls.stream().map(IamMapping::operationKey).collect(Collectors.toCollection(TreeSet::new));
        assertThat(operations).as("the run, its continuation, the vault export, the drill and the audit all ran").contains(
                "Lambda:Invoke", "DynamoDb:CreateBackup", "DynamoDb:DeleteBackup", "DynamoDb:RestoreTableFromBackup",
                "DynamoDb:DeleteTable", "DynamoDb:DescribeContinuousBackups", "CloudFormation:ListStacks",
                "DynamoDb:ExportTableToPointInTime", "DynamoDb:ListExports", "DynamoDb:DescribeExport", "S3:PutObject");
        List<IamRequest> needed = requests(calls);
        needed.addAll(platformRequests(backup, "BackupLogGroup", "BackupDeadLetterQueue"));

        List<IamRequest> denied = new ArrayList<>(backupNegatives(notes, backup));
        denied.addAll(vaultNegatives(notes));
        denied.addAll(elsewhere(needed));
        evaluateBoth(role, needed, denied, "backup role (Audit, RestoreDrill on)");
    }

    @Test
    @Order(2)
    void backupRole_withSamconfigValues_allowsTheRun_andHasNoAuditOrDrillRights() {
        Deployed notes = DeployedStacks.deploy(moto.endpoint(), "notes");
        Deployed backup = DeployedStacks.deploy(moto.endpoint(), samconfig.env("backup"), Map.of());
        Principal role = deployedRole(backup, "BackupFunctionRole", "BackupLogGroup");
        assertThat(role.arn()).startsWith("arn:aws:iam::" + MOTO_ACCOUNT + ":role/");
        Map<String, String> env = functionEnvironment(backup, "BackupFunction");
        assertThat(env).containsEntry("AUDIT", "false").containsEntry("RESTORE_DRILL", "false");

        List<IamRequest> needed = requests(scheduledRuns(notes, backup, env));
        needed.addAll(platformRequests(backup, "BackupLogGroup", "BackupDeadLetterQueue"));
        Set<String> neededKeys = needed.stream().map(IamRequest::key).collect(Collectors.toSet());

        // What the drill, the audit and the vault export call when they are on (recorded from their code
        // only): with them off, none of it may be allowed, except an authorization the run itself needs.
        Map<String, String> withBoth = new LinkedHashMap<>(env);
        withBoth.put("AUDIT", "true");
        withBoth.put("RESTORE_DRILL", "true");
        withBoth.put("VAULT_BUCKET", VAULT_BUCKET);
        withBoth.put("VAULT_ACCOUNT_ID", VAULT_ACCOUNT);
        prepareVault(notes);
        List<AwsCall> drillAndAuditCalls = invoke(withBoth, Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2)))
                .stream().filter(c -> c.madeBy("dev.notesbackup.backup.drill.") || c.madeBy("dev.notesbackup.backup.audit.")
                        || c.madeBy("dev.notesbackup.backup.vault.")).toList();
        List<IamRequest> drillAndAudit = requests(drillAndAuditCalls).stream().filter(r -> !neededKeys.contains(r.key())).toList();
        assertThat(drillAndAudit).extracting(IamRequest::action).contains("dynamodb:RestoreTableFromBackup",
                "dynamodb:DeleteTable", "dynamodb:DescribeContinuousBackups", "cloudformation:GetTemplate",
                "dynamodb:ExportTableToPointInTime", "dynamodb:ListExports", "s3:PutObject", "s3:PutObjectAcl");

        List<IamRequest> denied = new ArrayList<>(backupNegatives(notes, backup));
        denied.addAll(drillAndAudit);
        denied.addAll(elsewhere(needed));
        evaluateBoth(role, needed, denied, "backup role (samconfig values)");
    }

    // ---- the notes role ------------------------------------------------------------------------

    @Test
    @Order(3)
    void notesRole_allowsEveryRoute_andNothingOnOtherTablesOrBackups() {
        Deployed notes = DeployedStacks.deploy(moto.endpoint(), "notes");
        Principal role = deployedRole(notes, "NotesApiRole", "NotesApiLogGroup");
        assertThat(role.arn()).startsWith("arn:aws:iam::" + MOTO_ACCOUNT + ":role/");
        Map<String, String> env = functionEnvironment(notes, "NotesApiFunction");
        NotesApiHandler handler = new NotesApiHandler((NotesApi) invokeStatic(NotesApiHandler.class, "fromEnvironment",
                new Class<?>[] {Map.class}, env));
        String origin = env.get("ALLOWED_ORIGINS").split(",")[0];

        List<AwsCall> calls;
        try (CallRecorder.Recording recording = CallRecorder.record()) {
            APIGatewayV2HTTPResponse created = handler.handleRequest(httpEvent("POST", "/notes", "{\"text\":\"stay home\",\"author\":\"ann\"}", origin), null);
            assertThat(created.getStatusCode()).isEqualTo(201);
            String id = (String) json(created.getBody()).get("id");
            assertThat(handler.handleRequest(httpEvent("POST", "/notes/" + id + "/replies", "{\"text\":\"yes\",\"author\":\"bob\"}", origin), null)
                    .getStatusCode()).isEqualTo(201);
            assertThat(handler.handleRequest(httpEvent("GET", "/notes", null, origin), null).getStatusCode()).isEqualTo(200);
            assertThat(handler.handleRequest(httpEvent("GET", "/notes/" + id, null, origin), null).getStatusCode()).isEqualTo(200);
            calls = recording.calls();
        }
        List<IamRequest> needed = requests(calls);
        assertThat(needed).extracting(IamRequest::action).contains("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query");
        needed.addAll(platformRequests(notes, "NotesApiLogGroup", null));

        String account = MOTO_ACCOUNT;
        List<IamRequest> denied = new ArrayList<>();
        for (String logical : List.of("NotesTable", "RepliesTable")) {
            String table = tableArn(account, notes.physicalIds().get(logical));
            for (String action : List.of("DeleteTable", "UpdateTable", "CreateBackup", "Scan", "DeleteItem", "UpdateItem", "BatchWriteItem")) {
                denied.add(IamRequest.onArn("dynamodb:" + action, table, "the notes role must not " + action + " " + logical));
            }
            denied.add(IamRequest.onArn("dynamodb:DeleteBackup", table + "/backup/01700000000000-abcdef12", "the notes role must not delete backups"));
        }
        for (String action : List.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "GetItem")) {
            denied.add(IamRequest.onArn("dynamodb:" + action, tableArn(account, UNCONFIGURED_TABLE), "an item call on another table"));
        }
        denied.add(IamRequest.onAnyResource("dynamodb:ListTables", region, account, "the notes role lists nothing"));
        denied.addAll(elsewhere(needed));
        evaluateBoth(role, needed, denied, "notes role");
    }

    // ---- the operator (the CLIs) ---------------------------------------------------------------

    /**
     * The operator's commands as the README's runbook runs them (audit, list, restore of the newest
     * backup into a new table with --wait, replay of the write-ahead log from the notes stack's log
     * group, the bad-data copy as of T, diff and repair, the guard on a change set and on a template file), against the operator policy this
     * tier proposes ({@code deploy-verification/iam/operator-policy.json}), with samconfig's names.
     */
    @Test
    @Order(4)
    void operatorPolicy_allowsTheRunbooksCommands_andNothingDestructiveOnTheTables() throws Exception {
        Deployed notes = DeployedStacks.deploy(moto.endpoint(), "notes");
        Samconfig.Env backupEnv = samconfig.env("backup");
        Principal operator = new Principal("operator", "arn:aws:iam::" + MOTO_ACCOUNT + ":role/notes-backup-operator",
                Map.of("operator-policy", OperatorPolicy.resolved(region, MOTO_ACCOUNT, notes.stackName(), backupEnv.stackName(),
                        MotoVault.BUCKET, MotoVault.ACCOUNT)));
        Map<String, String> backupVars = Map.of("BACKUP_TABLES", backupEnv.parameterOverrides().get("TableNames"));
        String notesTable = notes.physicalIds().get("NotesTable");
        try (DynamoDbClient dynamo = LocalAws.dynamoDb(moto.endpoint())) {
            // As the template has it on AWS (moto does not apply PointInTimeRecoverySpecification), and a
            // time-to-live, which restore re-applies to the new table as it does point-in-time recovery.
            dynamo.updateContinuousBackups(r -> r.tableName(notesTable).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
            dynamo.updateTimeToLive(r -> r.tableName(notesTable).timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
        }
        seedNotesAndExpiredBackups(notes, "scheduled");
        try (MotoVault vault = new MotoVault(moto.endpoint())) {
            // the vault in this account (moto's ImportTable reads only the caller's own buckets), with a real export
            vault.createBucket();
            vault.export(notesTable, Instant.now().truncatedTo(ChronoUnit.HOURS));
        }
        List<String> vaultOptions = List.of("--bucket", MotoVault.BUCKET, "--prefix", MotoVault.PREFIX, "--endpoint-url",
                proxy.endpoint().toString(), "--region", region);
        String logGroup = notes.physicalIds().get("NotesApiLogGroup");
        writeAheadLinesInto(notes, logGroup);
        Path backupTemplate = transformedTemplate(backupEnv);
        String changeSet;
        try (CloudFormationClient cfn = DeployedStacks.cloudFormation(moto.endpoint()); S3Client s3 = DeployedStacks.s3(moto.endpoint())) {
            changeSet = DeployedStacks.createChangeSet(cfn, s3, notes.env(), ChangeSetType.UPDATE, notes.templateBody(), notes.parameters());
        }

        // Bad data (issue 14, disaster 3): the copy as of T, the notes by point-in-time recovery (T is moto's one
        // restorable moment), the replies (no point-in-time recovery) from a backup and the log; then a changed
        // and an added note for the repair to restore and delete.
        String repliesTable = notes.physicalIds().get("RepliesTable");
        Instant asOf;
        String changed;
        try (DynamoDbClient dynamo = LocalAws.dynamoDb(moto.endpoint())) {
            asOf = dynamo.describeContinuousBackups(r -> r.tableName(notesTable)).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription().latestRestorableDateTime();
            changed = dynamo.scan(r -> r.tableName(notesTable)).items().stream().filter(item -> item.containsKey("text"))
                    .findFirst().orElseThrow().get("id").s();
        }
        String[] badDataTables = {"--notes-table", notesTable, "--replies-table", repliesTable,
                "--copy-notes", notesTable + "-at-t", "--copy-replies", repliesTable + "-at-t"};
        Path repairLog = Files.createTempFile("repair-wal-", ".log");
        repairLog.toFile().deleteOnExit();

        List<AwsCall> calls;
        String endpoint = proxy.endpoint().toString();
        try (CallRecorder.Recording recording = CallRecorder.record()) {
            assertThat(OperatorCli.backup(backupVars, "audit", "--endpoint-url", endpoint, "--region", region)).isIn(0, 1);
            // before any restore: the configured prefix would match the restored tables, which no stack owns
            assertThat(OperatorCli.backup(backupVars, "audit", "--vault-bucket", MotoVault.BUCKET, "--vault-prefix", MotoVault.PREFIX,
                    "--endpoint-url", endpoint, "--region", region)).isIn(0, 1);
            assertThat(OperatorCli.backup(backupVars, "list", "--all-types", "--endpoint-url", endpoint, "--region", region)).isZero();
            assertThat(OperatorCli.backup(Map.of(), "restore", "--table", notesTable, "--latest", "--target-table", notesTable + "-restored",
                    "--wait", "--max-wait-minutes", "1", "--endpoint-url", endpoint, "--region", region)).isZero();
            assertThat(OperatorCli.notes(Map.of(), "replay", "--log-group", logGroup, "--start", "2020-01-01")).isZero();
            assertThat(OperatorCli.backup(Map.of(), concat(List.of("vault", "list", "--table", notesTable), vaultOptions))).isZero();
            assertThat(OperatorCli.backup(Map.of(), concat(List.of("vault", "restore", "--table", notesTable, "--to",
                    notesTable + "-vault", "--max-wait-minutes", "1"), vaultOptions))).isIn(0, 1);
            assertThat(OperatorCli.notes(Map.of(), concat(badDataTables, "copy-as-of", "--as-of", asOf.toString(),
                    "--log-group", logGroup, "--endpoint-url", endpoint, "--region", region))).isZero();
            try (DynamoDbClient dynamo = LocalAws.dynamoDb(moto.endpoint())) {
                dynamo.updateItem(r -> r.tableName(notesTable).key(Map.of("id", AttributeValue.fromS(changed)))
                        .updateExpression("SET #t = :t").expressionAttributeNames(Map.of("#t", "text"))
                        .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("overwritten"))));
                dynamo.putItem(r -> r.tableName(notesTable).item(Map.of("id", AttributeValue.fromS("7ZZZZZZZZZZZZZZZZZZZZZZZZZ"))));
            }
            assertThat(OperatorCli.notes(Map.of(), concat(badDataTables, "diff", "--endpoint-url", endpoint, "--region", region)))
                    .isZero();
            assertThat(OperatorCli.notes(Map.of(), concat(badDataTables, "repair", "--key", "note:" + changed,
                    "--delete-added", "note:7ZZZZZZZZZZZZZZZZZZZZZZZZZ", "--apply", "--wal-file", repairLog.toString(),
                    "--endpoint-url", endpoint, "--region", region))).isZero();
            assertThat(OperatorCli.backup(Map.of(), "guard", "--stack-name", notes.stackName(), "--change-set", changeSet,
                    "--endpoint-url", endpoint, "--region", region)).isIn(0, 2);
            assertThat(OperatorCli.backup(Map.of(), "guard", "--stack-name", backupEnv.stackName(), "--template-file", backupTemplate.toString(),
                    "--parameter-overrides", "TableNames=" + backupEnv.parameterOverrides().get("TableNames"),
                    "--endpoint-url", endpoint, "--region", region)).isIn(0, 2);
            calls = recording.calls();
        }
        Set<String> operations = calls.stream().map(IamMapping::operationKey).collect(Collectors.toCollection(TreeSet::new));
        assertThat(operations).contains("DynamoDb:RestoreTableToPointInTime", "DynamoDb:DeleteItem", "DynamoDb:RestoreTableFromBackup", "DynamoDb:UpdateContinuousBackups", "DynamoDb:UpdateTimeToLive", "DynamoDb:TagResource",
                "DynamoDb:ImportTable", "DynamoDb:DescribeImport", "DynamoDb:ListExports", "DynamoDb:DescribeExport",
                "S3:ListObjectsV2", "S3:GetObject", "S3:HeadObject",
                "CloudWatchLogs:FilterLogEvents", "CloudFormation:CreateChangeSet", "CloudFormation:DeleteStack");
        List<IamRequest> needed = requests(calls);

        List<IamRequest> denied = new ArrayList<>();
        for (String logical : List.of("NotesTable", "RepliesTable")) {
            String table = tableArn(MOTO_ACCOUNT, notes.physicalIds().get(logical));
            denied.add(IamRequest.onArn("dynamodb:DeleteTable", table, "the operator must not delete a protected table"));
            denied.add(IamRequest.onArn("dynamodb:DeleteBackup", table + "/backup/01700000000000-abcdef12", "the operator must not delete backups"));
        }
        denied.add(IamRequest.onArn("cloudformation:ExecuteChangeSet", stackArn(notes.stackName()), "the guard never executes a change set"));
        denied.add(IamRequest.onArn("dynamodb:RestoreTableFromBackup", tableArn(MOTO_ACCOUNT, UNCONFIGURED_TABLE), "a restore into another table"));
        denied.add(IamRequest.onArn("dynamodb:PutItem", tableArn(MOTO_ACCOUNT, UNCONFIGURED_TABLE), "a replay into another table"));
        denied.addAll(elsewhere(needed));
        evaluateBoth(operator, needed, denied, "operator policy (CLI)");
    }

    static String[] concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toArray(String[]::new);
    }

    /** {@code command}, then {@code tables}, then {@code rest}: a notes-tools command line. */
    static String[] concat(String[] tables, String command, String... rest) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(tables));
        args.addAll(List.of(rest));
        return args.toArray(String[]::new);
    }

    /** Write-ahead lines as the notes API writes them, in the notes stack's log group (what replay reads). */
    void writeAheadLinesInto(Deployed notes, String logGroup) {
        List<String> lines = new ArrayList<>();
        Map<String, String> env = functionEnvironment(notes, "NotesApiFunction");
        try (DynamoDbClient dynamo = LocalAws.dynamoDb(moto.endpoint());
             CloudWatchLogsClient logs = LocalAws.client(CloudWatchLogsClient.builder(), moto.endpoint(), LocalAws.noRetries())) {
            NotesApiHandler api = new NotesApiHandler(NotesApp.create(NotesConfig.fromEnvironment(env), dynamo, lines::add,
                    java.time.Clock.systemUTC(), System.err::println));
            String origin = env.get("ALLOWED_ORIGINS").split(",")[0];
            String id = (String) json(api.handleRequest(httpEvent("POST", "/notes", "{\"text\":\"replay me\",\"author\":\"ann\"}", origin), null).getBody()).get("id");
            api.handleRequest(httpEvent("POST", "/notes/" + id + "/replies", "{\"text\":\"and me\",\"author\":\"bob\"}", origin), null);
            assertThat(lines).hasSize(2);
            logs.createLogStream(r -> r.logGroupName(logGroup).logStreamName("2026/12/01/[$LATEST]wal"));
            long now = System.currentTimeMillis();
            logs.putLogEvents(r -> r.logGroupName(logGroup).logStreamName("2026/12/01/[$LATEST]wal")
                    .logEvents(lines.stream().map(l -> InputLogEvent.builder().timestamp(now).message(l).build()).toList()));
        }
    }

    /** The backup template packaged and transformed as sam deploy sends it, in a file for the guard's --template-file. */
    Path transformedTemplate(Samconfig.Env env) throws Exception {
        try (S3Client s3 = DeployedStacks.s3(moto.endpoint())) {
            s3.createBucket(r -> r.bucket("operator-artifacts"));
        }
        Path file = Files.createTempFile("backup-template-", ".json");
        file.toFile().deleteOnExit();
        Files.writeString(file, SamPackage.transform(env.templateFile(), moto.endpoint(), "operator-artifacts", env.stackName(),
                env.parameterOverrides()));
        return file;
    }

    // ---- the vault watchdog's role -------------------------------------------------------------

    /**
     * The vault stack deployed with samconfig's vault env (and one expected table), the watchdog
     * run in-process from the deployed function's environment over a vault holding one export
     * proven by our completion file and one by DynamoDB's summary file, and the role read back
     * from IAM: every call it made is allowed, reading the exports' data or writing is not.
     */
    @Test
    @Order(5)
    void watchdogRole_allowsEveryCallTheWatchdogMakes_andNoReadOfTheExportsData() {
        Deployed vault = DeployedStacks.deploy(moto.endpoint(), samconfig.env("vault"), Map.of("ExpectedTables", "111111111111/invoices"));
        Principal role = deployedRole(vault, "WatchdogRole", "WatchdogLogGroup");
        Map<String, String> env = functionEnvironment(vault, "WatchdogFunction");
        String bucket = vault.physicalIds().get("VaultBucket");
        Instant slot = Instant.now().truncatedTo(ChronoUnit.HOURS);
        String exportArn = "arn:aws:dynamodb:" + region + ":111111111111:table/replies/export/01764558000000-a1b2c3d4";
        String dataFile = VaultLayout.dataFolder(VaultLayout.slotFolder("111111111111", "replies", slot), exportArn) + "part.json.gz";
        try (S3Client s3 = DeployedStacks.s3(moto.endpoint())) {
            s3.putObject(r -> r.bucket(bucket).key(VaultLayout.completionKey("111111111111", "notes", slot)),
                    RequestBody.fromBytes(VaultJson.write(new ExportCompletion(ExportCompletion.FORMAT_VERSION,
                            exportArn.replace("replies", "notes"), "COMPLETED", slot, slot, slot.plusSeconds(60), 1L, 10L, null, null))));
            s3.putObject(r -> r.bucket(bucket).key(VaultLayout.awsManifestSummaryKey(
                    VaultLayout.slotFolder("111111111111", "replies", slot), exportArn)),
                    RequestBody.fromString("{\"version\":\"2020-06-30\",\"exportArn\":\"" + exportArn + "\",\"exportTime\":\"" + slot + "\"}"));
            s3.putObject(r -> r.bucket(bucket).key(dataFile), RequestBody.fromString("{}"));
        }
        VaultWatchdogHandler handler = construct(VaultWatchdogHandler.class, new Class<?>[] {Map.class}, env);
        List<AwsCall> calls;
        try (CallRecorder.Recording recording = CallRecorder.record()) {
            String summary = handler.handleRequest(new ScheduledEvent(), new LambdaTestContext(Duration.ofMinutes(4)));
            assertThat(summary).contains("1 table has no export");
            calls = recording.calls();
        }
        Set<String> operations = calls.stream().map(IamMapping::operationKey).collect(Collectors.toCollection(TreeSet::new));
        assertThat(operations).containsExactly("S3:GetObject", "S3:ListObjectsV2", "Sns:Publish");
        List<IamRequest> needed = requests(calls);
        needed.addAll(platformRequests(vault, "WatchdogLogGroup", null));

        String objects = "arn:aws:s3:::" + bucket + "/";
        List<IamRequest> denied = List.of(
                new IamRequest("s3:GetObject", objects + dataFile, region, MOTO_ACCOUNT, "reading an export's items"),
                new IamRequest("s3:GetObject", objects + VaultLayout.manifestKey("111111111111", "notes", slot), region, MOTO_ACCOUNT,
                        "reading a restore manifest"),
                new IamRequest("s3:PutObject", objects + VaultLayout.completionKey("111111111111", "notes", slot), region, MOTO_ACCOUNT,
                        "writing a completion file"),
                new IamRequest("s3:DeleteObject", objects + dataFile, region, MOTO_ACCOUNT, "deleting an export"),
                new IamRequest("s3:PutBucketPolicy", "arn:aws:s3:::" + bucket, region, MOTO_ACCOUNT, "changing the bucket policy"),
                IamRequest.onArn("sns:Publish", "arn:aws:sns:" + region + ":" + MOTO_ACCOUNT + ":another-topic", "another topic"));
        evaluateBoth(role, needed, denied, "vault watchdog role");
    }

    // ---- the static check ------------------------------------------------------------------------

    /**
     * Classes whose AWS calls never reach AWS: the notes CLI's {@code serve} runs the API locally
     * against the local stand-in, and creates its tables there (its API calls are the Lambda's own
     * code, evaluated above).
     */
    static final Set<String> LOCAL_ONLY = Set.of("dev.notesbackup.notes.cli.ServeCommand");

    /**
     * Every SDK operation the compiled services invoke (javap over their target/classes) has an
     * IAM mapping and was performed, mapped and evaluated by the tests above; runs last, over what
     * they evaluated. A new SDK call in the code fails here until a scenario performs it and the
     * role that makes it is shown to allow it.
     */
    @Test
    @Order(10)
    void everySdkOperationInTheCompiledCode_isMappedAndWasEvaluated() {
        Map<String, Set<String>> found = SdkCallsInBytecode.scan(List.of(
                CloudFormationYaml.projectRoot().resolve("backup-service/target/classes"),
                CloudFormationYaml.projectRoot().resolve("notes-service/target/classes"),
                CloudFormationYaml.projectRoot().resolve("notes-tools/target/classes")));
        assertThat(found).as("the scan finds the services' calls").containsKeys("DynamoDb:CreateBackup", "DynamoDb:PutItem",
                "CloudFormation:ListStacks", "CloudWatchLogs:FilterLogEvents");
        List<String> problems = new ArrayList<>();
        Set<String> localOnly = new TreeSet<>();
        found.forEach((operation, callers) -> {
            Set<String> remote = new TreeSet<>(callers);
            remote.removeAll(LOCAL_ONLY);
            if (remote.isEmpty()) {
                localOnly.add(operation);
                return;
            }
            if (!IamMapping.OPERATIONS.contains(operation)) {
                problems.add(operation + " (in " + remote + ") has no IAM mapping");
            } else if (!EVALUATED_OPERATIONS.contains(operation)) {
                problems.add(operation + " (in " + remote + ") was never performed by a scenario, so never evaluated");
            }
        });
        System.out.printf("IAM static check: %d SDK operations in the compiled code, %d of them evaluated, local-only %s%n",
                found.size(), found.keySet().stream().filter(EVALUATED_OPERATIONS::contains).count(), localOnly);
        assertThat(problems).as("SDK operations of the code that no IAM evaluation covers").isEmpty();
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** The role's policies as IAM holds them, with its log group's ARN as CloudFormation (not moto) resolves it. */
    Principal deployedRole(Deployed stack, String roleLogicalId, String logGroupLogicalId) {
        Principal role = DeployedRole.read(moto.endpoint(), stack.physicalIds().get(roleLogicalId));
        return DeployedRole.withCloudFormationLogGroupArns(role, List.of(logGroupArn(stack, logGroupLogicalId)));
    }

    String logGroupArn(Deployed stack, String logGroupLogicalId) {
        return "arn:aws:logs:" + region + ":" + MOTO_ACCOUNT + ":log-group:" + stack.physicalIds().get(logGroupLogicalId);
    }

    /**
     * The scheduled function as Lambda runs it, built from the deployed function's environment
     * exactly as its no-arg constructor builds it: a run of this hour's slot (it backs up and prunes
     * the expired backups seeded before), the same slot delivered again, and a dry run (DryRun=true,
     * one of samconfig's documented options) of the next slot; then {@link #continuedRuns}.
     */
    List<AwsCall> scheduledRuns(Deployed notes, Deployed backup, Map<String, String> env) {
        seedNotesAndExpiredBackups(notes, env.get("BACKUP_NAME_PREFIX"));
        Instant slot = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<AwsCall> calls = new ArrayList<>(invoke(env, slot));
        calls.addAll(invoke(env, slot));
        Map<String, String> dryRun = new LinkedHashMap<>(env);
        dryRun.put("DRY_RUN", "true");
        calls.addAll(invoke(dryRun, slot.plus(Duration.ofHours(1))));
        calls.addAll(continuedRuns(backup, env, slot.minus(Duration.ofHours(2))));
        return calls;
    }

    /**
     * A slot's continuation as Lambda runs it: the scheduled run given barely more than its time
     * margin, with the proxy slowing every listing and backup by a second, stops with work left and
     * invokes its own function asynchronously through Lambda's Invoke API (a {@link LambdaInvokeRecorder}
     * on loopback takes it, as Lambda's queue would). Once invoked by the function's unqualified ARN
     * (as EventBridge invokes it), once by a qualified one (a version or alias); then every
     * continuation started is delivered to the handler with the full deadline.
     */
    List<AwsCall> continuedRuns(Deployed backup, Map<String, String> deployedEnv, Instant firstSlot) {
        String function = functionArn(backup, "BackupFunction");
        // The vault export, the drill and the audit run in a scheduled invocation only, never in a
        // continuation, and are evaluated by the full runs: off here, so that each cut-short run is the run alone.
        Map<String, String> env = new LinkedHashMap<>(deployedEnv);
        env.putAll(Map.of("VAULT_BUCKET", "", "VAULT_ACCOUNT_ID", "", "RESTORE_DRILL", "false", "AUDIT", "false"));
        Duration barelyMoreThanTheMargin = Duration.ofSeconds(Long.parseLong(env.get("TIME_MARGIN_SECONDS"))).plusMillis(500);
        List<AwsCall> calls = new ArrayList<>();
        try (LambdaInvokeRecorder lambda = LambdaInvokeRecorder.start()) {
            System.setProperty("aws.endpointUrlLambda", lambda.endpoint().toString());
            try {
                Instant slot = firstSlot;
                for (String invokedAs : List.of(function, function + ":$LATEST")) {
                    proxy.latency("ListBackups", Duration.ofSeconds(1)).latency("CreateBackup", Duration.ofSeconds(1));
                    try {
                        calls.addAll(invoke(env, scheduledEvent(slot), new LambdaTestContext(barelyMoreThanTheMargin, invokedAs)));
                    } finally {
                        proxy.clearRules();
                    }
                    slot = slot.minus(Duration.ofHours(1));
                }
                assertThat(lambda.invocations()).as("each cut-short run continued itself through the ARN it was invoked by")
                        .extracting(LambdaInvokeRecorder.Invocation::functionName).containsExactly(function, function + ":$LATEST");
                for (LambdaInvokeRecorder.Invocation next = lambda.poll(); next != null; next = lambda.poll()) {
                    calls.addAll(invoke(env, continuationEvent(next.payload()), new LambdaTestContext(Duration.ofMinutes(14), function)));
                }
            } finally {
                System.clearProperty("aws.endpointUrlLambda");
            }
        }
        return calls;
    }

    /** The deployed function's ARN, as Lambda gives it (what the invocation's context names). */
    String functionArn(Deployed stack, String logicalId) {
        try (LambdaClient lambda = LocalAws.client(LambdaClient.builder(), moto.endpoint(), LocalAws.noRetries())) {
            return lambda.getFunctionConfiguration(r -> r.functionName(stack.physicalIds().get(logicalId))).functionArn();
        }
    }

    static ScheduledEvent scheduledEvent(Instant slot) {
        return new ScheduledEvent().withSource("aws.events").withDetailType("Scheduled Event")
                .withTime(new DateTime(slot.toEpochMilli(), DateTimeZone.UTC));
    }

    /** A continuation's payload as the Lambda Java runtime hands it to the handler (aws-lambda-java-serialization, via EventLoader). */
    static ScheduledEvent continuationEvent(String payload) {
        try {
            Path file = Files.createTempFile("continuation-", ".json");
            try {
                Files.writeString(file, payload, java.nio.charset.StandardCharsets.UTF_8);
                return EventLoader.loadScheduledEvent(file.toString());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    List<AwsCall> invoke(Map<String, String> env, Instant slot) {
        return invoke(env, scheduledEvent(slot), new LambdaTestContext(Duration.ofMinutes(14)));
    }

    List<AwsCall> invoke(Map<String, String> env, ScheduledEvent event, LambdaTestContext context) {
        ScheduledBackupHandler handler = construct(ScheduledBackupHandler.class, new Class<?>[] {Map.class}, env);
        try (CallRecorder.Recording recording = CallRecorder.record()) {
            RunReport report;
            try {
                report = handler.invoke(event, context);
            } catch (BackupRunFailedException e) {
                throw new AssertionError("the scheduled run failed: " + e.report().toJson(), e);
            }
            assertThat(report.tables()).hasSizeGreaterThanOrEqualTo(2);
            return recording.calls();
        }
    }

    /** A few notes, and five backups of ours per table made (virtually) 40-44 days ago, so the run prunes. */
    void seedNotesAndExpiredBackups(Deployed notes, String prefix) {
        try (DynamoDbClient dynamo = LocalAws.dynamoDb(moto.endpoint())) {
            for (String logical : List.of("NotesTable", "RepliesTable")) {
                String table = notes.physicalIds().get(logical);
                Map<String, AttributeValue> item = logical.equals("NotesTable")
                        ? Map.of("id", AttributeValue.fromS("01J0000000000000000000000" + logical.length()), "feed", AttributeValue.fromS("all"))
                        : Map.of("noteId", AttributeValue.fromS("01J00000000000000000000000"), "id", AttributeValue.fromS("r1"));
                dynamo.putItem(r -> r.tableName(table).item(item));
                Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
                for (int days = 40; days < 45; days++) {
                    Instant slot = now.minus(Duration.ofDays(days));
                    String name = BackupNames.forSlot(prefix, table, slot);
                    String arn = dynamo.createBackup(r -> r.tableName(table).backupName(name)).backupDetails().backupArn();
                    proxy.seedBackupTime(arn, slot.plusSeconds(5));
                }
            }
        }
    }

    /** The deployed function's environment variables, as Lambda holds them after the deploy. */
    Map<String, String> functionEnvironment(Deployed stack, String logicalId) {
        try (LambdaClient lambda = LocalAws.client(LambdaClient.builder(), moto.endpoint(), LocalAws.noRetries())) {
            return Map.copyOf(lambda.getFunctionConfiguration(r -> r.functionName(stack.physicalIds().get(logicalId)))
                    .environment().variables());
        }
    }

    List<IamRequest> requests(List<AwsCall> calls) {
        // Stacks the calls named and learnt the ids of (a stack the guard created and deleted again is gone by now).
        for (AwsCall call : calls) {
            call.response().filter(CreateChangeSetResponse.class::isInstance).map(CreateChangeSetResponse.class::cast)
                    .ifPresent(r -> {
                        stackArns.putIfAbsent(r.stackId().split("/")[1], r.stackId());
                        stackArns.putIfAbsent(r.id(), r.stackId());
                    });
            call.response().filter(DescribeStacksResponse.class::isInstance).map(DescribeStacksResponse.class::cast)
                    .ifPresent(r -> r.stacks().forEach(st -> stackArns.putIfAbsent(st.stackName(), st.stackId())));
        }
        IamMapping mapping = new IamMapping(accountOf(calls), this::stackArn);
        List<IamRequest> out = new ArrayList<>();
        for (AwsCall call : calls) {
            EVALUATED_OPERATIONS.add(IamMapping.operationKey(call));
            out.addAll(mapping.requests(call));
        }
        return out;
    }

    /** The account moto runs everything in (its default), as the deployed roles' ARNs show. */
    static String accountOf(List<AwsCall> calls) {
        return MOTO_ACCOUNT;
    }

    String stackArn(String nameOrArn) {
        return stackArns.computeIfAbsent(nameOrArn, key -> {
            try (CloudFormationClient cfn = DeployedStacks.cloudFormation(moto.endpoint())) {
                if (key.startsWith(IamMapping.OWNER_OF)) {
                    String physicalId = key.substring(IamMapping.OWNER_OF.length());
                    for (var stack : cfn.describeStacksPaginator(r -> { }).stacks()) {
                        for (var resource : cfn.listStackResourcesPaginator(r -> r.stackName(stack.stackId())).stackResourceSummaries()) {
                            if (physicalId.equals(resource.physicalResourceId())) {
                                return stack.stackId();
                            }
                        }
                    }
                    throw new IllegalStateException("no stack owns " + physicalId + ", so AWS would answer without a stack to authorize");
                }
                if (key.contains(":changeSet/")) {
                    return cfn.describeChangeSet(r -> r.changeSetName(key)).stackId();
                }
                try {
                    return cfn.describeStacks(r -> r.stackName(key)).stacks().get(0).stackId();
                } catch (CloudFormationException noSuchStack) {
                    // Asked by name before the stack existed: AWS authorizes against the stack of that name,
                    // whatever id it will get (policies name stacks as stack/<name>/*).
                    return "arn:aws:cloudformation:" + region + ":" + MOTO_ACCOUNT + ":stack/" + key + "/00000000-0000-0000-0000-000000000000";
                }
            }
        });
    }

    /** What the Lambda service does with the role: the function's log group and its failure destination. */
    List<IamRequest> platformRequests(Deployed stack, String logGroupLogicalId, String deadLetterQueueLogicalId) {
        String account = MOTO_ACCOUNT;
        List<IamRequest> out = new ArrayList<>();
        // Both authorized on the log stream (the resource type iam-data gives CreateLogStream and PutLogEvents).
        String stream = logGroupArn(stack, logGroupLogicalId) + ":log-stream:2026/12/01/[$LATEST]0123456789abcdef";
        out.add(IamRequest.onArn("logs:CreateLogStream", stream, "Lambda creates the function's log stream"));
        out.add(IamRequest.onArn("logs:PutLogEvents", stream, "Lambda writes the function's logs"));
        if (deadLetterQueueLogicalId != null) {
            String url = stack.physicalIds().get(deadLetterQueueLogicalId);
            out.add(IamRequest.onArn("sqs:SendMessage", "arn:aws:sqs:" + region + ":" + account + ":" + url.substring(url.lastIndexOf('/') + 1),
                    "Lambda sends a failed asynchronous invocation to the OnFailure destination"));
        }
        return out;
    }

    /**
     * The vault bucket in the vault account, and point-in-time recovery on the notes tables (the
     * template asks for it; moto does not apply it from a template), so the run exports them.
     */
    void prepareVault(Deployed notes) {
        try (S3Client vault = MotoAccounts.s3As(moto.endpoint(), VAULT_ACCOUNT)) {
            if (vault.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(VAULT_BUCKET))) {
                MotoAccounts.createVaultBucket(moto.endpoint(), VAULT_ACCOUNT, VAULT_BUCKET);
            }
        }
        try (DynamoDbClient dynamo = LocalAws.dynamoDb(moto.endpoint())) {
            for (String logical : List.of("NotesTable", "RepliesTable")) {
                dynamo.updateContinuousBackups(r -> r.tableName(notes.physicalIds().get(logical))
                        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
            }
        }
    }

    /**
     * What the backup role must never do in the vault: delete, read, or change the retention or lock
     * of an object, bypass governance, change the bucket, write outside its own folder (its account's
     * id) or into a bucket another account owns; nor export a table that is not configured.
     */
    List<IamRequest> vaultNegatives(Deployed notes) {
        List<IamRequest> out = new ArrayList<>();
        String folder = "arn:aws:s3:::" + VAULT_BUCKET + "/" + MOTO_ACCOUNT + "/";
        String manifest = folder + notes.physicalIds().get("NotesTable") + "/20261201T030000Z/restore-manifest.json";
        for (String action : List.of("s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectRetention", "s3:PutObjectLegalHold",
                "s3:BypassGovernanceRetention", "s3:GetObject", "s3:GetObjectVersion")) {
            out.add(new IamRequest(action, manifest, region, VAULT_ACCOUNT, "the backup role must not " + action + " in the vault"));
        }
        for (String action : List.of("s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutLifecycleConfiguration",
                "s3:PutBucketObjectLockConfiguration", "s3:PutBucketVersioning", "s3:DeleteBucket", "s3:ListBucket")) {
            out.add(new IamRequest(action, "arn:aws:s3:::" + VAULT_BUCKET, region, VAULT_ACCOUNT, "the backup role must not " + action));
        }
        for (String outside : List.of("arn:aws:s3:::" + VAULT_BUCKET + "/" + OTHER_ACCOUNT + "/notes/x.json",
                "arn:aws:s3:::" + VAULT_BUCKET + "/notes/x.json", "arn:aws:s3:::" + VAULT_BUCKET + "/" + MOTO_ACCOUNT + "0/notes/x.json",
                "arn:aws:s3:::another-bucket/" + MOTO_ACCOUNT + "/notes/x.json")) {
            out.add(new IamRequest("s3:PutObject", outside, region, VAULT_ACCOUNT, "a write outside the account's vault folder"));
        }
        String other = tableArn(MOTO_ACCOUNT, UNCONFIGURED_TABLE);
        out.add(IamRequest.onArn("dynamodb:ExportTableToPointInTime", other, "an export of an unconfigured table"));
        out.add(IamRequest.onArn("dynamodb:DescribeExport", other + "/export/01764039600000-1a2b3c4d", "an unconfigured table's export"));
        return out;
    }

    /**
     * The backup role's fixed negative set: destructive or out-of-scope calls on real tables, and
     * invoking any function but its own (the notes API's, a name its own is a prefix of).
     */
    List<IamRequest> backupNegatives(Deployed notes, Deployed backup) {
        String account = MOTO_ACCOUNT;
        List<IamRequest> out = new ArrayList<>();
        for (String logical : List.of("NotesTable", "RepliesTable")) {
            String table = tableArn(account, notes.physicalIds().get(logical));
            for (String action : List.of("DeleteTable", "UpdateTable", "PutItem", "DeleteItem", "UpdateItem", "BatchWriteItem",
                    "RestoreTableFromBackup", "UpdateContinuousBackups")) {
                out.add(IamRequest.onArn("dynamodb:" + action, table, "the backup role must not " + action + " production table " + logical));
            }
        }
        String other = tableArn(account, UNCONFIGURED_TABLE);
        out.add(IamRequest.onArn("dynamodb:CreateBackup", other, "a backup of an unconfigured table"));
        out.add(IamRequest.onArn("dynamodb:DeleteBackup", other + "/backup/01700000000000-abcdef12", "pruning an unconfigured table's backup"));
        out.add(IamRequest.onArn("dynamodb:DescribeBackup", other + "/backup/01700000000000-abcdef12", "reading an unconfigured table's backup"));
        out.add(IamRequest.onArn("dynamodb:RestoreTableFromBackup", other + "/backup/01700000000000-abcdef12", "restoring an unconfigured table's backup"));
        String own = functionArn(backup, "BackupFunction");
        for (String function : List.of(functionArn(notes, "NotesApiFunction"), functionArn(notes, "NotesApiFunction") + ":$LATEST",
                own + "-other", own + "-other:$LATEST", own.substring(0, own.length() - 1))) {
            out.add(IamRequest.onArn("lambda:InvokeFunction", function, "the backup role invokes its own function only"));
        }
        return out;
    }

    /**
     * Every needed request again, sent to another region, and (for resource ARNs) on another account's
     * resource. An S3 object's ARN names neither region nor account: for it, the same object in a bucket
     * another account owns (where the bucket lives is the vault's business, not the role's).
     */
    static List<IamRequest> elsewhere(List<IamRequest> needed) {
        Set<String> seen = new LinkedHashSet<>();
        List<IamRequest> out = new ArrayList<>();
        for (IamRequest request : needed) {
            List<IamRequest> variants = request.resource().equals("*") ? List.of(request.inRegion(OTHER_REGION))
                    : request.resource().startsWith("arn:aws:s3:::")
                    ? List.of(new IamRequest(request.action(), request.resource(), request.region(), OTHER_ACCOUNT,
                    request.why() + ", a bucket account " + OTHER_ACCOUNT + " owns"))
                    : List.of(request.inRegion(OTHER_REGION), request.inAccount(OTHER_ACCOUNT));
            for (IamRequest variant : variants) {
                if (seen.add(variant.key() + " " + variant.region())) {
                    out.add(variant);
                }
            }
        }
        return out;
    }

    /**
     * Evaluates both sets and asserts them, listing every wrong decision at once, and every action
     * the role's policies grant that no needed authorization uses (a grant without a call).
     */
    void evaluateBoth(Principal role, List<IamRequest> allowed, List<IamRequest> denied, String label) {
        List<IamRequest> distinctAllowed = distinct(allowed);
        List<IamRequest> distinctDenied = distinct(denied);
        // S3 and KMS requests into the vault account with stand-in resource policies: the role's own policy decides
        List<Decision> positive = IamEvaluator.evaluate(role, distinctAllowed, OpenVaultPolicies.forRole(role.arn()));
        List<Decision> negative = IamEvaluator.evaluate(role, distinctDenied, OpenVaultPolicies.forRole(role.arn()));
        System.out.printf("IAM %s: %d needed authorizations evaluated, %d that must be denied%n", label, positive.size(), negative.size());
        List<String> wrong = new ArrayList<>();
        positive.stream().filter(d -> !d.allowed()).forEach(d -> wrong.add("needed but " + d));
        negative.stream().filter(d -> !d.denied()).forEach(d -> wrong.add("must be denied but " + d));
        unusedGrants(role, distinctAllowed).forEach(a -> wrong.add("granted but no call needs it: " + a));
        assertThat(wrong).as(label + ": wrong decisions").isEmpty();
    }

    static List<IamRequest> distinct(List<IamRequest> requests) {
        Map<String, IamRequest> byKey = new LinkedHashMap<>();
        requests.forEach(r -> byKey.putIfAbsent(r.key() + " " + r.region(), r));
        return List.copyOf(byKey.values());
    }

    /** Actions the role's policies allow that none of the needed authorizations uses. */
    static Set<String> unusedGrants(Principal role, List<IamRequest> needed) {
        Set<String> used = needed.stream().map(IamRequest::action).collect(Collectors.toSet());
        Set<String> unused = new TreeSet<>(DeployedRole.allowedActions(role));
        unused.removeAll(used);
        return unused;
    }

    static String tableArn(String account, String table) {
        return "arn:aws:dynamodb:" + REGION + ":" + account + ":table/" + table;
    }

    static APIGatewayV2HTTPEvent httpEvent(String method, String path, String body, String origin) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        context.setRequestId("iam-" + method + path.hashCode());
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRawPath(path);
        event.setRequestContext(context);
        Map<String, String> headers = new HashMap<>(Map.of("origin", origin));
        if (body != null) {
            headers.put("content-type", "application/json");
        }
        event.setHeaders(headers);
        event.setBody(body);
        return event;
    }

    static Map<?, ?> json(String body) {
        try {
            return new ObjectMapper().readValue(body, Map.class);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** The private constructor the Lambda's no-arg constructor delegates to, with an environment map instead of System.getenv(). */
    static <T> T construct(Class<T> type, Class<?>[] parameters, Object... args) {
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(parameters);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new AssertionError("constructing " + type.getSimpleName() + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type + " no longer has the constructor this test drives: " + e, e);
        }
    }

    static Object invokeStatic(Class<?> type, String name, Class<?>[] parameters, Object... args) {
        try {
            Method method = type.getDeclaredMethod(name, parameters);
            method.setAccessible(true);
            return method.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw new AssertionError(type.getSimpleName() + "." + name + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type + " no longer has the method this test drives: " + e, e);
        }
    }

}
