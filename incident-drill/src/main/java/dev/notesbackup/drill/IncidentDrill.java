package dev.notesbackup.drill;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.backup.aws.Tables;
import dev.notesbackup.backup.cfn.CloudFormationTemplate;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.guard.DeployGuard;
import dev.notesbackup.backup.guard.GuardVerdict;
import dev.notesbackup.backup.lambda.ScheduledBackupHandler;
import dev.notesbackup.backup.policy.BackupInfo;
import dev.notesbackup.backup.restore.RestoreService;
import dev.notesbackup.backup.run.BackupService;
import dev.notesbackup.backup.run.RunReport;
import dev.notesbackup.notes.cli.NotesToolsProcess;
import dev.notesbackup.testsupport.ChildProcess;
import dev.notesbackup.testsupport.LambdaTestContext;
import dev.notesbackup.testsupport.LocalAws;
import dev.notesbackup.testsupport.UnicodeTexts;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The incident that started this project, replayed on moto's CloudFormation in two acts.
 *
 * <p>Act 1: the notes stack as shipped (Retain, deletion protection) meets the accident, another
 * project's template deployed under its name. The deploy guard refuses the change set; executed
 * anyway, the update fails and every table and item is still there.
 *
 * <p>Act 2: the same tables without protection (the original situation). Notes are written, the
 * scheduled backup runs, more notes are written, and the accident deletes the tables. Recovery:
 * each table is restored from its newest backup under its own name, then the write-ahead log lines
 * written since that backup are replayed. Every accepted note and reply must be back exactly once,
 * with its text and author exactly as posted.
 *
 * <p>As an operator would: the API is a real {@code serve} child process whose standard output is the
 * log ({@code serve > wal.log}), and the recovery is a {@code replay --file wal.log --start ...} child.
 * Both run under {@code LC_ALL=C} with no file.encoding, and the notes carry emoji, combining marks,
 * other scripts and 2,000-code-point texts ({@link UnicodeTexts}), so a charset bug anywhere on the
 * path fails the drill.
 */
public final class IncidentDrill {
    static final String PROTECTED_STACK = "quarantine-notes";
    static final String UNPROTECTED_STACK = "quarantine-notes-unprotected";
    static final String ORIGIN = "https://notes.example.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** replay's summary line (WAL.md): its counts, and with a window the records outside it. */
    private static final Pattern SUMMARY = Pattern.compile("(?m)^replay: read (\\d+), written (\\d+), already present (\\d+),"
            + " rejected (\\d+)(?:.*?outside the time window (\\d+))?.*$");

    /** How much Act 2 writes: notes and replies per note before the backup, and after it (the gap the log covers). */
    public record Volume(int notes, int repliesEach, int notesAfterBackup, int repliesEachAfterBackup) {
        /** Small enough for CI, with replies on every note and a gap after the backup. */
        public static final Volume DEFAULT = new Volume(12, 3, 5, 2);

        public Volume {
            if (notes < 1 || repliesEach < 0 || notesAfterBackup < 1 || repliesEachAfterBackup < 0) {
                throw new IllegalArgumentException("the drill needs at least one note before and one after the backup,"
                        + " and no negative reply count; was " + notes + "/" + repliesEach + " and " + notesAfterBackup
                        + "/" + repliesEachAfterBackup);
            }
        }
    }

    private final URI endpoint;
    private final PrintStream out;
    private final Volume volume;
    private final Path workDir;
    private final CloudFormationClient cfn;
    private final DynamoDbClient dynamo;
    private final String notesTemplate;
    private final String otherProjectTemplate;

    /** @param workDir where the write-ahead logs and the child processes' output go */
    public IncidentDrill(URI endpoint, PrintStream out, Volume volume, Path workDir) {
        this.endpoint = endpoint;
        this.out = out;
        this.volume = volume;
        this.workDir = workDir;
        this.cfn = LocalAws.client(CloudFormationClient.builder(), endpoint, LocalAws.standardRetries());
        this.dynamo = LocalAws.dynamoDb(endpoint, LocalAws.standardRetries());
        this.notesTemplate = read(notesTemplatePath());
        this.otherProjectTemplate = resource("/other-project.yaml");
    }

    public record ActOne(boolean guardRefused, List<String> guardReasons, boolean updateFailed, String updateOutcome,
                         int itemsBefore, int itemsAfter, boolean tablesIntact) {
        public boolean passed() {
            return guardRefused && updateFailed && tablesIntact && itemsBefore > 0;
        }
    }

    public record ActTwo(int acceptedNotes, int acceptedReplies, int writtenAfterBackup, boolean guardWouldRefuse,
                         boolean tablesDeleted, List<String> restoredFrom, long restoredItems, long linesReplayed,
                         long replayWritten, long replayAlreadyPresent, long replayRejected, int lost, int altered,
                         int duplicated, Duration timeToRecover) {
        public boolean passed() {
            return tablesDeleted && lost == 0 && altered == 0 && duplicated == 0 && replayRejected == 0 && acceptedNotes > 0
                    && writtenAfterBackup > 0;
        }
    }

    public record Report(ActOne actOne, ActTwo actTwo) {
        public boolean passed() {
            return actOne.passed() && actTwo.passed();
        }

        public String text() {
            return String.join("\n",
                    "INCIDENT DRILL REPORT",
                    "Act 1 - protected notes stack, another project's template under its name:",
                    "  guard: " + (actOne.guardRefused() ? "REFUSED" : "allowed (WRONG)") + " - " + String.join("; ", actOne.guardReasons()),
                    "  executed anyway: " + actOne.updateOutcome(),
                    "  tables intact: " + (actOne.tablesIntact() ? "yes" : "NO") + " (items before " + actOne.itemsBefore()
                            + ", after " + actOne.itemsAfter() + ")",
                    "  => " + (actOne.passed() ? "PASSED" : "FAILED"),
                    "Act 2 - unprotected stack (the original situation), guard bypassed:",
                    "  accepted: " + actTwo.acceptedNotes() + " notes, " + actTwo.acceptedReplies() + " replies ("
                            + actTwo.writtenAfterBackup() + " of them after the last backup)",
                    "  the guard would have refused: " + (actTwo.guardWouldRefuse() ? "yes" : "no"),
                    "  tables deleted by the accident: " + (actTwo.tablesDeleted() ? "yes" : "NO"),
                    "  restored from backup: " + actTwo.restoredItems() + " items (" + String.join(", ", actTwo.restoredFrom()) + ")",
                    "  replayed from the log: " + actTwo.linesReplayed() + " lines, " + actTwo.replayWritten() + " written, "
                            + actTwo.replayAlreadyPresent() + " already present, " + actTwo.replayRejected() + " rejected",
                    "  lost: " + actTwo.lost() + ", altered: " + actTwo.altered() + ", duplicated: " + actTwo.duplicated(),
                    "  time to recover: " + actTwo.timeToRecover().toMillis() + " ms",
                    "  => " + (actTwo.passed() ? "PASSED" : "FAILED"),
                    "RESULT: " + (passed() ? "PASSED - nothing lost, altered or doubled" : "FAILED"));
        }
    }

    public Report run() {
        ActOne one = actOne();
        ActTwo two = actTwo();
        return new Report(one, two);
    }

    // ---- Act 1 ----------------------------------------------------------------------------------

    /**
     * The deploy guard as the drill runs it on moto: moto's change sets never report Replacement, so a
     * table Modify is taken as in place here (AWS reports it; the guard's default refuses a Modify without
     * it). The accident the drill stages removes the tables, which is refused either way.
     */
    private DeployGuard guard() {
        return new DeployGuard(cfn, DeployGuard.UnreportedReplacement.TAKE_AS_IN_PLACE);
    }

    ActOne actOne() {
        say("== Act 1: the protected notes stack");
        Map<String, String> tables = deploy(PROTECTED_STACK, tablesOf(notesTemplate, true));
        tables.values().forEach(table -> dynamo.updateContinuousBackups(r -> r.tableName(table)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true))));
        try (NotesToolsProcess.Serving api = serve(tables, "act1")) {
            writeNotes(new NotesClient(api.baseUri()), 10, 2);
        }
        Map<String, List<Map<String, AttributeValue>>> before = snapshot(tables.values());
        int itemsBefore = before.values().stream().mapToInt(List::size).sum();
        say("  wrote through the API: " + itemsBefore + " items in " + tables.values());

        say("  the accident: another project's template under the stack name " + PROTECTED_STACK);
        GuardVerdict verdict = guard().checkTemplate(PROTECTED_STACK, otherProjectTemplate, Map.of(), true);
        say("  guard: " + (verdict.allowed() ? "ALLOWED" : "REFUSED") + verdict.reasons().stream().map(r -> "\n    - " + r).collect(Collectors.joining()));
        String outcome;
        boolean failed;
        try {
            cfn.executeChangeSet(r -> r.stackName(PROTECTED_STACK).changeSetName(verdict.changeSetName()));
            String status = awaitSettled(PROTECTED_STACK);
            failed = !status.equals("UPDATE_COMPLETE");
            outcome = "the stack update ended " + status + (failed ? " (refused by CloudFormation)" : " (WRONG: it went through)");
        } catch (CloudFormationException e) {
            failed = true;
            outcome = "CloudFormation refused the update: " + errorText(e);
        }
        say("  executed anyway: " + outcome);
        Map<String, List<Map<String, AttributeValue>>> after = snapshot(tables.values());
        int itemsAfter = after.values().stream().mapToInt(List::size).sum();
        boolean intact = before.equals(after);
        say("  tables intact: " + intact + " (" + itemsAfter + " items)");
        return new ActOne(!verdict.allowed(), verdict.reasons(), failed, outcome, itemsBefore, itemsAfter, intact);
    }

    // ---- Act 2 ----------------------------------------------------------------------------------

    ActTwo actTwo() {
        say("== Act 2: the same tables without Retain and without deletion protection");
        Map<String, String> tables = deploy(UNPROTECTED_STACK, tablesOf(notesTemplate, false));
        Accepted accepted = new Accepted();
        int afterBackup;
        Path wal;
        try (NotesToolsProcess.Serving api = serve(tables, "act2")) {
            wal = workDir.resolve("act2-wal.log");
            NotesClient client = new NotesClient(api.baseUri());
            accepted.add(writeNotes(client, volume.notes(), volume.repliesEach()));
            say("  wrote " + accepted.size() + " notes and replies; running the scheduled backup ...");
            RunReport backup = scheduledBackup(tables);
            say("  " + backup.summary());
            Accepted gap = writeNotes(client, volume.notesAfterBackup(), volume.repliesEachAfterBackup());
            afterBackup = gap.size();
            accepted.add(gap);
            say("  wrote " + afterBackup + " more after the backup (the gap only the write-ahead log covers)");
        }
        say("  serve stopped; its standard output is the write-ahead log: " + wal);

        say("  the accident: another project's template under " + UNPROTECTED_STACK + ", guard bypassed");
        GuardVerdict verdict = guard().checkTemplate(UNPROTECTED_STACK, otherProjectTemplate, Map.of(), true);
        say("  guard: " + (verdict.allowed() ? "ALLOWED" : "REFUSED") + " - and executed all the same");
        cfn.executeChangeSet(r -> r.stackName(UNPROTECTED_STACK).changeSetName(verdict.changeSetName()));
        say("  stack update: " + awaitSettled(UNPROTECTED_STACK));
        boolean deleted = tables.values().stream().noneMatch(table -> Tables.exists(dynamo, table));
        say("  tables deleted: " + deleted);

        say("  recovering: restore each table from its newest backup under its own name, then replay the log");
        Instant recoveryStarted = Instant.now();
        RestoreService restore = new RestoreService(dynamo, Clock.systemUTC(), Duration.ofMillis(200), Duration.ofMinutes(5));
        List<String> restoredFrom = new ArrayList<>();
        Instant oldestBackup = Instant.MAX;
        for (String table : tables.values()) {
            BackupInfo latest = restore.latestBackup(table);
            restore.restore(latest.arn(), table, true, line -> say("    " + line));
            restoredFrom.add(table + " <- " + latest.name());
            oldestBackup = latest.created().isBefore(oldestBackup) ? latest.created() : oldestBackup;
        }
        long restoredItems = snapshot(tables.values()).values().stream().mapToLong(List::size).sum();
        // the log since the backup began, with a minute's margin for clocks (the runbook's step 4); replay is idempotent
        Instant since = oldestBackup.minus(Duration.ofMinutes(1));
        Replayed replay = replay(wal, since);
        Duration took = Duration.between(recoveryStarted, Instant.now());
        say("  " + replay.summary());

        Comparison comparison;
        try (NotesToolsProcess.Serving api = serve(tables, "check")) {
            comparison = compare(accepted, new NotesClient(api.baseUri()));
        }
        say("  compared with what was posted and what the API accepted: lost " + comparison.lost + ", altered "
                + comparison.altered + ", duplicated " + comparison.duplicated);
        return new ActTwo(accepted.notes.size(), accepted.replies.size(), afterBackup, !verdict.allowed(), deleted, restoredFrom,
                restoredItems, replay.lines(), replay.written(), replay.alreadyPresent(), replay.rejected(), comparison.lost,
                comparison.altered, comparison.duplicated, took);
    }

    // ---- the parts ----------------------------------------------------------------------------

    /** What the API answered 201 to: the notes and replies a user was told are saved, and what was posted for each. */
    static final class Accepted {
        final Map<String, JsonNode> notes = new LinkedHashMap<>();
        final Map<String, JsonNode> replies = new LinkedHashMap<>();
        /** id -> the text and author posted. */
        final Map<String, Posted> posted = new LinkedHashMap<>();

        void add(Accepted other) {
            notes.putAll(other.notes);
            replies.putAll(other.replies);
            posted.putAll(other.posted);
        }

        int size() {
            return notes.size() + replies.size();
        }
    }

    record Posted(String text, String author) {
        boolean matches(JsonNode item) {
            return item.path("text").asText().equals(text) && item.path("author").asText().equals(author);
        }
    }

    record Comparison(int lost, int altered, int duplicated) {
    }

    /** What the replay child reported. */
    record Replayed(String summary, long lines, long written, long alreadyPresent, long rejected) {
    }

    /** Notes and replies whose texts and authors only a lossless path keeps (each sample in turn, the 2,000-code-point one too). */
    private Accepted writeNotes(NotesClient client, int notes, int repliesEach) {
        List<String> texts = UnicodeTexts.samples();
        Accepted accepted = new Accepted();
        for (int n = 0; n < notes; n++) {
            Posted note = new Posted(texts.get(n % texts.size()), UnicodeTexts.AUTHORS.get(n % UnicodeTexts.AUTHORS.size()));
            JsonNode created = client.createNote(note.text(), note.author());
            String noteId = created.get("id").asText();
            accepted.notes.put(noteId, created);
            accepted.posted.put(noteId, note);
            for (int r = 0; r < repliesEach; r++) {
                Posted reply = new Posted(texts.get((n + r + 1) % texts.size()),
                        UnicodeTexts.AUTHORS.get((n + r + 1) % UnicodeTexts.AUTHORS.size()));
                JsonNode answered = client.reply(noteId, reply.text(), reply.author());
                accepted.replies.put(answered.get("id").asText(), answered);
                accepted.posted.put(answered.get("id").asText(), reply);
            }
        }
        return accepted;
    }

    /**
     * Every accepted note and reply must be listed exactly once (else lost or duplicated) and be
     * identical to the API's answer, which must carry the text and author as posted (else altered).
     */
    static Comparison compare(Accepted accepted, NotesClient client) {
        Map<String, Integer> seen = new HashMap<>();
        int lost = 0;
        int altered = 0;
        List<JsonNode> notes = client.allNotes();
        Map<String, JsonNode> listed = new HashMap<>();
        for (JsonNode note : notes) {
            seen.merge("note:" + note.get("id").asText(), 1, Integer::sum);
            listed.put(note.get("id").asText(), note);
        }
        for (Map.Entry<String, JsonNode> e : accepted.notes.entrySet()) {
            JsonNode found = listed.get(e.getKey());
            if (found == null) {
                lost++;
                continue; // its replies are counted lost below: the API cannot show replies of a missing note
            }
            if (!found.equals(e.getValue()) || !accepted.posted.get(e.getKey()).matches(found)) {
                altered++;
            }
            for (JsonNode reply : client.replies(e.getKey())) {
                String replyId = reply.get("id").asText();
                seen.merge("reply:" + replyId, 1, Integer::sum);
                JsonNode expected = accepted.replies.get(replyId);
                if (expected != null && (!expected.equals(reply) || !accepted.posted.get(replyId).matches(reply))) {
                    altered++;
                }
            }
        }
        for (String replyId : accepted.replies.keySet()) {
            if (!seen.containsKey("reply:" + replyId)) {
                lost++;
            }
        }
        int duplicated = 0;
        for (Map.Entry<String, Integer> e : seen.entrySet()) {
            String id = e.getKey().substring(e.getKey().indexOf(':') + 1);
            boolean known = e.getKey().startsWith("note:") ? accepted.notes.containsKey(id) : accepted.replies.containsKey(id);
            duplicated += (e.getValue() - 1) + (known ? 0 : 1);
        }
        return new Comparison(lost, altered, duplicated);
    }

    private RunReport scheduledBackup(Map<String, String> tables) {
        BackupConfig config = BackupConfig.fromEnvironment(Map.of(BackupConfig.TABLES, String.join(",", tables.values())));
        Instant slot = Instant.now();
        ScheduledEvent event = new ScheduledEvent().withSource("aws.events").withDetailType("Scheduled Event")
                .withTime(new DateTime(slot.toEpochMilli(), DateTimeZone.UTC));
        return new ScheduledBackupHandler(new BackupService(dynamo, Clock.systemUTC(), config), null, null, line -> { })
                .invoke(event, new LambdaTestContext(Duration.ofMinutes(15)));
    }

    /**
     * {@code serve} as a child process under the C locale, its standard output the write-ahead log
     * {@code <workDir>/<name>-wal.log}, against moto (test credentials: moto takes any).
     */
    private NotesToolsProcess.Serving serve(Map<String, String> tables, String name) {
        ProcessBuilder serve = tools("serve", "--port", "0", "--host", "127.0.0.1",
                "--notes-table", tables.get("NotesTableName"), "--replies-table", tables.get("RepliesTableName"),
                "--allowed-origins", ORIGIN);
        try {
            return NotesToolsProcess.serve(serve, workDir.resolve(name + "-wal.log"), workDir.resolve(name + "-serve.err"),
                    Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start serve", e);
        }
    }

    /** {@code replay --file wal --start since} as a child process under the C locale, into the tables named in the log. */
    private Replayed replay(Path wal, Instant since) {
        ProcessBuilder replay = tools("replay", "--file", wal.toString(), "--start", since.toString());
        ChildProcess.Result result = ChildProcess.run(replay.command(), Duration.ofMinutes(10), builder -> {
            builder.environment().clear();
            builder.environment().putAll(replay.environment());
        });
        Matcher summary = SUMMARY.matcher(result.stdout());
        if (!summary.find()) {
            throw new IllegalStateException("replay printed no summary (exit " + result.exitCode() + "):\n" + result.stdout()
                    + result.stderr());
        }
        if (result.exitCode() != 0) {
            say("  replay exit " + result.exitCode() + ": " + result.stderr().strip());
        }
        long read = Long.parseLong(summary.group(1));
        long outside = summary.group(5) == null ? 0 : Long.parseLong(summary.group(5));
        return new Replayed(summary.group().strip(), read - outside, Long.parseLong(summary.group(2)),
                Long.parseLong(summary.group(3)), Long.parseLong(summary.group(4)));
    }

    private ProcessBuilder tools(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(LocalAws.cliOptions(endpoint));
        ProcessBuilder builder = NotesToolsProcess.underCLocale(all);
        LocalAws.childEnvironment(builder.environment());
        return builder;
    }

    /** Creates the stack and returns its table outputs (NotesTableName, RepliesTableName). */
    private Map<String, String> deploy(String stackName, String template) {
        cfn.createStack(r -> r.stackName(stackName).templateBody(template));
        String status = awaitSettled(stackName);
        if (!status.equals("CREATE_COMPLETE")) {
            throw new IllegalStateException("stack " + stackName + " ended " + status);
        }
        Stack stack = cfn.describeStacks(r -> r.stackName(stackName)).stacks().get(0);
        Map<String, String> tables = new LinkedHashMap<>();
        for (Output output : stack.outputs()) {
            if (output.outputKey().endsWith("TableName")) {
                tables.put(output.outputKey(), output.outputValue());
            }
        }
        say("  deployed stack " + stackName + " with tables " + tables.values());
        return tables;
    }

    private String awaitSettled(String stackName) {
        for (int i = 0; i < 300; i++) {
            String status = cfn.describeStacks(r -> r.stackName(stackName)).stacks().get(0).stackStatusAsString();
            if (!status.endsWith("_IN_PROGRESS")) {
                return status;
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("stack " + stackName + " did not settle in 30 s");
    }

    /**
     * The error CloudFormation gave. moto passes the DynamoDB error on as JSON where the SDK expects
     * CloudFormation's XML, so the SDK finds no code or message; the raw answer still says why.
     */
    static String errorText(CloudFormationException e) {
        if (e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null) {
            return e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
        }
        if (e.awsErrorDetails() != null && e.awsErrorDetails().rawResponse() != null) {
            String raw = e.awsErrorDetails().rawResponse().asUtf8String();
            int message = raw.indexOf("\"message\": \"");
            return message >= 0 ? raw.substring(message + 12, raw.lastIndexOf('"')) : raw;
        }
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    private Map<String, List<Map<String, AttributeValue>>> snapshot(Iterable<String> tables) {
        Map<String, List<Map<String, AttributeValue>>> items = new LinkedHashMap<>();
        for (String table : tables) {
            List<Map<String, AttributeValue>> all = new ArrayList<>();
            dynamo.scanPaginator(r -> r.tableName(table)).items().forEach(all::add);
            all.sort((a, b) -> a.toString().compareTo(b.toString()));
            items.put(table, all);
        }
        return items;
    }

    /**
     * The notes stack's tables, exactly as notes-service/template.yaml declares them, with its
     * project identity and its table outputs: what moto's CloudFormation makes of the stack (it
     * cannot run the Serverless transform, and the function's resources play no part in the
     * accident). With {@code protect} false, Retain and deletion protection are taken away: the
     * original situation.
     */
    @SuppressWarnings("unchecked")
    static String tablesOf(String notesTemplate, boolean protect) {
        Map<String, Object> source = CloudFormationTemplate.parse(notesTemplate).document();
        Map<String, Object> resources = new LinkedHashMap<>();
        ((Map<String, Object>) source.get("Resources")).forEach((id, value) -> {
            Map<String, Object> resource = new LinkedHashMap<>((Map<String, Object>) value);
            if ("AWS::DynamoDB::Table".equals(resource.get("Type"))) {
                if (!protect) {
                    resource.remove("DeletionPolicy");
                    resource.remove("UpdateReplacePolicy");
                    Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) resource.get("Properties"));
                    properties.put("DeletionProtectionEnabled", false);
                    resource.put("Properties", properties);
                }
                resources.put(id, resource);
            }
        });
        Map<String, Object> outputs = new LinkedHashMap<>();
        ((Map<String, Object>) source.get("Outputs")).forEach((id, value) -> {
            Object ref = ((Map<String, Object>) ((Map<String, Object>) value).get("Value")).get("Ref");
            if (resources.containsKey(ref)) {
                outputs.put(id, value);
            }
        });
        if (resources.size() != 2 || outputs.size() != 2) {
            throw new IllegalStateException("expected the notes template to declare two tables with their name outputs, found "
                    + resources.keySet() + " and " + outputs.keySet());
        }
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("AWSTemplateFormatVersion", "2010-09-09");
        template.put("Metadata", source.get("Metadata"));
        template.put("Resources", resources);
        template.put("Outputs", outputs);
        try {
            return JSON.writeValueAsString(template);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path notesTemplatePath() {
        String override = System.getProperty("drill.notesTemplate");
        if (override != null) {
            return Path.of(override);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("notes-service/template.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("notes-service/template.yaml not found above " + Path.of("").toAbsolutePath()
                + ": run the drill from the repository (or set -Ddrill.notesTemplate=PATH)");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = IncidentDrill.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void say(String line) {
        out.println(line);
    }

    URI endpoint() {
        return endpoint;
    }
}
