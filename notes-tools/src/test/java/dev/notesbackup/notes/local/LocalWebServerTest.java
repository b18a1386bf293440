package dev.notesbackup.notes.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.notes.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page's own server: the files of notes-web/ from the classpath, config.json pointing at the API, the headers on every answer. */
class LocalWebServerTest {
    private static final URI API = URI.create("http://127.0.0.1:8080/");
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = LocalWebServer.bind("127.0.0.1", 0);
        server.start(API);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void thePagesFiles_areServed_asTheyAreInNotesWeb_withTheirTypes() throws Exception {
        Path source = Path.of(System.getProperty("user.dir")).resolveSibling("notes-web");
        for (var file : Map.of("/", "index.html", "/app.js", "app.js", "/api.js", "api.js", "/style.css", "style.css").entrySet()) {
            HttpResponse<String> answer = get(file.getKey());
            assertThat(answer.statusCode()).as(file.getKey()).isEqualTo(200);
            assertThat(answer.body()).as(file.getKey()).isEqualTo(Files.readString(source.resolve(file.getValue())));
        }
        assertThat(get("/").headers().firstValue("content-type")).hasValue("text/html;charset=utf-8");
        assertThat(get("/app.js").headers().firstValue("content-type")).hasValue("text/javascript;charset=utf-8");
        assertThat(get("/style.css").headers().firstValue("content-type")).hasValue("text/css;charset=utf-8");
    }

    @Test
    void configJson_pointsThePageAtTheApi_withoutATrailingSlash() throws Exception {
        HttpResponse<String> answer = get("/config.json");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(Json.parseObject(answer.body())).isEqualTo(Map.of("apiBaseUrl", "http://127.0.0.1:8080"));
    }

    @Test
    void everyAnswer_carriesTheSecurityHeaders_evenA404() throws Exception {
        for (String path : new String[] {"/", "/config.json", "/app.js", "/no-such-file", "/notes-web/"}) {
            HttpResponse<String> answer = get(path);
            LocalWebServer.securityHeaders(API).forEach((name, value) ->
                    assertThat(answer.headers().firstValue(name)).as(path + " " + name).hasValue(value));
        }
        assertThat(LocalWebServer.securityHeaders(API)).containsEntry("Content-Security-Policy",
                "default-src 'self'; connect-src 'self' http://127.0.0.1:8080; object-src 'none'; base-uri 'none';"
                        + " form-action 'none'; frame-ancestors 'none'");
        assertThat(get("/no-such-file").statusCode()).isEqualTo(404);
    }

    @Test
    void theOrigin_isWhatABrowserSendsFromThePage() {
        assertThat(server.origin().toString()).matches("http://127\\.0\\.0\\.1:[0-9]+").doesNotEndWith("/");
        assertThat(server.origin().getPort()).isPositive();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.origin().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
