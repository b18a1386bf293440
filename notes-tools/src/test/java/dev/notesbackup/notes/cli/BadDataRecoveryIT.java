package dev.notesbackup.notes.cli;

import static dev.notesbackup.notes.support.NotesOnMoto.NOTES;
import static dev.notesbackup.notes.support.NotesOnMoto.REPLIES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.notesbackup.cli.ExitCodes;
import dev.notesbackup.notes.json.Json;
import dev.notesbackup.notes.repair.DiffReport;
import dev.notesbackup.notes.repair.Difference;
import dev.notesbackup.notes.repair.NotesTables;
import dev.notesbackup.notes.repair.RepairChoice;
import dev.notesbackup.notes.repair.Repairer;
import dev.notesbackup.notes.support.CapturingSink;
import dev.notesbackup.notes.support.NotesOnMoto;
import dev.notesbackup.notes.wal.WalRecord;
import dev.notesbackup.notes.wal.WriteAheadLog;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.MotoExtension;
import dev.notesbackup.testsupport.MotoServer;
import dev.notesbackup.testsupport.UnicodeTexts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Issue 14, disaster 3 ("bad data, table still there") on moto, through the commands' own code
 * paths with real SDK clients over HTTP: notes and replies (non-ASCII text, emoji) written through
 * the API, whose write-ahead lines are the log; a backup; more writes; then T; then a buggy deploy
 * overwrites, deletes and adds items behind the API's back, while the API accepts one more note.
 * The copy as of T (backup + log to T: moto's tables have no point-in-time recovery, and its
 * RestoreTableToPointInTime would copy the current items anyway) must equal the tables at T item
 * for item; the diff must name exactly what the bug and the later write did; the dry run must write
 * nothing; the repair of the chosen keys must bring exactly those back, and its log lines must replay.
 */
@ExtendWith(MotoExtension.class)
class BadDataRecoveryIT {
    private static final String COPY_NOTES = "notes-at-t";
    private static final String COPY_REPLIES = "replies-at-t";
    private static final String GROUP = "/aws/lambda/notes-stack-NotesApiFunction-1A2B3C4D";
    /** An id the bad deploy gives its item (not one the API would make): it sorts after every real id. */
    private static final String BUG_NOTE = "7ZZZZZZZZZZZZZZZZZZZZZZZZZ";

    private final CapturingSink sink = new CapturingSink();
    private NotesOnMoto api;
    private MotoServer moto;

    @TempDir
    Path dir;

    @BeforeEach
    void start(MotoServer moto) {
        this.moto = moto;
        api = NotesOnMoto.start(moto, sink);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private String[] tables(String... more) {
        List<String> args = new ArrayList<>(List.of("--notes-table", NOTES, "--replies-table", REPLIES,
                "--copy-notes", COPY_NOTES, "--copy-replies", COPY_REPLIES));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private ReplayRun tool(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(tables(args)));
        return ReplayRun.run(moto.endpoint(), all.toArray(String[]::new));
    }

    /** What the scenario wrote and when. */
    private record Story(List<String> notes, List<String> replyKeys, Instant t, String apiNoteAfterT,
                         Map<String, List<Map<String, AttributeValue>>> atT) {
    }

    private void backup(String table, String name) {
        api.db.createBackup(b -> b.tableName(table).backupName(name));
    }

    private String note(int i) {
        List<String> texts = UnicodeTexts.samples();
        return api.createNote(texts.get(i % texts.size()),
                i % 4 == 3 ? null : UnicodeTexts.AUTHORS.get(i % UnicodeTexts.AUTHORS.size()));
    }

    /** Writes, backs up, writes more; T is the 'at' of the last line before it. Then the bad deploy. */
    private Story story() throws InterruptedException {
        List<String> notes = new ArrayList<>();
        List<String> replyKeys = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            notes.add(note(i));
        }
        for (int i = 0; i < 4; i++) {
            for (int r = 0; r < 2; r++) {
                replyKeys.add(notes.get(i) + "/" + api.reply(notes.get(i), "réponse " + r + " 👍🏽 " + UnicodeTexts.samples().get(r + i)));
            }
        }
        backup(NOTES, "by-hand-early");
        backup(NOTES, "scheduled-20261201T000000Z-" + NOTES);
        backup(REPLIES, "scheduled-20261201T000000Z-" + REPLIES);
        backup(NOTES, "by-hand-late");
        for (int i = 8; i < 12; i++) {
            notes.add(note(i));
        }
        replyKeys.add(notes.get(0) + "/" + api.reply(notes.get(0), "after the backup 🦊"));
        replyKeys.add(notes.get(9) + "/" + api.reply(notes.get(9), "to a new note \u00a0"));
        replyKeys.add(notes.get(10) + "/" + api.reply(notes.get(10), "עברית 中文"));
        List<String> lines = sink.lines();
        Instant t = WalRecord.from(Json.parseObject(lines.get(lines.size() - 1))).at();
        Map<String, List<Map<String, AttributeValue>>> atT = api.snapshot();
        Thread.sleep(20); // every later write's 'at' is after T
        String apiNoteAfterT = api.createNote("accepted after T 😷", "ann");

        // the buggy deploy, straight to the tables (the API never updates or deletes)
        api.db.updateItem(b -> b.tableName(NOTES).key(Map.of("id", AttributeValue.fromS(notes.get(0))))
                .updateExpression("SET #t = :t").expressionAttributeNames(Map.of("#t", "text"))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("???? overwritten"))));
        api.db.updateItem(b -> b.tableName(NOTES).key(Map.of("id", AttributeValue.fromS(notes.get(9))))
                .updateExpression("REMOVE #a SET #m = :m").expressionAttributeNames(Map.of("#a", "author", "#m", "migrated"))
                .expressionAttributeValues(Map.of(":m", AttributeValue.fromBool(true))));
        api.db.updateItem(b -> b.tableName(REPLIES).key(replyKey(replyKeys.get(3)))
                .updateExpression("SET #t = :t").expressionAttributeNames(Map.of("#t", "text"))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(""))));
        api.db.deleteItem(b -> b.tableName(NOTES).key(Map.of("id", AttributeValue.fromS(notes.get(1)))));
        api.db.deleteItem(b -> b.tableName(NOTES).key(Map.of("id", AttributeValue.fromS(notes.get(10)))));
        api.db.deleteItem(b -> b.tableName(REPLIES).key(replyKey(replyKeys.get(9))));
        api.db.putItem(b -> b.tableName(NOTES).item(Map.of("id", AttributeValue.fromS(BUG_NOTE),
                "feed", AttributeValue.fromS("all"), "text", AttributeValue.fromS("test item of the new deploy"))));
        return new Story(notes, replyKeys, t, apiNoteAfterT, atT);
    }

    private static Map<String, AttributeValue> replyKey(String noteSlashId) {
        String[] parts = noteSlashId.split("/");
        return Map.of("noteId", AttributeValue.fromS(parts[0]), "id", AttributeValue.fromS(parts[1]));
    }

    private Path walFile() throws Exception {
        Path wal = dir.resolve("wal.log");
        Files.writeString(wal, String.join("\n", sink.lines()) + "\n", StandardCharsets.UTF_8);
        return wal;
    }

    /** The lines as Lambda ships them: one event each, stamped a little after the line's 'at'. */
    private void logGroup() {
        try (CloudWatchLogsClient logs = LocalAws.client(CloudWatchLogsClient.builder(), moto.endpoint(), LocalAws.noRetries())) {
            logs.createLogGroup(b -> b.logGroupName(GROUP));
            logs.createLogStream(b -> b.logGroupName(GROUP).logStreamName("2026/12/01/[$LATEST]abc"));
            List<InputLogEvent> events = new ArrayList<>();
            for (String line : sink.lines()) {
                long at = WalRecord.from(Json.parseObject(line)).at().toEpochMilli();
                events.add(InputLogEvent.builder().timestamp(at + 40).message(line).build());
            }
            logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("2026/12/01/[$LATEST]abc").logEvents(events));
        }
    }

    private static Map<String, AttributeValue> find(List<Map<String, AttributeValue>> items, String id) {
        return items.stream().filter(item -> item.get("id").s().equals(id)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "log from {0}")
    @ValueSource(strings = {"--file", "--log-group"})
    void copyDiffRepair_bringBackExactlyTheChosenItemsAsOfT_andLogTheirWrites(String logSource) throws Exception {
        Story story = story();
        String logArg;
        if (logSource.equals("--file")) {
            logArg = walFile().toString();
        } else {
            logGroup();
            logArg = GROUP;
        }
        Map<String, List<Map<String, AttributeValue>>> afterBug = api.snapshot();

        // 1. the copy as of T: backup + log
        ReplayRun copy = tool("copy-as-of", "--as-of", story.t().toString(), logSource, logArg);

        assertThat(copy.exit()).as(copy.toString()).isZero();
        assertThat(copy.err()).contains("point-in-time recovery cannot give " + story.t() + ": it is off for " + NOTES + "; "
                        + NOTES + " comes from its newest backup before then and the write-ahead log")
                .contains("chose backup scheduled-20261201T000000Z-" + NOTES + " of " + NOTES + " (created ")
                .contains("the newest of the 1 scheduled backups (named scheduled-...) of " + NOTES + " created before " + story.t()
                        + "; the newer USER backup by-hand-late (")
                .contains("chose backup scheduled-20261201T000000Z-" + REPLIES)
                .contains("waiting for " + COPY_NOTES + " to become ACTIVE ...", COPY_REPLIES + " is ACTIVE");
        assertThat(copy.out()).contains("copy-as-of: " + NOTES + " as of " + story.t() + " is in " + COPY_NOTES
                + ", from backup scheduled-20261201T000000Z-" + NOTES);
        // 8 notes + 8 replies before the backup (already there), 4 + 3 after it, and the note accepted after T
        String replay = copy.summary();
        assertThat(replay).startsWith("replay: read 24, written 7, already present 16, rejected 0, not write-ahead lines 0,"
                + " blank 0, failed 0, outside the time window 1");
        assertThat(api.scan(COPY_NOTES)).as("the copy's notes are the notes at T, every attribute").isEqualTo(story.atT().get(NOTES));
        assertThat(api.scan(COPY_REPLIES)).as("the copy's replies at T").isEqualTo(story.atT().get(REPLIES));
        assertThat(story.atT().get(NOTES)).hasSize(12);
        assertThat(story.atT().get(REPLIES)).hasSize(11);
        assertThat(api.snapshot()).as("the copy changed nothing live").isEqualTo(afterBug);

        // 2. the diff names exactly what changed since T, in key order
        List<String> n = story.notes();
        List<String> r = story.replyKeys();
        ReplayRun diff = tool("diff");

        assertThat(diff.exit()).as(diff.toString()).isZero();
        assertThat(diff.out().lines().toList()).containsExactly(
                "diff: live notes " + NOTES + ", replies " + REPLIES + " against the copy notes " + COPY_NOTES + ", replies "
                        + COPY_REPLIES + ": changed 3, deleted 3, added 2",
                "changed note:" + n.get(0) + " (text)",
                "deleted note:" + n.get(1),
                "changed note:" + n.get(9) + " (author, migrated)",
                "deleted note:" + n.get(10),
                "added note:" + story.apiNoteAfterT(),
                "added note:" + BUG_NOTE,
                "changed reply:" + r.get(3) + " (text)",
                "deleted reply:" + r.get(9));
        ReplayRun json = tool("diff", "--json");
        assertThat(json.exit()).as(json.toString()).isZero();
        Map<String, Object> parsed = Json.parseObject(json.out().strip());
        assertThat(parsed.get("counts")).isEqualTo(Json.parseObject("{\"changed\":3,\"deleted\":3,\"added\":2}"));
        assertThat(((List<?>) parsed.get("deleted")).stream().map(e -> (Object) ((Map<?, ?>) e).get("key")).toList())
                .containsExactly("note:" + n.get(1), "note:" + n.get(10), "reply:" + r.get(9));
        assertThat(((List<?>) parsed.get("changed")).get(1)).isEqualTo(Json.parseObject("{\"key\":\"note:" + n.get(9)
                + "\",\"entity\":\"note\",\"table\":\"" + NOTES + "\",\"keyAttributes\":{\"id\":\"" + n.get(9)
                + "\"},\"attributes\":[\"author\",\"migrated\"]}"));

        // 3. the dry run writes nothing
        ReplayRun dry = tool("repair", "--all-changed", "--all-deleted", "--all-added");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("would restore note:" + n.get(0) + " in " + NOTES + " (changed since the copy's time: text)",
                "would delete note:" + BUG_NOTE + " from " + NOTES,
                "repair (dry run, nothing written): would restore 6, would delete 2; --apply --wal-file FILE writes it");
        assertThat(api.snapshot()).as("a dry run writes nothing").isEqualTo(afterBug);

        // 4. the chosen keys only, with --apply
        Path repairLog = dir.resolve("repair-wal.log");
        ReplayRun repair = tool("repair", "--key", "note:" + n.get(0), "--key", "note:" + n.get(1), "--key", "reply:" + r.get(9),
                "--delete-added", "note:" + BUG_NOTE, "--apply", "--wal-file", repairLog.toString());

        assertThat(repair.exit()).as(repair.toString()).isZero();
        assertThat(repair.out()).contains("repair: 4 of the diff's 8 items chosen",
                "repair: restored 3, deleted 1, skipped 0, failed 0; write-ahead lines appended to " + repairLog);
        List<Map<String, AttributeValue>> expectedNotes = new ArrayList<>(afterBug.get(NOTES));
        expectedNotes.removeIf(item -> List.of(n.get(0), BUG_NOTE).contains(item.get("id").s()));
        expectedNotes.add(find(story.atT().get(NOTES), n.get(0)));
        expectedNotes.add(find(story.atT().get(NOTES), n.get(1)));
        List<Map<String, AttributeValue>> expectedReplies = new ArrayList<>(afterBug.get(REPLIES));
        expectedReplies.add(story.atT().get(REPLIES).stream()
                .filter(item -> (item.get("noteId").s() + "/" + item.get("id").s()).equals(r.get(9))).findFirst().orElseThrow());
        assertThat(api.scan(NOTES)).as("chosen notes as at T, the others as the bug left them")
                .containsExactlyInAnyOrderElementsOf(expectedNotes);
        assertThat(api.scan(REPLIES)).containsExactlyInAnyOrderElementsOf(expectedReplies);
        ReplayRun after = tool("diff");
        assertThat(after.out()).contains("changed 2, deleted 1, added 1");

        // 5. the repair's log lines verify and replay as the API's do
        List<String> lines = Files.readAllLines(repairLog, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        List<Map<String, AttributeValue>> logged = new ArrayList<>();
        for (String line : lines) {
            WalRecord record = WalRecord.from(Json.parseObject(line)); // checks the sha256
            assertThat(line).contains("\"sha256\":\"");
            assertThat(record.requestId()).startsWith("notes-tools-repair-");
            assertThat(record.table()).isIn(NOTES, REPLIES);
            logged.add(record.item());
        }
        assertThat(logged).containsExactly(find(story.atT().get(NOTES), n.get(0)), find(story.atT().get(NOTES), n.get(1)),
                expectedReplies.get(expectedReplies.size() - 1));
        api.createTables("replayed-notes", "replayed-replies");
        ReplayRun replayed = ReplayRun.run(moto.endpoint(), "replay", "--file", repairLog.toString(),
                "--notes-table", "replayed-notes", "--replies-table", "replayed-replies");
        assertThat(replayed.exit()).as(replayed.toString()).isZero();
        assertThat(replayed.summary()).startsWith("replay: read 3, written 3, already present 0, rejected 0");
        assertThat(api.scan("replayed-notes")).containsExactly(find(story.atT().get(NOTES), n.get(0)),
                find(story.atT().get(NOTES), n.get(1)));
    }

    /** A write made after the diff is never clobbered: the repair's condition fails, and the item is reported as skipped. */
    @Test
    void repair_skipsEveryItemWrittenAfterItsDiff_andLeavesItAsItIs() throws Exception {
        Story story = story();
        ReplayRun copy = tool("copy-as-of", "--as-of", story.t().toString(), "--file", walFile().toString());
        assertThat(copy.exit()).as(copy.toString()).isZero();
        NotesTables live = new NotesTables(NOTES, REPLIES);
        DiffReport report = DiffReport.of(api.db, live, new NotesTables(COPY_NOTES, COPY_REPLIES), line -> { });
        List<Difference> chosen = new RepairChoice(List.of(), true, true, List.of(), true).select(report.diff());
        assertThat(chosen).hasSize(8);
        // meanwhile: the changed note edited again, the deleted one made again, the added one changed
        List<String> n = story.notes();
        api.db.putItem(b -> b.tableName(NOTES).item(Map.of("id", AttributeValue.fromS(n.get(0)), "feed", AttributeValue.fromS("all"),
                "text", AttributeValue.fromS("fixed by hand meanwhile"), "createdAt", AttributeValue.fromS("2026-12-01T00:00:00.000Z"))));
        api.db.putItem(b -> b.tableName(NOTES).item(Map.of("id", AttributeValue.fromS(n.get(1)), "feed", AttributeValue.fromS("all"),
                "text", AttributeValue.fromS("made again meanwhile"), "createdAt", AttributeValue.fromS("2026-12-01T00:00:00.000Z"))));
        api.db.updateItem(b -> b.tableName(NOTES).key(Map.of("id", AttributeValue.fromS(BUG_NOTE)))
                .updateExpression("SET #x = :x").expressionAttributeNames(Map.of("#x", "extra"))
                .expressionAttributeValues(Map.of(":x", AttributeValue.fromS("y"))));
        Map<String, List<Map<String, AttributeValue>>> meanwhile = api.snapshot();
        List<String> out = new ArrayList<>();
        CapturingSink repairLog = new CapturingSink();

        Repairer.Summary summary = new Repairer(api.db, live, new WriteAheadLog(repairLog, Clock.systemUTC()), "notes-tools-repair-test",
                out::add).apply(chosen.stream().filter(d -> List.of("note:" + n.get(0), "note:" + n.get(1), "note:" + BUG_NOTE)
                .contains(d.key().ref())).toList());

        assertThat(summary.describe()).isEqualTo("repair: restored 0, deleted 0, skipped 3, failed 0");
        assertThat(summary.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(out).containsExactly(
                "skipped note:" + n.get(0) + ": the live item changed after the diff; left as it is (run 'diff' again to see it)",
                "skipped note:" + n.get(1) + ": an item with this key was written after the diff; left as it is (run 'diff' again to see it)",
                "skipped note:" + BUG_NOTE + ": the live item changed after the diff; left as it is (run 'diff' again to see it)");
        assertThat(api.snapshot()).isEqualTo(meanwhile);
    }

    /**
     * A write that lands between the repair's last read of an item and its own write: the write's
     * condition (the live item still as the diff saw it, or the key still free) fails, and the item
     * is skipped. The other write is made from inside the repair's own client, just before its request goes out.
     */
    @Test
    void repair_skipsAnItemWrittenBetweenItsReadAndItsWrite_byTheWritesCondition() throws Exception {
        Story story = story();
        assertThat(tool("copy-as-of", "--as-of", story.t().toString(), "--file", walFile().toString()).exit()).isZero();
        NotesTables live = new NotesTables(NOTES, REPLIES);
        List<String> n = story.notes();
        Map<String, AttributeValue> meanwhile = Map.of("id", AttributeValue.fromS(n.get(0)), "feed", AttributeValue.fromS("all"),
                "text", AttributeValue.fromS("written meanwhile"), "createdAt", AttributeValue.fromS("2026-12-01T00:00:00.000Z"));
        ExecutionInterceptor otherWriter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                SdkRequest request = context.request();
                if (request instanceof PutItemRequest put && put.item().get("id").s().equals(n.get(0))
                        || request instanceof PutItemRequest other && other.item().get("id").s().equals(n.get(1))
                        || request instanceof DeleteItemRequest delete && delete.key().get("id").s().equals(BUG_NOTE)) {
                    Map<String, AttributeValue> item = new HashMap<>(meanwhile);
                    item.put("id", request instanceof DeleteItemRequest ? AttributeValue.fromS(BUG_NOTE)
                            : ((PutItemRequest) request).item().get("id"));
                    api.db.putItem(b -> b.tableName(NOTES).item(item));
                }
            }
        };
        try (DynamoDbClient repairDb = LocalAws.client(DynamoDbClient.builder(), moto.endpoint(),
                LocalAws.noRetries().toBuilder().addExecutionInterceptor(otherWriter).build())) {
            DiffReport report = DiffReport.of(repairDb, live, new NotesTables(COPY_NOTES, COPY_REPLIES), line -> { });
            List<Difference> chosen = new RepairChoice(List.of("note:" + n.get(0), "note:" + n.get(1), "reply:" + story.replyKeys().get(9)),
                    false, false, List.of("note:" + BUG_NOTE), false).select(report.diff());
            List<String> out = new ArrayList<>();

            Repairer.Summary summary = new Repairer(repairDb, live, new WriteAheadLog(new CapturingSink(), Clock.systemUTC()),
                    "notes-tools-repair-test", out::add).apply(chosen);

            assertThat(summary.describe()).isEqualTo("repair: restored 1, deleted 0, skipped 3, failed 0");
            assertThat(out).contains("skipped note:" + n.get(0) + ": the live item changed after the diff; left as it is (run 'diff' again to see it)",
                    "skipped note:" + n.get(1) + ": an item with this key was written after the diff; left as it is (run 'diff' again to see it)",
                    "skipped note:" + BUG_NOTE + ": the live item changed after the diff; left as it is (run 'diff' again to see it)");
        }
        for (String id : List.of(n.get(0), n.get(1), BUG_NOTE)) {
            assertThat(find(api.scan(NOTES), id).get("text").s()).as(id).isEqualTo("written meanwhile");
        }
    }

    @Test
    void copyAsOf_refusesACopyNameThatExists_aTimeInTheFuture_andATimeBeforeEveryBackup() throws Exception {
        Instant beforeEverything = Instant.now().minusSeconds(1);
        Story story = story();
        String wal = walFile().toString();
        api.createTables(COPY_NOTES, "other-replies");

        ReplayRun exists = tool("copy-as-of", "--as-of", story.t().toString(), "--file", wal);
        assertThat(exists.exit()).as(exists.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(exists.err()).startsWith("error: table " + COPY_NOTES + " already exists: the copy goes into NEW tables");

        ReplayRun future = ReplayRun.run(moto.endpoint(), "copy-as-of", "--notes-table", NOTES, "--replies-table", REPLIES,
                "--copy-notes", "n-new", "--copy-replies", "r-new", "--as-of", Instant.now().plusSeconds(3600).toString(), "--file", wal);
        assertThat(future.exit()).as(future.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(future.err()).contains("is in the future (now is ");

        ReplayRun noBackup = ReplayRun.run(moto.endpoint(), "copy-as-of", "--notes-table", NOTES, "--replies-table", REPLIES,
                "--copy-notes", "n-new", "--copy-replies", "r-new", "--as-of", beforeEverything.toString(), "--file", wal);
        assertThat(noBackup.exit()).as(noBackup.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(noBackup.err()).contains("error: no AVAILABLE USER backup of " + NOTES + " was created before " + beforeEverything);
        assertThat(api.db.listTables().tableNames()).doesNotContain("n-new", "r-new");

        ReplayRun noLog = ReplayRun.run(moto.endpoint(), "copy-as-of", "--notes-table", NOTES, "--replies-table", REPLIES,
                "--copy-notes", "n-new", "--copy-replies", "r-new", "--as-of", story.t().toString(), "--file", "/nonexistent/wal.log");
        assertThat(noLog.exit()).as(noLog.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(noLog.out()).contains("STOPPED before the end of the input: could not start reading the input",
                "copy-as-of: the copy is NOT complete up to " + story.t());
    }

    @Test
    void repair_refusesAnUnknownKey_nothingChosen_andApplyWithoutALog() throws Exception {
        Story story = story();
        assertThat(tool("copy-as-of", "--as-of", story.t().toString(), "--file", walFile().toString()).exit()).isZero();
        Map<String, List<Map<String, AttributeValue>>> before = api.snapshot();

        ReplayRun unknown = tool("repair", "--key", "note:" + story.notes().get(5), "--apply", "--wal-file", dir.resolve("x").toString());
        assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("error: unknown key note:" + story.notes().get(5)
                + ": it was not changed, deleted or added since the copy's time");

        ReplayRun nothing = tool("repair", "--apply", "--wal-file", dir.resolve("x").toString());
        assertThat(nothing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(nothing.err()).contains("error: choose what to repair");

        ReplayRun noLog = tool("repair", "--all-deleted", "--apply");
        assertThat(noLog.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noLog.err()).contains("error: --apply needs --wal-file");

        assertThat(api.snapshot()).isEqualTo(before);
        assertThat(dir.resolve("x")).doesNotExist();
    }
}
