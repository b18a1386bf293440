package dev.notesbackup.testsupport;

import static dev.notesbackup.testsupport.MotoServerIT.createTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.notesbackup.testsupport.AwsLimitsProxy.Fault;
import dev.notesbackup.testsupport.AwsLimitsProxy.OpStats;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupInUseException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;

class AwsLimitsProxyIT extends ProxyOnMoto {
    private static Throwable rootIo(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return c;
            }
        }
        return null;
    }

    /** Runs ListTables {@code n} times; true where the call failed. */
    private List<Boolean> listTablesFailures(int n) {
        List<Boolean> failed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                dynamo.listTables();
                failed.add(false);
            } catch (SdkServiceException e) {
                failed.add(true);
            }
        }
        return failed;
    }

    @Test
    void forwardsItemAndBackupCalls_toMoto() {
        createTable(dynamo, "notes");
        dynamo.putItem(b -> b.tableName("notes").item(Map.of("id", AttributeValue.fromS("n1"), "text", AttributeValue.fromS("hello"))));
        String arn = dynamo.createBackup(b -> b.tableName("notes").backupName("nightly")).backupDetails().backupArn();

        try (DynamoDbClient direct = LocalAws.dynamoDb(moto.endpoint())) {
            assertThat(direct.getItem(b -> b.tableName("notes").key(Map.of("id", AttributeValue.fromS("n1")))).item())
                    .containsEntry("text", AttributeValue.fromS("hello"));
            assertThat(direct.describeBackup(b -> b.backupArn(arn)).backupDescription().backupDetails().backupName())
                    .isEqualTo("nightly");
        }
        assertThat(proxy.stats()).containsEntry("CreateTable", new OpStats(1, 1, 0, 0))
                .containsEntry("PutItem", new OpStats(1, 1, 0, 0))
                .containsEntry("CreateBackup", new OpStats(1, 1, 0, 0));
        proxy.resetStats();
        assertThat(proxy.stats()).isEmpty();
        assertThat(proxy.stats("CreateBackup")).isEqualTo(OpStats.ZERO);
    }

    @Test
    void proxy_forwardsOtherRequestsUntouched() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(proxy.endpoint().resolve("/moto-api/data.json")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"dynamodb\"");
        assertThat(proxy.stats()).isEmpty();
    }

    @Test
    void rateLimit_throttlesCallsOverTheLimit() {
        dynamo.listBackups(b -> b.limit(10)); // warm up the client outside the measured time
        proxy.awsBackupLimits().resetStats();
        List<Throwable> errors = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 15; i++) {
            try {
                dynamo.listBackups(b -> b.limit(10));
            } catch (DynamoDbException e) {
                errors.add(e);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int allowed = 5 + (int) Math.ceil(5 * seconds); // a burst of 5, then 5 a second
        assertThat(15 - errors.size()).isBetween(5, allowed);
        assertThat(errors).allSatisfy(e -> {
            assertThat(e).isInstanceOf(ThrottlingException.class);
            assertThat(((DynamoDbException) e).isThrottlingException()).isTrue();
            assertThat(((DynamoDbException) e).statusCode()).isEqualTo(400);
            assertThat(((DynamoDbException) e).awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
            assertThat(e.getMessage()).startsWith("Rate of requests exceeds the allowed throughput.");
        });
        assertThat(proxy.stats("ListBackups")).isEqualTo(new OpStats(15, 15 - errors.size(), errors.size(), 0));
    }

    @Test
    void rateLimit_throttlesNothing_whenCallsArePaced() throws InterruptedException {
        proxy.rateLimit("ListTables", 20);
        for (int i = 0; i < 30; i++) { // more than the burst: refill must work
            dynamo.listTables();
            Thread.sleep(55);
        }
        assertThat(proxy.stats("ListTables")).isEqualTo(new OpStats(30, 30, 0, 0));
    }

    @Test
    void rateLimit_canAnswerWithLimitExceeded() {
        createTable(dynamo, "notes");
        proxy.rateLimit("CreateBackup", 1, Fault.LIMIT_EXCEEDED);
        dynamo.createBackup(b -> b.tableName("notes").backupName("one"));
        assertThatThrownBy(() -> dynamo.createBackup(b -> b.tableName("notes").backupName("two")))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.isThrottlingException()).isFalse(); // the SDK does not count it as throttling
                });
    }

    @Test
    void faults_answerWithTheModelledExceptions_withoutReachingMoto() {
        proxy.faultOnCall("CreateTable", Fault.THROTTLING, 1)
                .faultOnCall("CreateTable", Fault.LIMIT_EXCEEDED, 2)
                .faultOnCall("CreateTable", Fault.BACKUP_IN_USE, 3)
                .faultOnCall("CreateTable", Fault.INTERNAL_ERROR, 4);

        assertThat(catchThrowable(() -> createTable(dynamo, "t"))).isInstanceOfSatisfying(ThrottlingException.class,
                e -> assertThat(e.isThrottlingException()).isTrue());
        assertThat(catchThrowable(() -> createTable(dynamo, "t"))).isInstanceOf(LimitExceededException.class);
        assertThat(catchThrowable(() -> createTable(dynamo, "t"))).isInstanceOfSatisfying(BackupInUseException.class,
                e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThat(catchThrowable(() -> createTable(dynamo, "t"))).isInstanceOfSatisfying(InternalServerErrorException.class,
                e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThat(proxy.stats("CreateTable")).isEqualTo(new OpStats(4, 0, 0, 4));
        assertThat(dynamo.listTables().tableNames()).isEmpty();
        createTable(dynamo, "t"); // the fifth call is not faulted
    }

    @Test
    void connectionReset_surfacesAsClientIoError() {
        proxy.faultOnCall("CreateTable", Fault.CONNECTION_RESET, 1);
        Throwable thrown = catchThrowable(() -> createTable(dynamo, "t"));
        assertThat(thrown).isInstanceOf(SdkClientException.class);
        assertThat(rootIo(thrown)).as("IOException cause of %s", thrown).isNotNull();
        assertThat(proxy.stats("CreateTable")).isEqualTo(new OpStats(1, 0, 0, 1)); // no silent HTTP-level retry
        assertThat(dynamo.listTables().tableNames()).isEmpty();
    }

    @Test
    void timeout_holdsTheCallLongerThanTheClientWaits() {
        proxy.faultOnCall("ListTables", Fault.TIMEOUT, 1).timeoutHold(Duration.ofSeconds(2));
        try (DynamoDbClient impatient = LocalAws.dynamoDb(proxy.endpoint(), ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallAttemptTimeout(Duration.ofMillis(400))
                .build())) {
            long start = System.nanoTime();
            assertThatThrownBy(impatient::listTables).isInstanceOf(ApiCallAttemptTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
            assertThat(impatient.listTables().tableNames()).isEmpty();
        }
    }

    @Test
    void faultsAfterForward_failTheClient_butTheCallTookEffect() {
        createTable(dynamo, "notes");
        proxy.faultOnCall("CreateBackup", Fault.INTERNAL_ERROR_AFTER_FORWARD, 1)
                .faultOnCall("CreateBackup", Fault.CONNECTION_RESET_AFTER_FORWARD, 2);

        assertThatThrownBy(() -> dynamo.createBackup(b -> b.tableName("notes").backupName("a")))
                .isInstanceOf(InternalServerErrorException.class);
        Throwable reset = catchThrowable(() -> dynamo.createBackup(b -> b.tableName("notes").backupName("b")));
        assertThat(reset).isInstanceOf(SdkClientException.class);
        assertThat(rootIo(reset)).isNotNull();

        assertThat(dynamo.listBackups(b -> b.tableName("notes")).backupSummaries())
                .extracting(s -> s.backupName()).containsExactlyInAnyOrder("a", "b");
        assertThat(proxy.stats("CreateBackup")).isEqualTo(new OpStats(2, 2, 0, 2));
    }

    @Test
    void faultOnCall_hitsExactlyTheNthCallOfThatOperation() {
        proxy.faultOnCall("ListTables", Fault.INTERNAL_ERROR, 3);
        List<Boolean> failed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            createTable(dynamo, "t" + i); // other operations do not count
            failed.addAll(listTablesFailures(1));
        }
        assertThat(failed).containsExactly(false, false, true, false, false);
    }

    @Test
    void faultOnCall_countsThrottledCallsToo() {
        proxy.rateLimit("ListTables", 1).faultOnCall("ListTables", Fault.INTERNAL_ERROR, 3);
        assertThat(catchThrowable(dynamo::listTables)).isNull();
        assertThat(catchThrowable(dynamo::listTables)).isInstanceOf(ThrottlingException.class);
        assertThat(catchThrowable(dynamo::listTables)).isInstanceOf(InternalServerErrorException.class);
        assertThat(proxy.stats("ListTables")).isEqualTo(new OpStats(3, 1, 1, 1));
    }

    @Test
    void faultBurst_failsAConsecutiveRunOfCalls() {
        proxy.faultBurst("ListTables", Fault.THROTTLING, 2, 3);
        assertThat(listTablesFailures(6)).containsExactly(false, true, true, true, false, false);
    }

    @Test
    void faultRate_isRandomButRepeatableWithASeed() {
        proxy.seed(7).fault("ListTables", Fault.INTERNAL_ERROR, 0.5);
        List<Boolean> first = listTablesFailures(30);
        proxy.clearRules();
        proxy.seed(7).fault("ListTables", Fault.INTERNAL_ERROR, 0.5);
        List<Boolean> second = listTablesFailures(30);

        assertThat(first).contains(true, false).isEqualTo(second);
        proxy.clearRules();
        assertThat(listTablesFailures(10)).containsOnly(false);
    }

    @Test
    void latency_delaysCalls_perOperationOrAll() {
        proxy.latency("ListTables", Duration.ofMillis(400));
        assertThat(timed(dynamo::listTables)).isBetween(Duration.ofMillis(400), Duration.ofMillis(1500));
        assertThat(timed(() -> dynamo.listBackups(b -> b.limit(1)))).isLessThan(Duration.ofMillis(250));

        proxy.latencyAll(Duration.ofMillis(250));
        assertThat(timed(() -> dynamo.listBackups(b -> b.limit(1)))).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(timed(dynamo::listTables)).isGreaterThanOrEqualTo(Duration.ofMillis(400)); // its own wins

        proxy.latency("ListTables", Duration.ofMillis(100), Duration.ofMillis(200));
        for (int i = 0; i < 3; i++) {
            assertThat(timed(dynamo::listTables)).isBetween(Duration.ofMillis(100), Duration.ofMillis(1000));
        }
        proxy.clearRules();
        assertThat(timed(dynamo::listTables)).isLessThan(Duration.ofMillis(100 + 150));
    }

    private static Duration timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
