package dev.notesbackup.notes.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.support.TestApp;
import dev.notesbackup.testsupport.InMemoryDynamoDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalNotesServerTest {
    private final InMemoryDynamoDb tables = TestApp.inMemoryTables(TestApp.NOTES, TestApp.REPLIES);
    private final TestApp app = new TestApp(tables);
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalNotesServer server;

    @BeforeEach
    void start() throws Exception {
        server = LocalNotesServer.start("127.0.0.1", 0, app.handler, new PrintStream(new ByteArrayOutputStream()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void server_createsReadsAndListsNotesThroughTheHandler() throws Exception {
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/notes"))
                .header("Content-Type", "application/json").header("Origin", TestApp.ORIGIN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"héllo\"}")));
        String id = (String) Json.parseObject(created.body()).get("id");
        HttpResponse<String> reply = send(HttpRequest.newBuilder(uri("/notes/" + id + "/replies"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"re\",\"author\":\"bo\"}")));
        HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/notes/" + id)).GET());
        HttpResponse<String> list = send(HttpRequest.newBuilder(uri("/notes?limit=5")).GET());

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("location")).hasValue("/notes/" + id);
        assertThat(created.headers().firstValue("access-control-allow-origin")).hasValue(TestApp.ORIGIN);
        assertThat(created.headers().firstValue("x-request-id")).isPresent();
        assertThat(reply.statusCode()).isEqualTo(201);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(Json.parseObject(read.body()).get("replies")).asList().hasSize(1);
        assertThat(Json.parseObject(list.body()).get("notes")).asList().hasSize(1);
        assertThat(app.sink.lines()).hasSize(2);
    }

    @Test
    void server_passesDecodedQueryParameters_andReportsBadOnes() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/notes?limit=%31%30%31")).GET());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.parseObject(response.body())).containsEntry("error", "invalid_limit");
    }

    @Test
    void server_answersPreflight_withNoBody() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/notes"))
                .header("Origin", TestApp.ORIGIN).header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("access-control-allow-methods")).hasValue("GET,POST,OPTIONS");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void server_sendsBinaryBodiesAsBase64_soTheHandlerRefusesTheMediaType() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/notes"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(tables.calls("PutItem")).isZero();
    }

    /**
     * Over the server's own limit: with a Content-Length it is refused before the body is read; a
     * chunked body has no length to check first and is refused once it outgrows the limit.
     */
    @Test
    void server_refusesBodiesAboveItsOwnLimit_beforeTheHandler_withALengthOrChunked() throws Exception {
        byte[] huge = new byte[LocalNotesServer.MAX_BODY_BYTES + 10];
        for (HttpRequest.BodyPublisher body : List.of(HttpRequest.BodyPublishers.ofByteArray(huge),
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge)))) {
            // a client of its own per request: the server closes a connection whose body it refused
            // unread, and a pooled client could send the next request on it before it sees the close
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/notes"))
                    .header("Content-Type", "application/json").POST(body).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
            assertThat(Json.parseObject(response.body())).containsOnlyKeys("error", "message", "requestId")
                    .containsEntry("error", "payload_too_large")
                    .containsEntry("requestId", response.headers().firstValue("x-request-id").orElseThrow());
        }
        assertThat(tables.calls("PutItem")).isZero();
    }

    /**
     * Twenty connections that send their headers and half a body, then nothing: the server still
     * answers others (their bodies are read without holding a thread), and answers the stalled ones
     * 408 when its read time is up, well before the stalled clients give up.
     */
    @Test
    void server_keepsAnswering_whenClientsStallInTheMiddleOfABody() throws Exception {
        List<java.net.Socket> stalled = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port());
                socket.getOutputStream().write(("POST /notes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 40\r\n\r\n{\"text\":\"half").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                stalled.add(socket);
            }
            Thread.sleep(300);
            long started = System.nanoTime();
            HttpResponse<String> response = HttpClient.newBuilder().build().sendAsync(HttpRequest.newBuilder(uri("/notes?limit=1"))
                    .timeout(java.time.Duration.ofSeconds(LocalNotesServer.MAX_REQUEST_SECONDS + 10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).get(LocalNotesServer.MAX_REQUEST_SECONDS + 10,
                    java.util.concurrent.TimeUnit.SECONDS);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(java.time.Duration.ofSeconds(LocalNotesServer.MAX_REQUEST_SECONDS + 5));
            // a stalled connection has been answered 408 with the error body and closed by the server:
            // reading it ends (or is reset) instead of waiting forever
            java.net.Socket first = stalled.get(0);
            first.setSoTimeout((LocalNotesServer.MAX_REQUEST_SECONDS + 5) * 1000);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            int read;
            try {
                read = first.getInputStream().read();
                while (read >= 0) {
                    answer.write(read);
                    read = first.getInputStream().read();
                }
            } catch (java.net.SocketException reset) {
                read = -1;
            }
            assertThat(read).isEqualTo(-1);
            assertThat(answer.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 408 ")
                    .contains("application/json; charset=utf-8", "\"error\":\"request_timeout\"");
            assertThat(tables.calls("PutItem")).isZero();
        } finally {
            for (java.net.Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void server_returnsTheHandlersTooLarge_forBodiesAbove16KiB() throws Exception {
        String body = "{\"text\":\"" + "x".repeat(20_000) + "\"}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/notes"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(Json.parseObject(response.body())).containsEntry("error", "payload_too_large");
    }

    @Test
    void queryParameters_joinRepeatedNamesWithCommas_likeApiGateway() {
        assertThat(LocalNotesServer.queryParameters("limit=1&limit=2&cursor=a%2Bb&flag"))
                .isEqualTo(Map.of("limit", "1,2", "cursor", "a+b", "flag", ""));
        assertThat(LocalNotesServer.queryParameters("")).isNull();
    }

    @Test
    void server_handlesConcurrentCreates() throws Exception {
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(http.sendAsync(HttpRequest.newBuilder(uri("/notes")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"n" + i + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        }
        for (var future : futures) {
            assertThat(future.get().statusCode()).isEqualTo(201);
        }
        assertThat(tables.size(TestApp.NOTES)).isEqualTo(20);
    }

    private URI uri(String path) {
        return server.baseUri().resolve(path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
