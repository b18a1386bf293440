package dev.notesbackup.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.notes.cli.NotesToolsProcess;
import dev.notesbackup.testsupport.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Bad data, table still there: a buggy deploy overwrites the text of some notes, deletes some
 * replies and adds junk notes, while users go on posting. Recovery by the runbook: a copy of the
 * tables as of T (just before the deploy) in new tables, from the newest backup before T plus the
 * write-ahead log replayed up to T ({@code copy-as-of}); the {@code diff} of live against copy; a
 * {@code repair} of every changed and deleted item and of the junk the operator names, first as a
 * dry run, then applied. What users posted after T stays.
 *
 * <p>On moto the copy comes from the backup and the log ({@code --method backup}): moto's
 * RestoreTableToPointInTime copies the table as it is now, not as of T (the point-in-time path is
 * unit-tested on a mocked client in notes-tools).
 */
final class BadDataScenario implements Scenario {
    static final String STACK = "quarantine-notes-baddata";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REPLAY = Pattern.compile("replay: read (\\d+), written (\\d+)");

    @Override
    public String name() {
        return "bad-data";
    }

    @Override
    public String disaster() {
        return "a buggy deploy overwrites, deletes and adds items; the tables are still there";
    }

    @Override
    public ScenarioResult run(DrillKit kit) {
        kit.say("== " + name() + ": " + disaster());
        Map<String, String> tables = kit.deploy(STACK, DrillKit.tablesOf(kit.notesTemplate(), true));
        String notes = tables.get("NotesTableName");
        String replies = tables.get("RepliesTableName");
        List<String> failures = new ArrayList<>();
        DrillKit.Accepted accepted = new DrillKit.Accepted();
        IncidentDrill.Volume volume = kit.volume();
        Instant asOf;
        List<String> junk = new ArrayList<>();
        int overwritten = 0;
        int deleted = 0;
        DrillKit.Accepted afterT;
        try (NotesToolsProcess.Serving api = kit.serve(tables, name())) {
            NotesClient client = new NotesClient(api.baseUri());
            accepted.add(kit.writeBackUpAndWriteMore(client, tables));
            DrillKit.sleep(Duration.ofMillis(1100));
            asOf = Instant.now();
            DrillKit.sleep(Duration.ofMillis(1100));

            kit.say("  the disaster at " + asOf + ": a buggy deploy rewrites notes, deletes replies, adds junk");
            int n = 0;
            for (String id : accepted.notes.keySet()) {
                if (n++ % 7 == 0) {
                    kit.dynamo().updateItem(r -> r.tableName(notes).key(Map.of("id", AttributeValue.fromS(id)))
                            .updateExpression("SET #t = :t").expressionAttributeNames(Map.of("#t", "text"))
                            .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("\uFFFD overwritten by a bad deploy"))));
                    overwritten++;
                }
            }
            int r = 0;
            for (JsonNode reply : accepted.replies.values()) {
                if (r++ % 5 == 0) {
                    kit.dynamo().deleteItem(d -> d.tableName(replies).key(Map.of(
                            "noteId", AttributeValue.fromS(reply.get("noteId").asText()),
                            "id", AttributeValue.fromS(reply.get("id").asText()))));
                    deleted++;
                }
            }
            for (int j = 0; j < 3; j++) {
                String id = UUID.randomUUID().toString();
                kit.dynamo().putItem(p -> p.tableName(notes).item(Map.of("id", AttributeValue.fromS(id),
                        "feed", AttributeValue.fromS("all"), "text", AttributeValue.fromS("junk from the bad deploy"))));
                junk.add("note:" + id);
            }
            afterT = kit.writeNotes(client, Math.max(1, volume.notesAfterBackup() / 5), 1);
            accepted.add(afterT);
            kit.say("  overwrote " + overwritten + " notes, deleted " + deleted + " replies, added " + junk.size()
                    + " junk notes; users posted " + afterT.size() + " more after T");
        }
        Path wal = kit.wal(name());

        kit.say("  recovering: copy-as-of T from the backup and the log, diff, repair (dry run, then --apply)");
        Instant started = Instant.now();
        String copyNotes = notes + "-asof";
        String copyReplies = replies + "-asof";
        List<String> tableOptions = List.of("--notes-table", notes, "--replies-table", replies,
                "--copy-notes", copyNotes, "--copy-replies", copyReplies);
        ChildProcess.Result copy = tool(kit, tableOptions, "copy-as-of", "--as-of", asOf.toString(), "--method", "backup",
                "--file", wal.toString());
        long fromLog = 0;
        Matcher replay = REPLAY.matcher(copy.stdout());
        while (replay.find()) {
            fromLog += Long.parseLong(replay.group(2));
        }
        long copied = kit.itemCount(List.of(copyNotes, copyReplies));
        if (copy.exitCode() != 0) {
            failures.add("copy-as-of exited " + copy.exitCode() + ": " + copy.stderr().strip());
        }
        JsonNode diff = readJson(tool(kit, tableOptions, "diff", "--json").stdout());
        JsonNode counts = diff.path("counts");
        kit.say("  diff: " + counts);
        int expectedAdded = junk.size() + afterT.size();
        if (counts.path("changed").asInt(-1) != overwritten || counts.path("deleted").asInt(-1) != deleted
                || counts.path("added").asInt(-1) != expectedAdded) {
            failures.add("the diff counts " + counts + ", expected changed " + overwritten + ", deleted " + deleted + ", added "
                    + expectedAdded);
        }
        List<String> choice = new ArrayList<>(List.of("--all-changed", "--all-deleted"));
        junk.forEach(key -> choice.addAll(List.of("--delete-added", key)));
        var before = kit.snapshot(tables.values());
        ChildProcess.Result dryRun = tool(kit, tableOptions, "repair", choice.toArray(String[]::new));
        if (dryRun.exitCode() != 0 || !before.equals(kit.snapshot(tables.values()))) {
            failures.add("the dry run exited " + dryRun.exitCode() + " or changed the tables");
        }
        List<String> apply = new ArrayList<>(choice);
        apply.addAll(List.of("--apply", "--wal-file", kit.workDir().resolve(name() + "-repair-wal.log").toString()));
        ChildProcess.Result repair = tool(kit, tableOptions, "repair", apply.toArray(String[]::new));
        Duration took = Duration.between(started, Instant.now());
        kit.say("  " + repair.stdout().lines().reduce((a, b) -> b).orElse("repair printed nothing"));
        if (repair.exitCode() != 0) {
            failures.add("repair exited " + repair.exitCode() + ": " + repair.stderr().strip());
        }
        DrillKit.Comparison comparison = kit.compareThroughApi(tables, accepted, name() + "-check");
        kit.say("  compared with what the API accepted (before T and after it): lost " + comparison.lost() + ", altered "
                + comparison.altered() + ", duplicated " + comparison.duplicated());
        return new ScenarioResult(name(), "copy as of T (backup + log), diff, repair " + (overwritten + deleted) + " items, delete "
                + junk.size() + " junk", accepted.size(), copied - fromLog, 0, 0, fromLog, comparison.lost(),
                comparison.duplicated(), comparison.altered(), took, failures);
    }

    private static ChildProcess.Result tool(DrillKit kit, List<String> tableOptions, String command, String... options) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(tableOptions);
        args.addAll(List.of(options));
        ProcessBuilder builder = kit.tools(args.toArray(String[]::new));
        ChildProcess.Result result = ChildProcess.run(builder.command(), Duration.ofMinutes(10), b -> {
            b.environment().clear();
            b.environment().putAll(builder.environment());
        });
        result.stdout().lines().limit(12).forEach(line -> kit.say("    " + command + "> " + line));
        return result;
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("diff --json printed no JSON: " + text, e);
        }
    }
}
