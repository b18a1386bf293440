package dev.notesbackup.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The differential test of the in-memory plane: one sequence of SDK calls over HTTP, made on moto
 * behind the proxy and on {@link AwsLimitsProxy#inMemory()}, gives the same transcript: names,
 * tables, types, statuses once AVAILABLE, creation times, order, page boundaries and error codes.
 * Not compared, on purpose, where the two differ (the plane follows AWS there, and
 * {@code InMemoryBackupPlaneTest} checks it):
 * <ul>
 *   <li>the random part of backup ARNs (only their shape and table are compared);</li>
 *   <li>CreateBackup's status and size: AWS answers CREATING and 0 bytes, moto AVAILABLE and 123;</li>
 *   <li>backup sizes: moto says 123 bytes for every backup, AWS the backup's size;</li>
 *   <li>ListTables' order when tables are not made in name order: AWS lists names in order, moto in
 *       creation order (here they are made in name order); an ExclusiveStartTableName that names no
 *       table, after which AWS lists the names that follow it and moto none; and ListTables' Limit
 *       outside 1..100, which AWS refuses (ValidationException) and moto does not;</li>
 *   <li>SYSTEM and AWS_BACKUP backups, which moto cannot make (the filters are compared, on USER backups);</li>
 *   <li>names moto accepts and AWS refuses (CreateBackup's 3..255 characters of [a-zA-Z0-9_.-]).</li>
 * </ul>
 */
@ExtendWith(MotoExtension.class)
class InMemoryBackupPlaneIT {
    private static final Instant DAY0 = Instant.parse("2026-11-01T03:00:00.250Z");
    private static final List<String> TABLES = List.of("alpha", "beta", "delta", "gamma", "omega");

    @Test
    void backupControlPlane_answersAsMotoBehindTheProxy(MotoServer moto) {
        List<String> onMoto;
        try (AwsLimitsProxy proxy = AwsLimitsProxy.start(moto.endpoint()); DynamoDbClient db = LocalAws.dynamoDb(proxy.endpoint())) {
            onMoto = transcript(proxy, db, name -> MotoServerIT.createTable(db, name));
        }
        List<String> inMemory;
        try (AwsLimitsProxy proxy = AwsLimitsProxy.inMemory(); DynamoDbClient db = LocalAws.dynamoDb(proxy.endpoint())) {
            inMemory = transcript(proxy, db, proxy.plane()::addTable);
        }
        assertThat(inMemory).containsExactlyElementsOf(onMoto);
        assertThat(onMoto).as("every step is in the transcript").hasSizeGreaterThan(45);
    }

    private List<String> transcript(AwsLimitsProxy proxy, DynamoDbClient db, Consumer<String> createTable) {
        List<String> out = new ArrayList<>();
        AtomicReference<Instant> now = new AtomicReference<>(DAY0);
        proxy.virtualClock(now::get);
        TABLES.forEach(createTable);

        // tables
        String start = null;
        do {
            String from = start;
            ListTablesResponse page = db.listTables(b -> b.limit(2).exclusiveStartTableName(from));
            out.add("tables page " + page.tableNames() + " next " + page.lastEvaluatedTableName());
            start = page.lastEvaluatedTableName();
        } while (start != null);
        out.add("tables after beta " + db.listTables(b -> b.exclusiveStartTableName("beta")).tableNames());
        TableDescription table = db.describeTable(b -> b.tableName("beta")).table();
        out.add("describe " + table.tableName() + " " + table.tableStatusAsString() + " " + table.tableArn() + " " + keys(table.keySchema()));
        out.add("describe missing: " + error(() -> db.describeTable(b -> b.tableName("none"))));

        // backups: alpha 5, beta 3, gamma 1, delta none; one hour apart, interleaved
        List<String> arns = new ArrayList<>();
        String[] order = {"alpha", "beta", "alpha", "gamma", "alpha", "beta", "alpha", "beta", "alpha"};
        for (int i = 0; i < order.length; i++) {
            String of = order[i];
            String name = of + "-backup-" + i;
            BackupDetails made = db.createBackup(b -> b.tableName(of).backupName(name)).backupDetails();
            out.add("created " + made.backupName() + " " + made.backupTypeAsString() + " at " + made.backupCreationDateTime()
                    + " " + arnShape(made.backupArn()));
            arns.add(made.backupArn());
            now.set(now.get().plus(Duration.ofHours(1)));
        }
        out.add("create on a missing table: " + error(() -> db.createBackup(b -> b.tableName("none").backupName("none-backup"))));

        BackupDescription described = db.describeBackup(b -> b.backupArn(arns.get(1))).backupDescription();
        out.add("describe backup " + details(described.backupDetails()) + " of " + described.sourceTableDetails().tableName()
                + " " + described.sourceTableDetails().tableArn() + " " + keys(described.sourceTableDetails().keySchema()));
        String unknown = InMemoryBackupPlane.tableArn("alpha") + "/backup/01700000000000-0000abcd";
        out.add("describe an unknown backup: " + error(() -> db.describeBackup(b -> b.backupArn(unknown))));

        // listings: every filter, paging at small limits
        Instant hour2 = DAY0.plus(Duration.ofHours(2));
        Instant hour6 = DAY0.plus(Duration.ofHours(6));
        record Listing(String what, Consumer<ListBackupsRequest.Builder> request) {
        }
        List<Listing> listings = List.of(
                new Listing("account", b -> { }),
                new Listing("alpha", b -> b.tableName("alpha")),
                new Listing("alpha by ARN", b -> b.tableName(InMemoryBackupPlane.tableArn("alpha"))),
                new Listing("delta", b -> b.tableName("delta")),
                new Listing("a missing table", b -> b.tableName("none")),
                new Listing("account, limit 1", b -> b.limit(1)),
                new Listing("account, limit 2", b -> b.limit(2)),
                new Listing("account, limit 3", b -> b.limit(3)),
                new Listing("account, limit 9", b -> b.limit(9)),
                new Listing("alpha, limit 2", b -> b.tableName("alpha").limit(2)),
                new Listing("from hour 2", b -> b.timeRangeLowerBound(hour2)),
                new Listing("before hour 2", b -> b.timeRangeUpperBound(hour2)),
                new Listing("hours 2 to 6, limit 2", b -> b.timeRangeLowerBound(hour2).timeRangeUpperBound(hour6).limit(2)),
                new Listing("alpha, hours 2 to 6", b -> b.tableName("alpha").timeRangeLowerBound(hour2).timeRangeUpperBound(hour6)),
                new Listing("around hour 2", b -> b.timeRangeLowerBound(hour2.minusMillis(1)).timeRangeUpperBound(hour2.plusMillis(1))),
                new Listing("hour 2 to hour 2", b -> b.timeRangeLowerBound(hour2).timeRangeUpperBound(hour2)),
                new Listing("hour 6 to hour 2", b -> b.timeRangeLowerBound(hour6).timeRangeUpperBound(hour2)),
                new Listing("USER", b -> b.backupType(BackupTypeFilter.USER)),
                new Listing("ALL, limit 4", b -> b.backupType(BackupTypeFilter.ALL).limit(4)),
                new Listing("SYSTEM", b -> b.backupType(BackupTypeFilter.SYSTEM)),
                new Listing("AWS_BACKUP", b -> b.backupType(BackupTypeFilter.AWS_BACKUP)));
        for (Listing listing : listings) {
            out.add("list " + listing.what() + ": " + pages(db, listing.request()));
        }
        out.add("list limit 0: " + error(() -> db.listBackups(b -> b.limit(0))));
        out.add("list limit 101: " + error(() -> db.listBackups(b -> b.limit(101))));
        out.add("list after an unknown backup: " + error(() -> db.listBackups(b -> b.exclusiveStartBackupArn(unknown))));

        // deletion
        ListBackupsResponse firstPage = db.listBackups(b -> b.limit(3));
        String cursor = firstPage.lastEvaluatedBackupArn();
        BackupDescription deleted = db.deleteBackup(b -> b.backupArn(cursor)).backupDescription();
        out.add("deleted " + deleted.backupDetails().backupName() + " " + deleted.backupDetails().backupStatusAsString()
                + " of " + deleted.sourceTableDetails().tableName());
        out.add("delete again: " + error(() -> db.deleteBackup(b -> b.backupArn(cursor))));
        out.add("describe deleted: " + error(() -> db.describeBackup(b -> b.backupArn(cursor))));
        out.add("resume after the deleted cursor: " + names(db.listBackups(b -> b.limit(3).exclusiveStartBackupArn(cursor)).backupSummaries()));
        db.deleteBackup(b -> b.backupArn(arns.get(0)));
        out.add("account after deletes: " + pages(db, b -> b.limit(4)));
        out.add("alpha after deletes: " + pages(db, b -> b.tableName("alpha")));
        return out;
    }

    /** Each page's names and times, and whether it has a cursor: the page boundaries. */
    private static List<String> pages(DynamoDbClient db, Consumer<ListBackupsRequest.Builder> request) {
        List<String> pages = new ArrayList<>();
        for (ListBackupsResponse page : ListBackupsPages.responses(db, request, 50)) {
            List<String> summaries = page.backupSummaries().stream().map(s -> s.backupName() + "@" + s.backupCreationDateTime()
                    + " " + s.tableName() + " " + s.backupTypeAsString() + " " + s.backupStatusAsString() + " " + arnShape(s.backupArn())
                    + " " + s.tableArn()).toList();
            pages.add(summaries + (page.lastEvaluatedBackupArn() == null ? " end" : " next " + nameOf(page)));
        }
        return pages;
    }

    /** The cursor names the page's last backup, as AWS's LastEvaluatedBackupArn does. */
    private static String nameOf(ListBackupsResponse page) {
        List<BackupSummary> summaries = page.backupSummaries();
        BackupSummary last = summaries.get(summaries.size() - 1);
        return last.backupArn().equals(page.lastEvaluatedBackupArn()) ? "after " + last.backupName() : "elsewhere";
    }

    private static List<String> names(List<BackupSummary> summaries) {
        return summaries.stream().map(BackupSummary::backupName).toList();
    }

    private static String details(BackupDetails details) {
        return details.backupName() + " " + details.backupStatusAsString() + " " + details.backupTypeAsString() + " at "
                + details.backupCreationDateTime() + " " + arnShape(details.backupArn());
    }

    /** The ARN without its random part: account, region, table, and whether the rest has AWS's shape. */
    private static String arnShape(String arn) {
        int at = arn.indexOf("/backup/");
        String id = arn.substring(at + "/backup/".length());
        return arn.substring(0, at) + (id.matches("\\d{14}-[0-9a-f]{8}") ? " id-ok" : " id-odd:" + id);
    }

    private static String keys(List<KeySchemaElement> schema) {
        return schema.stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList().toString();
    }

    private static String error(Supplier<?> call) {
        try {
            call.get();
            return "no error";
        } catch (DynamoDbException e) {
            return e.statusCode() + " " + e.awsErrorDetails().errorCode();
        }
    }
}
