package dev.notesbackup.notes.replay;

import dev.notesbackup.notes.store.NotesRepository;
import dev.notesbackup.notes.wal.WalRecord;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Rebuilds the tables from write-ahead lines. Each record becomes the same conditional put the API
 * makes ({@code attribute_not_exists} on the key), so replaying twice, or replaying items that are
 * already there, changes nothing: those are counted as already present. Unreadable lines are
 * reported with their place and skipped. A missing target table stops the replay.
 */
public final class LogReplayer {
    private static final int NOT_WAL_PLACES_SHOWN = 10;

    private final DynamoDbClient db;
    private final TableMapping mapping;
    private final boolean dryRun;
    private final PrintStream problems;

    public LogReplayer(DynamoDbClient db, TableMapping mapping, boolean dryRun, PrintStream problems) {
        this.db = db;
        this.mapping = mapping;
        this.dryRun = dryRun;
        this.problems = problems;
    }

    public ReplaySummary replay(Iterable<InputUnit> input) {
        long read = 0;
        long written = 0;
        long present = 0;
        long rejected = 0;
        long notWal = 0;
        long blank = 0;
        long failed = 0;
        List<String> notWalPlaces = new ArrayList<>();
        for (InputUnit unit : input) {
            read++;
            WalLineParser.Result result = WalLineParser.parse(unit);
            if (result instanceof WalLineParser.Blank) {
                blank++;
            } else if (result instanceof WalLineParser.NotWal) {
                notWal++;
                if (notWalPlaces.size() < NOT_WAL_PLACES_SHOWN) {
                    notWalPlaces.add(unit.where());
                }
            } else if (result instanceof WalLineParser.Rejected rejection) {
                rejected++;
                problems.println(unit.where() + ": rejected: " + rejection.reason());
            } else if (result instanceof WalLineParser.Record record) {
                switch (put(record.record(), unit)) {
                    case WRITTEN -> written++;
                    case PRESENT -> present++;
                    case FAILED -> failed++;
                }
            }
        }
        return new ReplaySummary(read, written, present, rejected, notWal, blank, failed, notWalPlaces, dryRun);
    }

    private enum Outcome { WRITTEN, PRESENT, FAILED }

    private Outcome put(WalRecord record, InputUnit unit) {
        String table = mapping.target(record);
        if (dryRun) {
            return Outcome.WRITTEN;
        }
        PutItemRequest request = NotesRepository.conditionalPut(record.entity(), table, record.item());
        try {
            db.putItem(request);
            return Outcome.WRITTEN;
        } catch (ConditionalCheckFailedException e) {
            return Outcome.PRESENT;
        } catch (ResourceNotFoundException e) {
            throw new ReplayAbortedException("table '" + table + "' does not exist (needed by " + unit.where()
                    + "); name the target tables with --notes-table and --replies-table", e);
        } catch (SdkException e) {
            problems.println(unit.where() + ": failed: put into '" + table + "': " + e.getClass().getSimpleName()
                    + ": " + e.getMessage());
            return Outcome.FAILED;
        }
    }
}
