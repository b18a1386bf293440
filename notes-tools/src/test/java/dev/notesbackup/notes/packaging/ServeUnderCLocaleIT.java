package dev.notesbackup.notes.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.notes.cli.NotesToolsProcess;
import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.store.TableDefinitions;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The operator's path under a locale that is not UTF-8, with the shaded jar as shipped: a real
 * {@code java -cp <the tools> NotesTools serve} child process with {@code LC_ALL=C} and no {@code LANG}, against moto,
 * its standard output captured as the log ({@code serve > wal.log}); then a {@code replay --file} of
 * that log (also a child under {@code LC_ALL=C}) into empty tables. Emoji, combining marks, other
 * scripts and a 2,000-code-point text must come back exactly: in the log, and in the restored tables.
 */
@ExtendWith(MotoExtension.class)
class ServeUnderCLocaleIT {
    private static final Pattern LISTENING = Pattern.compile("notes API listening on (http://127\\.0\\.0\\.1:[0-9]+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final List<Process> children = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroy();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void givenLcAllC_whenServeLogsNonAsciiWrites_thenTheLogAndAReplayOfItAreExact(MotoServer moto) throws Exception {
        List<String> texts = texts();
        Path wal = dir.resolve("wal.log");
        Process serve = start(moto, wal, dir.resolve("serve.err"), "serve", "--port", "0", "--host", "127.0.0.1",
                "--notes-table", "notes-c", "--replies-table", "replies-c", "--create-tables");
        URI base = waitUntilListening(serve, dir.resolve("serve.err"));

        List<Map<String, Object>> accepted = new ArrayList<>();
        String firstNote = null;
        for (int i = 0; i < texts.size(); i++) {
            String author = i % 3 == 0 ? null : i % 3 == 1 ? "Zoë 🦊" : "Ａｎｎ\u0301";
            String body = Json.write(author == null ? Map.of("text", texts.get(i)) : Map.of("text", texts.get(i), "author", author));
            String path = firstNote == null || i % 2 == 0 ? "/notes" : "/notes/" + firstNote + "/replies";
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as("POST %s %s", path, response.body()).isEqualTo(201);
            Map<String, Object> created = Json.parseObject(response.body());
            assertThat(created.get("text")).as("the API's answer").isEqualTo(texts.get(i));
            accepted.add(created);
            if (firstNote == null) {
                firstNote = (String) created.get("id");
            }
        }
        serve.destroy();
        assertThat(serve.waitFor(20, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();

        // the log itself: strict UTF-8, one record per accepted write, each text exactly as posted
        String log = strictUtf8(Files.readAllBytes(wal));
        List<String> lines = log.lines().toList();
        assertThat(lines).hasSize(accepted.size());
        for (int i = 0; i < lines.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) Json.parseObject(lines.get(i)).get("item");
            assertThat(item.get("text")).as("text in log line %d", i + 1).isEqualTo(accepted.get(i).get("text"));
            assertThat(item.get("author")).as("author in log line %d", i + 1).isEqualTo(accepted.get(i).get("author"));
            assertThat(item.get("id")).isEqualTo(accepted.get(i).get("id"));
        }

        // the recovery: replay that log into empty tables, under the same locale
        try (DynamoDbClient db = LocalAws.dynamoDb(moto.endpoint())) {
            db.createTable(TableDefinitions.notesTable("notes-restored"));
            db.createTable(TableDefinitions.repliesTable("replies-restored"));
            Process replay = start(moto, dir.resolve("replay.out"), dir.resolve("replay.err"), "replay", "--file", wal.toString(),
                    "--notes-table", "notes-restored", "--replies-table", "replies-restored");
            assertThat(replay.waitFor(120, TimeUnit.SECONDS)).as("replay finishes").isTrue();
            String replayOut = Files.readString(dir.resolve("replay.out"), StandardCharsets.UTF_8);
            assertThat(replay.exitValue()).as(replayOut + Files.readString(dir.resolve("replay.err"), StandardCharsets.UTF_8)).isZero();
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

    /** Texts that a lossy charset would change: each is distinct, and the last is 2,000 code points. */
    private static List<String> texts() {
        List<String> texts = new ArrayList<>(List.of(
                "hello 😀 é",
                "e\u0301 a\u0308 n\u0303 — combining marks, not precomposed",
                "👩‍👩‍👧‍👦 family, 🏳️‍🌈 flag, 👍🏽 skin tone",
                "Ελληνικά · русский · עברית · العربية · हिन्दी · 中文 · 日本語 · 한국어",
                "quotes \" and \\ and a tab\tand a line\nbreak",
                "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 outside the BMP: 𐍈 𝄞 🀄",
                "\u00a0leading no-break space and trailing ideographic space\u3000"));
        StringBuilder longText = new StringBuilder();
        String[] cycle = {"a", "é", "😀", "e\u0301", "中"};
        int codePoints = 0;
        for (int i = 0; codePoints < 2000; i++) {
            String piece = cycle[i % cycle.length];
            int count = piece.codePointCount(0, piece.length());
            if (codePoints + count > 2000) {
                piece = "z";
                count = 1;
            }
            longText.append(piece);
            codePoints += count;
        }
        assertThat(longText.codePointCount(0, longText.length())).isEqualTo(2000);
        texts.add(longText.toString());
        return texts;
    }

    private Process start(MotoServer moto, Path out, Path err, String... args) throws IOException {
        List<String> command = NotesToolsProcess.command(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.equals("LANG") || name.equals("LANGUAGE") || name.startsWith("LC_")
                || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS") || name.startsWith("AWS_"));
        env.put("LC_ALL", "C");
        env.put("AWS_REGION", LocalAws.REGION.id());
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        Process process = builder.start();
        children.add(process);
        return process;
    }

    private static URI waitUntilListening(Process serve, Path err) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(err, StandardCharsets.ISO_8859_1);
            Matcher matcher = LISTENING.matcher(text);
            if (matcher.find()) {
                return URI.create(matcher.group(1));
            }
            if (!serve.isAlive()) {
                throw new AssertionError("serve exited with " + serve.exitValue() + " before listening:\n" + text);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("serve did not report listening within 60 s:\n" + Files.readString(err, StandardCharsets.ISO_8859_1));
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
