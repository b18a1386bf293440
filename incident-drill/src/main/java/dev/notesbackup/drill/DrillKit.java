package dev.notesbackup.drill;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notesbackup.backup.cfn.CloudFormationTemplate;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.guard.DeployGuard;
import dev.notesbackup.backup.lambda.ScheduledBackupHandler;
import dev.notesbackup.backup.run.BackupService;
import dev.notesbackup.backup.run.RunReport;
import dev.notesbackup.backup.vault.VaultLayout;
import dev.notesbackup.backup.vault.export.VaultExportService;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What every scenario of the drill does the same way: deploy the notes tables on moto's
 * CloudFormation, run the API as a real {@code serve} child whose standard output is the
 * write-ahead log, write notes and replies through it, run the scheduled backup, replay the log
 * with a real {@code replay} child, and compare what the API shows with what it accepted.
 *
 * <p>The children run under {@code LC_ALL=C} with no file.encoding, and the notes carry emoji,
 * combining marks, other scripts and 2,000-code-point texts ({@link UnicodeTexts}), so a charset
 * bug anywhere on the path fails the drill.
 */
final class DrillKit {
    static final String ORIGIN = "https://notes.example.com";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Users posting at once. */
    static final int WRITERS = 4;

    /** replay's summary line (WAL.md): its counts, and with a window the records outside it. */
    private static final Pattern SUMMARY = Pattern.compile("(?m)^replay: read (\\d+), written (\\d+), already present (\\d+),"
            + " rejected (\\d+)(?:.*?outside the time window (\\d+))?.*$");

    private final URI endpoint;
    private final PrintStream out;
    private final IncidentDrill.Volume volume;
    private final Path workDir;
    private final CloudFormationClient cfn;
    private final DynamoDbClient dynamo;
    /** The app account's S3 client: the backup run writes the vault's manifests with it. */
    private final S3Client s3;
    private final String notesTemplate;

    DrillKit(URI endpoint, PrintStream out, IncidentDrill.Volume volume, Path workDir) {
        this.endpoint = endpoint;
        this.out = out;
        this.volume = volume;
        this.workDir = workDir;
        this.cfn = LocalAws.client(CloudFormationClient.builder(), endpoint, LocalAws.standardRetries());
        this.dynamo = LocalAws.dynamoDb(endpoint, LocalAws.standardRetries());
        this.s3 = LocalAws.client(S3Client.builder(), endpoint, LocalAws.standardRetries());
        this.notesTemplate = read(notesTemplatePath());
    }

    URI endpoint() {
        return endpoint;
    }

    IncidentDrill.Volume volume() {
        return volume;
    }

    Path workDir() {
        return workDir;
    }

    CloudFormationClient cfn() {
        return cfn;
    }

    DynamoDbClient dynamo() {
        return dynamo;
    }

    S3Client s3() {
        return s3;
    }

    String notesTemplate() {
        return notesTemplate;
    }

    void say(String line) {
        out.println(line);
    }

    /**
     * The deploy guard as the drill runs it on moto: moto's change sets never report Replacement, so a
     * table Modify is taken as in place here (AWS reports it; the guard's default refuses a Modify without
     * it). The accidents the drill stages remove the tables, which is refused either way.
     */
    DeployGuard guard() {
        return new DeployGuard(cfn, DeployGuard.UnreportedReplacement.TAKE_AS_IN_PLACE);
    }

    // ---- what the API accepted ------------------------------------------------------------------

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
    record Replayed(String summary, long lines, long written, long alreadyPresent, long rejected, int exitCode) {
    }

    /**
     * Notes and replies whose texts and authors only a lossless path keeps (each sample in turn, the
     * 2,000-code-point one too), posted by {@link #WRITERS} users at once as a real app's users would;
     * note {@code n} and its replies always get the same texts, whatever the interleaving.
     */
    Accepted writeNotes(NotesClient client, int notes, int repliesEach) {
        return writeNotes(client, notes, repliesEach, UnicodeTexts.samples());
    }

    /**
     * A day of the app before the disaster: the volume's notes and replies through the API, the
     * scheduled backup (with {@code backupEnvironment} on top of the tables, e.g. the vault), then the
     * volume's notes and replies after it (the gap only the write-ahead log covers). Returns all of them.
     */
    Accepted writeBackUpAndWriteMore(NotesClient client, Map<String, String> tables, Instant slot,
                                     Map<String, String> backupEnvironment, List<String> texts) {
        Accepted accepted = writeNotes(client, volume.notes(), volume.repliesEach(), texts);
        say("  wrote " + accepted.size() + " notes and replies; running the scheduled backup ...");
        say("  " + scheduledBackup(tables, slot, backupEnvironment).summary());
        Accepted gap = writeNotes(client, volume.notesAfterBackup(), volume.repliesEachAfterBackup(), texts);
        accepted.add(gap);
        say("  wrote " + gap.size() + " more after the backup (the gap only the write-ahead log covers)");
        return accepted;
    }

    Accepted writeBackUpAndWriteMore(NotesClient client, Map<String, String> tables) {
        return writeBackUpAndWriteMore(client, tables, Instant.now(), Map.of(), UnicodeTexts.samples());
    }

    /** As {@link #writeNotes(NotesClient, int, int)}, with these texts in turn. */
    Accepted writeNotes(NotesClient client, int notes, int repliesEach, List<String> texts) {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<Accepted>> perNote = new ArrayList<>();
            for (int n = 0; n < notes; n++) {
                int index = n;
                perNote.add(writers.submit(() -> writeNote(client, texts, index, repliesEach)));
            }
            Accepted accepted = new Accepted();
            for (Future<Accepted> note : perNote) {
                accepted.add(note.get());
            }
            return accepted;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a write through the API failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            writers.shutdownNow();
        }
    }

    private static Accepted writeNote(NotesClient client, List<String> texts, int n, int repliesEach) {
        Accepted accepted = new Accepted();
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
        Map<String, List<JsonNode>> repliesOf = repliesOf(client, accepted.notes.keySet().stream().filter(listed::containsKey).toList());
        for (Map.Entry<String, JsonNode> e : accepted.notes.entrySet()) {
            JsonNode found = listed.get(e.getKey());
            if (found == null) {
                lost++;
                continue; // its replies are counted lost below: the API cannot show replies of a missing note
            }
            if (!found.equals(e.getValue()) || !accepted.posted.get(e.getKey()).matches(found)) {
                altered++;
            }
            for (JsonNode reply : repliesOf.get(e.getKey())) {
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

    /** Each note's replies as the API lists them, asked by {@link #WRITERS} readers at once. */
    private static Map<String, List<JsonNode>> repliesOf(NotesClient client, List<String> noteIds) {
        ExecutorService readers = Executors.newFixedThreadPool(WRITERS);
        try {
            Map<String, Future<List<JsonNode>>> pending = new LinkedHashMap<>();
            noteIds.forEach(id -> pending.put(id, readers.submit(() -> client.replies(id))));
            Map<String, List<JsonNode>> replies = new HashMap<>();
            for (Map.Entry<String, Future<List<JsonNode>>> e : pending.entrySet()) {
                replies.put(e.getKey(), e.getValue().get());
            }
            return replies;
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading replies through the API failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            readers.shutdownNow();
        }
    }

    /** Compares what the API shows of {@code tables} now, through a fresh {@code serve}, with what it accepted. */
    Comparison compareThroughApi(Map<String, String> tables, Accepted accepted, String name) {
        try (NotesToolsProcess.Serving api = serve(tables, name)) {
            return compare(accepted, new NotesClient(api.baseUri()));
        }
    }

    // ---- the backup service and the tools -------------------------------------------------------

    /** The scheduled run for the slot {@code slot}, with {@code extraEnvironment} on top of the tables (e.g. the vault). */
    RunReport scheduledBackup(Map<String, String> tables, Instant slot, Map<String, String> extraEnvironment) {
        Map<String, String> env = new HashMap<>(extraEnvironment);
        env.put(BackupConfig.TABLES, String.join(",", tables.values()));
        BackupConfig config = BackupConfig.fromEnvironment(env);
        ScheduledEvent event = new ScheduledEvent().withSource("aws.events").withDetailType("Scheduled Event")
                .withTime(new DateTime(slot.toEpochMilli(), DateTimeZone.UTC));
        List<String> lines = new ArrayList<>();
        VaultExportService vault = config.vaultTarget()
                .map(target -> new VaultExportService(dynamo, s3, Clock.systemUTC(), target)).orElse(null);
        RunReport report = new ScheduledBackupHandler(new BackupService(dynamo, Clock.systemUTC(), config), null, null, vault,
                lines::add).invoke(event, new LambdaTestContext(Duration.ofMinutes(15)));
        lines.stream().filter(line -> line.contains("\"vault-export-report\"")).forEach(line -> say("  vault: " + vaultTotals(line)));
        return report;
    }

    /** The totals of the run's vault report line (its JSON, as the function logs it). */
    private static String vaultTotals(String reportLine) {
        try {
            return JSON.readTree(reportLine).path("totals").toString();
        } catch (IOException e) {
            return reportLine;
        }
    }

    /**
     * Runs the slot again (as a redelivery or the next run would) until the vault holds every table's
     * completion record: a run writes it once it sees the export ended, and moto may answer an export
     * IN_PROGRESS at first. Gives up after a few runs.
     */
    void runUntilExportsComplete(Map<String, String> tables, Instant slot, Map<String, String> vaultEnvironment,
                                 S3Client vaultS3, String bucket, String prefix) {
        for (int run = 1; run <= 10; run++) {
            say("  " + scheduledBackup(tables, slot, vaultEnvironment).summary());
            boolean complete = tables.values().stream().allMatch(table -> exists(vaultS3, bucket,
                    VaultLayout.completionKey(prefix, table, slot)));
            if (complete) {
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("the vault holds no completion of every table's export for " + slot + " after 10 runs");
    }

    private static boolean exists(S3Client s3, String bucket, String key) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** The tables' point-in-time recovery on, as the notes template declares (moto does not apply it from a template). */
    void enablePointInTimeRecovery(Map<String, String> tables) {
        tables.values().forEach(table -> dynamo.updateContinuousBackups(r -> r.tableName(table)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true))));
    }

    RunReport scheduledBackup(Map<String, String> tables) {
        return scheduledBackup(tables, Instant.now(), Map.of());
    }

    /**
     * {@code serve} as a child process under the C locale, its standard output the write-ahead log
     * {@code <workDir>/<name>-wal.log}, against moto (test credentials: moto takes any).
     */
    NotesToolsProcess.Serving serve(Map<String, String> tables, String name) {
        ProcessBuilder serve = tools("serve", "--port", "0", "--host", "127.0.0.1", "--no-web", // the drill needs the API only
                "--notes-table", tables.get("NotesTableName"), "--replies-table", tables.get("RepliesTableName"),
                "--allowed-origins", ORIGIN);
        try {
            return NotesToolsProcess.serve(serve, wal(name), workDir.resolve(name + "-serve.err"), Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start serve", e);
        }
    }

    /** The write-ahead log of the {@code serve} named {@code name}. */
    Path wal(String name) {
        return workDir.resolve(name + "-wal.log");
    }

    /** {@code replay --file wal --start since [extra options]} as a child process under the C locale. */
    Replayed replay(Path wal, Instant since, String... extra) {
        List<String> args = new ArrayList<>(List.of("replay", "--file", wal.toString(), "--start", since.toString()));
        args.addAll(List.of(extra));
        ProcessBuilder replay = tools(args.toArray(String[]::new));
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
                Long.parseLong(summary.group(3)), Long.parseLong(summary.group(4)), result.exitCode());
    }

    /** A notes-tools command line under the C locale, pointed at moto. */
    ProcessBuilder tools(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(LocalAws.cliOptions(endpoint));
        ProcessBuilder builder = NotesToolsProcess.underCLocale(all);
        LocalAws.childEnvironment(builder.environment());
        return builder;
    }

    // ---- stacks and tables ----------------------------------------------------------------------

    /** Creates the stack and returns its table outputs (NotesTableName, RepliesTableName). */
    Map<String, String> deploy(String stackName, String template) {
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

    /**
     * The stack's status once no operation is in progress, whatever it is: the accidents end in a
     * failed or rolled-back update as often as in a complete one, which the SDK's waiters treat as errors.
     */
    String awaitSettled(String stackName) {
        for (int i = 0; i < 300; i++) {
            String status = cfn.describeStacks(r -> r.stackName(stackName)).stacks().get(0).stackStatusAsString();
            if (!status.endsWith("_IN_PROGRESS")) {
                return status;
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("stack " + stackName + " did not settle in 30 s");
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
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

    /** Every item of each table, in a stable order. */
    Map<String, List<Map<String, AttributeValue>>> snapshot(Iterable<String> tables) {
        Map<String, List<Map<String, AttributeValue>>> items = new LinkedHashMap<>();
        for (String table : tables) {
            List<Map<String, AttributeValue>> all = new ArrayList<>();
            dynamo.scanPaginator(r -> r.tableName(table)).items().forEach(all::add);
            all.sort((a, b) -> a.toString().compareTo(b.toString()));
            items.put(table, all);
        }
        return items;
    }

    long itemCount(Iterable<String> tables) {
        return snapshot(tables).values().stream().mapToLong(List::size).sum();
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

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static String resource(String name) {
        try (InputStream in = IncidentDrill.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
