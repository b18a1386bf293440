package dev.notesbackup.backup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.notesbackup.backup.aws.AwsClients;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.config.RateLimits;
import dev.notesbackup.backup.lambda.ScheduledBackupHandler;
import dev.notesbackup.backup.lambda.SelfInvocation;
import dev.notesbackup.backup.policy.BackupNames;
import dev.notesbackup.backup.run.BackupService;
import dev.notesbackup.backup.run.Retrier;
import dev.notesbackup.backup.run.RunReport;
import dev.notesbackup.backup.run.Sleeper;
import dev.notesbackup.testsupport.AwsLimitsProxy;
import dev.notesbackup.testsupport.LambdaInvokeRecorder;
import dev.notesbackup.testsupport.LambdaTestContext;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * A slot whose deletions do not fit one invocation, at DynamoDB's DeleteBackup rate of 10 per
 * second: the function continues itself through Lambda's Invoke API (over HTTP, to a recorder on
 * loopback), each continuation is delivered as the Lambda runtime deserialises it, and the last one
 * twice, as Lambda's asynchronous queue may.
 */
@ExtendWith(MotoExtension.class)
class ContinuationIT {
    static final Instant SLOT = Instant.parse("2026-11-20T03:00:00Z");
    static final List<String> TABLES = IntStream.rangeClosed(1, 30).mapToObj(i -> String.format("cont-%02d", i)).toList();

    final AtomicReference<Instant> now = new AtomicReference<>();
    AwsLimitsProxy proxy;
    DynamoDbClient dynamo;
    LambdaInvokeRecorder lambdaApi;
    LambdaClient lambda;
    @TempDir
    Path dir;

    @BeforeEach
    void start(MotoServer moto) {
        proxy = AwsLimitsProxy.start(moto.endpoint()).virtualClock(now::get);
        dynamo = LocalAws.client(DynamoDbClient.builder(), proxy.endpoint(), AwsClients.RUN_OVERRIDES);
        lambdaApi = LambdaInvokeRecorder.start();
        lambda = LocalAws.client(LambdaClient.builder(), lambdaApi.endpoint(), LocalAws.standardRetries());
    }

    @AfterEach
    void stop() {
        lambda.close();
        lambdaApi.close();
        dynamo.close();
        proxy.close();
    }

    @Test
    void deletionsBeyondOneInvocation_finishInItsContinuations_andADuplicateDeliveryChangesNothing() throws Exception {
        for (String table : TABLES) {
            dynamo.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
        }
        for (int d = 5; d >= 1; d--) { // 5 s after the slot, days 3 to 5 are past the 3 days of retention: 90 deletions, 9 s at 10/s
            Instant slot = SLOT.minus(Duration.ofDays(d));
            now.set(slot.plusSeconds(3));
            TABLES.forEach(t -> dynamo.createBackup(r -> r.tableName(t).backupName(BackupNames.forSlot("scheduled", t, slot))));
        }
        now.set(SLOT.plusSeconds(5));
        proxy.awsBackupLimits().resetStats();
        ScheduledBackupHandler handler = handler();

        List<RunReport> runs = new ArrayList<>();
        runs.add(handler.invoke(new ScheduledEvent().withSource("aws.events").withDetailType("Scheduled Event")
                .withTime(new DateTime(SLOT.toEpochMilli(), DateTimeZone.UTC)), threeSecondsOfWork()));
        long listedByTheFirst = proxy.stats("ListBackups").received();
        LambdaInvokeRecorder.Invocation last = null;
        for (LambdaInvokeRecorder.Invocation next = lambdaApi.poll(); next != null; next = lambdaApi.poll()) {
            assertThat(next.functionName()).isEqualTo(new LambdaTestContext(Duration.ZERO).getInvokedFunctionArn());
            runs.add(handler.invoke(asTheRuntimeDelivers(next.payload()), threeSecondsOfWork()));
            last = next;
        }

        assertThat(runs.size()).as("invocations").isBetween(3, 4);
        assertThat(runs).extracting(RunReport::invocation).containsExactlyElementsOf(IntStream.rangeClosed(1, runs.size()).boxed().toList());
        assertThat(runs.subList(0, runs.size() - 1)).allSatisfy(r -> assertThat(r.continued()).isTrue());
        assertThat(runs.get(runs.size() - 1).workLeft()).isFalse();
        assertThat(runs.stream().mapToInt(RunReport::deletedCount).sum()).isEqualTo(90);
        assertThat(proxy.stats("ListBackups").received()).as("ListBackups calls after the first invocation")
                .isEqualTo(listedByTheFirst);
        Map<String, List<String>> left = backupsByTable();
        TABLES.forEach(t -> assertThat(left.get(t)).as(t).containsExactlyInAnyOrder(
                IntStream.rangeClosed(0, 2).mapToObj(d -> BackupNames.forSlot("scheduled", t, SLOT.minus(Duration.ofDays(d)))).toArray(String[]::new)));

        RunReport duplicate = handler.invoke(asTheRuntimeDelivers(last.payload()), threeSecondsOfWork());

        assertThat(duplicate.failed()).isFalse();
        assertThat(duplicate.continued()).isFalse();
        assertThat(backupsByTable()).isEqualTo(left);
        assertThat(proxy.stats("CreateBackup").received()).isEqualTo(TABLES.size());
    }

    ScheduledBackupHandler handler() {
        BackupConfig config = BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, "cont-*",
                BackupConfig.RETENTION_DAYS, "3", BackupConfig.KEEP_AT_LEAST, "2", BackupConfig.TIME_MARGIN_SECONDS, "20"))
                .withRates(RateLimits.AWS_DEFAULTS);
        BackupService service = new BackupService(dynamo, Clock.fixed(SLOT.plusSeconds(5), ZoneOffset.UTC), config,
                Retrier.standard(), Sleeper.REAL, System::nanoTime);
        return new ScheduledBackupHandler(service, null, null, null, SelfInvocation.through(() -> lambda), line -> { });
    }

    /** 23 s left at the start, less the 20 s margin. */
    static LambdaTestContext threeSecondsOfWork() {
        return new LambdaTestContext(Duration.ofSeconds(23));
    }

    ScheduledEvent asTheRuntimeDelivers(String payload) throws Exception {
        return EventLoader.loadScheduledEvent(Files.writeString(Files.createTempFile(dir, "event", ".json"), payload,
                StandardCharsets.UTF_8).toString());
    }

    Map<String, List<String>> backupsByTable() {
        proxy.pageListBackups(false);
        try {
            return dynamo.listBackups(r -> r.backupType(BackupTypeFilter.ALL)).backupSummaries().stream()
                    .collect(Collectors.groupingBy(BackupSummary::tableName,
                            Collectors.mapping(BackupSummary::backupName, Collectors.toList())));
        } finally {
            proxy.pageListBackups(true);
        }
    }
}
