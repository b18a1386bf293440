package dev.notesbackup.notes.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.notes.cli.NotesToolsProcess;
import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.local.LocalWebServer;
import dev.notesbackup.notes.store.TableDefinitions;
import dev.notesbackup.notes.support.ResponseJson;
import dev.notesbackup.testsupport.CloudFormationYaml;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.testsupport.UnicodeTexts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The notes page in a real browser (headless Chromium through {@link PageBrowser}), against the API on
 * moto, both served by {@code serve} from the standalone jar as an operator runs it: the page on its
 * own port (another origin, allowed by the API), the API on another. A second server gives the same
 * page from an origin the API does not allow. Each test is one browser case; what the page showed is
 * judged against the API's own answers and the tables. Screenshots go to
 * {@code notes-tools/target/notes-page-screenshots/<case>/}.
 */
@ExtendWith(MotoExtension.class)
class NotesPageIT {
    private static final String NOTES = "notes-web";
    private static final String REPLIES = "replies-web";
    private static final String NO_CSP_VIOLATION = "Content Security Policy";
    private static final Path TARGET = CloudFormationYaml.projectRoot().resolve("notes-tools/target");

    private static NotesToolsProcess.Serving serve;
    private static LocalWebServer notAllowed;
    private static Path wal;
    private static DynamoDbClient db;
    private static final PageBrowser BROWSER = new PageBrowser(TARGET.resolve("notes-page-screenshots"));

    @BeforeAll
    static void serveTheApiAndThePage(MotoServer moto) throws Exception {
        Path jar = TARGET.resolve("notes-tools-standalone.jar");
        assertThat(jar).as("the standalone jar (mvn package builds it before the integration tests)").isRegularFile();
        Path logs = Files.createDirectories(TARGET.resolve("notes-page-it"));
        wal = logs.resolve("wal.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "serve", "--port", "0", "--web-port", "0", "--host", "127.0.0.1",
                "--notes-table", NOTES, "--replies-table", REPLIES));
        command.addAll(LocalAws.cliOptions(moto.endpoint()));
        ProcessBuilder builder = new ProcessBuilder(command);
        LocalAws.childEnvironment(builder.environment());
        serve = NotesToolsProcess.serve(builder, wal, logs.resolve("serve.err"), Duration.ofSeconds(60));
        notAllowed = LocalWebServer.bind("127.0.0.1", 0);
        notAllowed.start(serve.baseUri());
        db = LocalAws.dynamoDb(moto.endpoint());
    }

    @AfterAll
    static void stop() {
        if (notAllowed != null) {
            notAllowed.close();
        }
        if (serve != null) {
            serve.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** Moto is reset before each test: the tables come back empty, as the notes stack makes them. */
    @BeforeEach
    void tables() {
        db.createTable(TableDefinitions.notesTable(NOTES));
        db.createTable(TableDefinitions.repliesTable(REPLIES));
        db.waiter().waitUntilTableExists(b -> b.tableName(NOTES));
        db.waiter().waitUntilTableExists(b -> b.tableName(REPLIES));
    }

    @Test
    void thePage_fromTheStandaloneJar_carriesTheSecurityHeaders_andPointsAtTheApi() throws Exception {
        HttpResponse<String> index = get(serve.pageUri().resolve("/"));
        HttpResponse<String> config = get(serve.pageUri().resolve("/config.json"));

        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("<script type=\"module\" src=\"app.js\"></script>").doesNotContain("style=\"");
        assertThat(index.headers().firstValue("content-security-policy")).hasValue("default-src 'self'; connect-src 'self' "
                + serve.baseUri().toString().replaceAll("/$", "")
                + "; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        assertThat(index.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(index.headers().firstValue("referrer-policy")).hasValue("no-referrer");
        assertThat(ResponseJson.object(config.body())).containsEntry("apiBaseUrl", serve.baseUri().toString().replaceAll("/$", ""));
        assertThat(get(serve.pageUri().resolve("/app.js")).headers().firstValue("content-type")).hasValue("text/javascript;charset=utf-8");
    }

    @Test
    void aNotePostedWithTheKeyboard_isAtTheTop() throws Exception {
        for (int i = 1; i <= 3; i++) {
            createNote("older note " + i, null);
        }

        PageBrowser.Run run = browse("post", Map.of("text", "Hello from the browser ✍️", "author", "Ann"));

        Map<String, Object> top = map(run.observed().get("top"));
        assertThat(top).containsEntry("text", "Hello from the browser ✍️").containsEntry("author", "Ann");
        assertThat(map(run.observed().get("topAfterReload"))).isEqualTo(top);
        assertThat((String) run.observed().get("status")).contains("posted");
        assertThat(run.observed().get("focused")).as("focus back in the text field for the next note").isEqualTo("post-text");
        List<Map<String, AttributeValue>> stored = scan(NOTES);
        assertThat(stored).hasSize(4);
        assertThat(stored.stream().map(item -> item.get("id").s()).max(Comparator.naturalOrder())).hasValue((String) top.get("id"));
        assertThat(run.console("error")).as("browser errors").isEmpty();
    }

    @Test
    void moreNotes_pagesThroughEveryNote_newestFirst_noneTwice() throws Exception {
        for (int i = 1; i <= 23; i++) {
            createNote("note " + i, i % 2 == 0 ? "author " + i : null);
        }

        PageBrowser.Run run = browse("paging", Map.of());

        assertThat(run.observed().get("firstPage")).as("notes on the first page").isEqualTo(10);
        assertThat(run.observed().get("presses")).as("presses of 'More notes' until it went").isEqualTo(2);
        List<String> apiOrder = allNoteIds();
        assertThat(apiOrder).hasSize(23);
        assertThat(run.observed().get("ids")).as("the page's notes, top to bottom").isEqualTo(apiOrder);
        assertThat(run.console("error")).as("browser errors").isEmpty();
    }

    @Test
    void aNoteOpened_showsItsReplies_andAReplyPostedThere() throws Exception {
        String noteId = createNote("a note with many replies", "Bo");
        List<String> replies = new ArrayList<>();
        for (int i = 1; i <= 11; i++) { // more than the page's 10 a page
            replies.add("reply " + i);
            send("POST", "/notes/" + noteId + "/replies", Json.write(Map.of("text", "reply " + i)), 201);
        }

        PageBrowser.Run run = browse("thread", Map.of("noteId", noteId, "reply", "my answer — ответ 答え", "author", "Cy"));

        assertThat(run.observed().get("hash")).isEqualTo("#/notes/" + noteId);
        assertThat(map(run.observed().get("note"))).containsEntry("text", "a note with many replies").containsEntry("author", "Bo");
        assertThat(run.observed().get("firstPage")).isEqualTo(10);
        replies.add("my answer — ответ 答え");
        assertThat(texts(run.observed().get("replies"))).as("replies, oldest first, the new one last").isEqualTo(replies);
        assertThat(texts(run.observed().get("repliesAfterReload"))).isEqualTo(replies);
        assertThat(scan(REPLIES)).hasSize(12).anySatisfy(item -> {
            assertThat(item.get("text").s()).isEqualTo("my answer — ответ 答え");
            assertThat(item.get("author").s()).isEqualTo("Cy");
            assertThat(item.get("noteId").s()).isEqualTo(noteId);
        });
        assertThat(run.console("error")).as("browser errors").isEmpty();
    }

    @Test
    void refusedRequests_showTheApisOwnMessages_andWriteNothing() throws Exception {
        String tooLarge = "x".repeat(17_000); // a body over the API's 16 KiB
        String missingId = "01HXAAAAAAAAAAAAAAAAAAAAA1";
        Map<String, Object> emptyAnswer = send("POST", "/notes", Json.write(Map.of("text", "")), 400);
        Map<String, Object> largeAnswer = send("POST", "/notes", Json.write(Map.of("text", tooLarge)), 413);
        Map<String, Object> missingAnswer = send("GET", "/notes/" + missingId, null, 404);

        PageBrowser.Run run = browse("refused", Map.of("tooLarge", tooLarge, "missingId", missingId));

        assertProblem(run.observed().get("empty"), emptyAnswer, 400);
        assertProblem(run.observed().get("tooLarge"), largeAnswer, 413);
        assertProblem(run.observed().get("missing"), missingAnswer, 404);
        assertThat(run.observed().get("kept")).as("the refused text is still in the field").isEqualTo(true);
        assertThat(scan(NOTES)).isEmpty();
        assertThat(scan(REPLIES)).isEmpty();
    }

    @Test
    void textsInEveryScript_withEmoji_roundTripExactly() throws Exception {
        List<String> texts = UnicodeTexts.samples();
        List<Map<String, Object>> posts = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            Map<String, Object> post = new HashMap<>();
            post.put("text", texts.get(i));
            post.put("author", i % 4 == 3 ? null : UnicodeTexts.AUTHORS.get(i % 4));
            posts.add(post);
        }

        PageBrowser.Run run = browse("unicode", Map.of("posts", posts));

        List<Map<String, Object>> expected = new ArrayList<>();
        for (Map<String, Object> post : posts) {
            expected.add(Map.of("text", post.get("text"), "author", post.get("author") == null ? "anonymous" : post.get("author")));
        }
        Collections.reverse(expected); // newest first
        assertThat(textsAndAuthors(run.observed().get("shown"))).as("as posted").isEqualTo(expected);
        assertThat(textsAndAuthors(run.observed().get("afterReload"))).as("as the API lists them").isEqualTo(expected);
        assertThat(scan(NOTES)).extracting(item -> item.get("text").s()).containsExactlyInAnyOrderElementsOf(texts);
        assertThat(run.console("error")).as("browser errors").isEmpty();
    }

    @Test
    void anOriginTheApiDoesNotAllow_cannotReadItsAnswers_isToldSo_andWritesNothing() throws Exception {
        createNote("a note the other origin must not see", null);
        URI origin = notAllowed.origin();
        HttpResponse<String> preflight = http().send(HttpRequest.newBuilder(serve.baseUri().resolve("/notes"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin.toString())
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).as("the API allows this origin nothing").isEmpty();
        Map<String, List<Map<String, AttributeValue>>> before = Map.of(NOTES, scan(NOTES), REPLIES, scan(REPLIES));
        long walBefore = Files.readAllLines(wal, StandardCharsets.UTF_8).size();

        PageBrowser.Run run = browse(notAllowed.origin().resolve("/").toString(), "blocked",
                Map.of("text", "posted from a page the API does not allow"));

        assertThat(run.observed().get("origin")).isEqualTo(origin.toString());
        for (String shown : List.of("list", "post")) {
            Map<String, Object> problem = map(run.observed().get(shown));
            assertThat((String) problem.get("message")).as(shown).contains("not among the API's allowed origins (CORS)",
                    "this page's origin (" + origin + ")", serve.baseUri().toString().replaceAll("/$", ""));
            assertThat(problem.get("role")).isEqualTo("alert");
        }
        assertThat(run.console("error")).as("the browser's own word: CORS withheld both answers")
                .filteredOn(line -> line.contains("has been blocked by CORS policy")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(Map.of(NOTES, scan(NOTES), REPLIES, scan(REPLIES))).as("the blocked preflight wrote nothing").isEqualTo(before);
        assertThat(Files.readAllLines(wal, StandardCharsets.UTF_8)).as("no write-ahead line either").hasSize((int) walBefore);
    }

    private static PageBrowser.Run browse(String name, Map<String, Object> data) {
        return browse(serve.pageUri().resolve("/").toString(), name, data);
    }

    /** One case in the browser; no case may break the page's script or its Content-Security-Policy. */
    private static PageBrowser.Run browse(String page, String name, Map<String, Object> data) {
        PageBrowser.Run run = BROWSER.run(name, page, data);
        assertThat(run.pageErrors()).as("uncaught errors in the page").isEmpty();
        assertThat(run.console()).as("CSP violations").noneSatisfy(message ->
                assertThat((String) message.get("text")).contains(NO_CSP_VIOLATION));
        assertThat(run.screenshots()).isNotEmpty().allSatisfy(shot -> assertThat(Path.of(shot)).isNotEmptyFile());
        return run;
    }

    private static void assertProblem(Object shown, Map<String, Object> apiAnswer, int status) {
        Map<String, Object> problem = map(shown);
        assertThat(problem.get("message")).as("the API's message, as it words it").isEqualTo(apiAnswer.get("message"));
        assertThat((String) problem.get("detail")).contains("HTTP " + status, (String) apiAnswer.get("error"));
        assertThat(problem.get("role")).isEqualTo("alert");
    }

    private static String createNote(String text, String author) throws Exception {
        String body = Json.write(author == null ? Map.of("text", text) : Map.of("text", text, "author", author));
        return (String) send("POST", "/notes", body, 201).get("id");
    }

    /** Every note id through the API's own paging, newest first. */
    @SuppressWarnings("unchecked")
    private static List<String> allNoteIds() throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> page = send("GET", "/notes?limit=7" + (cursor == null ? "" : "&cursor=" + cursor), null, 200);
            ((List<Map<String, Object>>) page.get("notes")).forEach(note -> ids.add((String) note.get("id")));
            cursor = (String) page.get("nextCursor");
        } while (cursor != null);
        return ids;
    }

    private static Map<String, Object> send(String method, String path, String json, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(serve.baseUri().resolve(path)).timeout(Duration.ofSeconds(20));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> response = http().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return ResponseJson.object(response.body());
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * A client of its own for each request: a pooled connection that sat idle through a browser case would
     * be one the local server already closed (after 10 s), and a POST on it fails instead of being retried.
     */
    private static HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    private static List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        db.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
        items.sort(Comparator.comparing(item -> item.get("id").s()));
        return items;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> texts(Object entries) {
        return ((List<Map<String, Object>>) entries).stream().map(e -> (String) e.get("text")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> textsAndAuthors(Object entries) {
        return ((List<Map<String, Object>>) entries).stream()
                .map(e -> Map.of("text", e.get("text"), "author", e.get("author"))).toList();
    }
}
