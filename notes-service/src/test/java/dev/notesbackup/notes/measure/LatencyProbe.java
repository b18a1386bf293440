package dev.notesbackup.notes.measure;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.notesbackup.notes.api.NotesApp;
import dev.notesbackup.notes.aws.AwsClients;
import dev.notesbackup.notes.config.NotesConfig;
import dev.notesbackup.notes.lambda.NotesApiHandler;
import dev.notesbackup.notes.store.ItemMapper;
import dev.notesbackup.notes.store.TableDefinitions;
import dev.notesbackup.notes.support.ResponseJson;
import dev.notesbackup.notes.wal.StdoutWalSink;
import dev.notesbackup.testsupport.LambdaTestContext;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Not a test: measures, in one JVM, the latency of one create (POST /notes) and one read
 * (GET /notes/{id}) through the real Lambda handler against a moto server it starts itself, with
 * the DynamoDB client the Lambda builds ({@link AwsClients#apiDynamoDb}). Prints the figures for
 * notes-service/README.md ("Measured"). Usage (from the repository root, after test-compile):
 * <pre>
 * java -cp notes-service/target/test-classes:notes-service/target/classes:$(cat notes-service/target/it.classpath) \
 *      dev.notesbackup.notes.measure.LatencyProbe [samples]
 * </pre>
 */
public final class LatencyProbe {
    private LatencyProbe() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        try (MotoServer moto = MotoServer.start()) {
            // What the Lambda environment would give the SDK (region, credentials, endpoint).
            System.setProperty("aws.region", "us-east-1");
            System.setProperty("aws.accessKeyId", "test");
            System.setProperty("aws.secretAccessKey", "test");
            System.setProperty("aws.endpointUrl", moto.endpoint().toString());

            long initStart = System.nanoTime();
            DynamoDbClient db = AwsClients.apiDynamoDb(AwsClients.httpClient());
            NotesConfig config = new NotesConfig("notes", "replies", List.of());
            // The write-ahead line is formatted and printed as in Lambda, into a stream that drops it.
            PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true);
            NotesApiHandler handler = new NotesApiHandler(NotesApp.create(config, db, new StdoutWalSink(discard),
                    Clock.systemUTC(), discard::println));
            double initMs = millis(System.nanoTime() - initStart);
            try (DynamoDbClient setup = LocalAws.dynamoDb(moto.endpoint())) { // the handler's client stays unused until its first request
                setup.createTable(TableDefinitions.notesTable("notes"));
                setup.createTable(TableDefinitions.repliesTable("replies"));
            }

            LambdaTestContext context = new LambdaTestContext(Duration.ofSeconds(10));
            Supplier<APIGatewayV2HTTPResponse> create = () -> handler.handleRequest(
                    event("POST", "/notes", "{\"text\":\"Stay home\",\"author\":\"ann\"}"), context);

            long t = System.nanoTime();
            APIGatewayV2HTTPResponse first = create.get();
            double firstCreate = millis(System.nanoTime() - t);
            String firstId = (String) ResponseJson.object(expect(first, 201).getBody()).get("id");
            t = System.nanoTime();
            expect(handler.handleRequest(event("GET", "/notes/" + firstId, null), context), 200);
            double firstRead = millis(System.nanoTime() - t);

            for (int i = 0; i < 50; i++) { // warm-up: JIT, connections
                String id = (String) ResponseJson.object(expect(create.get(), 201).getBody()).get("id");
                expect(handler.handleRequest(event("GET", "/notes/" + id, null), context), 200);
            }

            List<Double> creates = new ArrayList<>();
            List<Double> reads = new ArrayList<>();
            List<Double> lists = new ArrayList<>();
            List<Double> rawPuts = new ArrayList<>();
            List<Double> rawGets = new ArrayList<>();
            for (int i = 0; i < samples; i++) {
                t = System.nanoTime();
                APIGatewayV2HTTPResponse created = create.get();
                creates.add(millis(System.nanoTime() - t));
                String id = (String) ResponseJson.object(expect(created, 201).getBody()).get("id");

                t = System.nanoTime();
                expect(handler.handleRequest(event("GET", "/notes/" + id, null), context), 200);
                reads.add(millis(System.nanoTime() - t));

                t = System.nanoTime();
                expect(handler.handleRequest(event("GET", "/notes", null), context), 200);
                lists.add(millis(System.nanoTime() - t));

                // The floor: one bare PutItem and one GetItem on the same client.
                Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS("floor-" + i),
                        "text", AttributeValue.fromS("Stay home"), "createdAt", AttributeValue.fromS(
                                ItemMapper.formatTime(java.time.Instant.now())));
                t = System.nanoTime();
                db.putItem(b -> b.tableName("notes").item(item));
                rawPuts.add(millis(System.nanoTime() - t));
                t = System.nanoTime();
                db.getItem(b -> b.tableName("notes").key(Map.of("id", item.get("id"))).consistentRead(true));
                rawGets.add(millis(System.nanoTime() - t));
            }

            System.out.printf("moto %s, %d samples each, after 50 warm-up create+read pairs%n", moto.endpoint(), samples);
            System.out.printf("handler + clients built in          %7.1f ms%n", initMs);
            System.out.printf("first create (first request)        %7.1f ms%n", firstCreate);
            System.out.printf("first read   (second request)       %7.1f ms%n", firstRead);
            report("create  POST /notes (warm)", creates);
            report("read    GET /notes/{id} (warm)", reads);
            report("list    GET /notes (warm, 20/page)", lists);
            report("floor: bare PutItem", rawPuts);
            report("floor: bare GetItem", rawGets);
        }
    }

    private static APIGatewayV2HTTPEvent event(String method, String path, String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withHeaders(body == null ? Map.of() : Map.of("content-type", "application/json"))
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(java.util.UUID.randomUUID().toString())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path).build())
                        .build())
                .build();
    }

    private static APIGatewayV2HTTPResponse expect(APIGatewayV2HTTPResponse response, int status) {
        if (response.getStatusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.getStatusCode() + ": " + response.getBody());
        }
        return response;
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static void report(String what, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.printf("%-36s median %6.2f ms, p90 %6.2f ms, min %6.2f ms, max %6.2f ms%n", what,
                percentile(sorted, 50), percentile(sorted, 90), sorted.get(0), sorted.get(sorted.size() - 1));
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
