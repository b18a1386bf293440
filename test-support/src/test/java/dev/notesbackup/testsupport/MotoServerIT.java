package dev.notesbackup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class MotoServerIT {

    static void createTable(DynamoDbClient dynamo, String name) {
        dynamo.createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build()));
    }

    private static boolean gone(long pid, long waitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (System.currentTimeMillis() < deadline) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void start_answersOnLoopback_resetWipesState_closeEndsTheProcess() throws Exception {
        MotoServer moto = MotoServer.start();
        long pid = moto.pid();
        try (DynamoDbClient dynamo = LocalAws.dynamoDb(moto.endpoint())) {
            assertThat(moto.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(ProcessHandle.of(pid)).hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());

            createTable(dynamo, "notes");
            assertThat(dynamo.listTables().tableNames()).containsExactly("notes");
            moto.reset();
            assertThat(dynamo.listTables().tableNames()).isEmpty();
        } finally {
            moto.close();
        }
        assertThat(gone(pid, 1_000)).as("moto pid %d gone after close", pid).isTrue();
        assertThat(moto.isAlive()).isFalse();
        moto.close(); // idempotent
    }

    @Test
    void motoDies_whenItsJvmIsKilled() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-D" + MotoServer.PYTHON_PROPERTY + "=" + System.getProperty(MotoServer.PYTHON_PROPERTY, "python3"),
                OrphanProbe.class.getName())
                .redirectErrorStream(true)
                .start();
        long motoPid = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("MOTO_PID ")) {
                    motoPid = Long.parseLong(line.substring("MOTO_PID ".length()).trim());
                    break;
                }
            }
            assertThat(motoPid).as("the child JVM started moto").isPositive();
            assertThat(ProcessHandle.of(motoPid).map(ProcessHandle::isAlive)).hasValue(true);

            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(gone(motoPid, 5_000)).as("moto pid %d gone after its JVM was killed", motoPid).isTrue();
        } finally {
            jvm.destroyForcibly();
            if (motoPid > 0) {
                ProcessHandle.of(motoPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
