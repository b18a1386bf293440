package dev.notesbackup.notes.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.notes.cli.NotesToolsProcess;
import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.store.TableDefinitions;
import dev.notesbackup.notes.support.ResponseJson;
import dev.notesbackup.testsupport.ChildProcess;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.testsupport.UnicodeTexts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The operator's path under a locale that is not UTF-8: a real
 * {@code java -cp <the tools> NotesTools serve} child process with {@code LC_ALL=C} and no {@code LANG}, against moto,
 * its standard output captured as the log ({@code serve > wal.log}); then a {@code replay --file} of
 * that log (also a child under {@code LC_ALL=C}) into empty tables. Emoji, combining marks, other
 * scripts and a 2,000-code-point text must come back exactly: in the log, and in the restored tables.
 */
@ExtendWith(MotoExtension.class)
class ServeUnderCLocaleIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    private NotesToolsProcess.Serving serve;

    @AfterEach
    void stopServe() {
        if (serve != null && serve.process().isAlive()) {
            serve.close();
        }
    }

    @Test
    void serveAndReplay_keepNonAsciiTextsExact_underLcAllC(MotoServer moto) throws Exception {
        List<String> texts = UnicodeTexts.samples();
        Path wal = dir.resolve("wal.log");
        serve = NotesToolsProcess.serve(underCLocale(moto, "serve", "--port", "0", "--host", "127.0.0.1",
                "--notes-table", "notes-c", "--replies-table", "replies-c", "--create-tables"), wal, dir.resolve("serve.err"),
                Duration.ofSeconds(60));
        URI base = serve.baseUri();

        List<Map<String, Object>> accepted = new ArrayList<>();
        String firstNote = null;
        for (int i = 0; i < texts.size(); i++) {
            String author = i % 3 == 0 ? null : UnicodeTexts.AUTHORS.get(i % 3 - 1);
            String body = Json.write(author == null ? Map.of("text", texts.get(i)) : Map.of("text", texts.get(i), "author", author));
            String path = firstNote == null || i % 2 == 0 ? "/notes" : "/notes/" + firstNote + "/replies";
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as("POST %s %s", path, response.body()).isEqualTo(201);
            Map<String, Object> created = ResponseJson.object(response.body());
            assertThat(created.get("text")).as("the API's answer").isEqualTo(texts.get(i));
            accepted.add(created);
            if (firstNote == null) {
                firstNote = (String) created.get("id");
            }
        }
        serve.close(); // SIGTERM, as Ctrl-C: fails unless serve stops

        // the log itself: strict UTF-8, one record per accepted write, each text exactly as posted
        String log = strictUtf8(Files.readAllBytes(wal));
        List<String> lines = log.lines().toList();
        assertThat(lines).hasSize(accepted.size());
        for (int i = 0; i < lines.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) ResponseJson.object(lines.get(i)).get("item");
            assertThat(item.get("text")).as("text in log line %d", i + 1).isEqualTo(accepted.get(i).get("text"));
            assertThat(item.get("author")).as("author in log line %d", i + 1).isEqualTo(accepted.get(i).get("author"));
            assertThat(item.get("id")).isEqualTo(accepted.get(i).get("id"));
        }

        // the recovery: replay that log into empty tables, under the same locale
        try (DynamoDbClient db = LocalAws.dynamoDb(moto.endpoint())) {
            db.createTable(TableDefinitions.notesTable("notes-restored"));
            db.createTable(TableDefinitions.repliesTable("replies-restored"));
            ProcessBuilder replayUnderC = underCLocale(moto, "replay", "--file", wal.toString(),
                    "--notes-table", "notes-restored", "--replies-table", "replies-restored");
            ChildProcess.Result replay = ChildProcess.run(replayUnderC.command(), Duration.ofSeconds(120), builder -> {
                builder.environment().clear();
                builder.environment().putAll(replayUnderC.environment());
            });
            String replayOut = replay.stdout();
            assertThat(replay.exitCode()).as(replayOut + replay.stderr()).isZero();
            long notes = accepted.stream().filter(a -> !a.containsKey("noteId")).count();
            assertThat(replayOut).contains("replay: read " + accepted.size() + ", written " + accepted.size()
                    + ", already present 0, rejected 0, not write-ahead lines 0, blank 0, failed 0");

            assertThat(scan(db, "notes-restored")).hasSize((int) notes).isEqualTo(scan(db, "notes-c"));
            assertThat(scan(db, "replies-restored")).hasSize(accepted.size() - (int) notes).isEqualTo(scan(db, "replies-c"));
            List<String> restoredTexts = new ArrayList<>();
            scan(db, "notes-restored").forEach(item -> restoredTexts.add(item.get("text").s()));
            scan(db, "replies-restored").forEach(item -> restoredTexts.add(item.get("text").s()));
            assertThat(restoredTexts).containsExactlyInAnyOrderElementsOf(texts);
        }
    }

    /** The tools as a child under LC_ALL=C, against moto. */
    private static ProcessBuilder underCLocale(MotoServer moto, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(LocalAws.cliOptions(moto.endpoint()));
        ProcessBuilder builder = NotesToolsProcess.underCLocale(all);
        LocalAws.childEnvironment(builder.environment());
        return builder;
    }

    private static String strictUtf8(byte[] bytes) throws IOException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static List<Map<String, AttributeValue>> scan(DynamoDbClient db, String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        db.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
        items.sort(Comparator.comparing(item -> item.get("id").s()));
        return items;
    }
}
