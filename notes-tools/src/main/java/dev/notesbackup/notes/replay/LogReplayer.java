package dev.notesbackup.notes.replay;

import dev.notesbackup.notes.store.NotesRepository;
import dev.notesbackup.notes.wal.WalRecord;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Rebuilds the tables from write-ahead lines. Each record becomes the same conditional put the API
 * makes ({@code attribute_not_exists} on the key), so replaying twice, or replaying items that are
 * already there, changes nothing: those are counted as already present. Unreadable lines are
 * reported with their place and skipped, and so are records outside the time window. No single
 * line stops a replay; only a missing target table or input that cannot be read on (CloudWatch Logs
 * failing) does, and then the summary of what was done still comes back, saying where it stopped.
 */
public final class LogReplayer {
    private static final int NOT_WAL_PLACES_SHOWN = 10;

    private final Supplier<DynamoDbClient> clients;
    private DynamoDbClient db;
    private final TableMapping mapping;
    private final boolean dryRun;
    private final PrintStream problems;
    private final ReplayWindow window;

    public LogReplayer(DynamoDbClient db, TableMapping mapping, boolean dryRun, PrintStream problems) {
        this(db, mapping, dryRun, problems, ReplayWindow.ALL);
    }

    public LogReplayer(DynamoDbClient db, TableMapping mapping, boolean dryRun, PrintStream problems, ReplayWindow window) {
        this(() -> db, mapping, dryRun, problems, window);
    }

    /** The client is built at the first put: a replay that writes nothing (a dry run, an unreadable file) needs none. */
    public LogReplayer(Supplier<DynamoDbClient> clients, TableMapping mapping, boolean dryRun, PrintStream problems,
                       ReplayWindow window) {
        this.clients = clients;
        this.mapping = mapping;
        this.dryRun = dryRun;
        this.problems = problems;
        this.window = window;
    }

    public ReplaySummary replay(Iterable<InputUnit> input) {
        long read = 0;
        long written = 0;
        long present = 0;
        long rejected = 0;
        long notWal = 0;
        long blank = 0;
        long failed = 0;
        long outside = 0;
        List<String> notWalPlaces = new ArrayList<>();
        List<String> outsidePlaces = new ArrayList<>();
        String stopped = null;
        String lastPlace = null;
        Iterator<InputUnit> units;
        try {
            units = input.iterator();
        } catch (RuntimeException e) {
            units = null;
            stopped = "could not start reading the input: " + describe(e);
        }
        while (units != null) {
            InputUnit unit;
            try {
                if (!units.hasNext()) {
                    break;
                }
                unit = units.next();
            } catch (RuntimeException e) {
                stopped = "reading the input failed " + (lastPlace == null ? "at its start" : "after " + lastPlace)
                        + ": " + describe(e);
                break;
            }
            lastPlace = unit.where();
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
            } else if (result instanceof WalLineParser.Record record && !window.contains(record.record().at())) {
                outside++;
                if (outsidePlaces.size() < NOT_WAL_PLACES_SHOWN) {
                    outsidePlaces.add(unit.where());
                }
            } else if (result instanceof WalLineParser.Record record) {
                Outcome outcome;
                try {
                    outcome = put(record.record(), unit);
                } catch (ReplayAbortedException e) {
                    read--; // not done: it is where the replay stopped
                    stopped = e.getMessage();
                    break;
                }
                switch (outcome) {
                    case WRITTEN -> written++;
                    case PRESENT -> present++;
                    case FAILED -> failed++;
                }
            }
        }
        if (stopped != null) {
            problems.println("replay stopped: " + stopped);
        }
        return new ReplaySummary(read, written, present, rejected, notWal, blank, failed, outside, notWalPlaces,
                outsidePlaces, !window.isAll(), stopped, dryRun);
    }

    private static String describe(RuntimeException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private enum Outcome { WRITTEN, PRESENT, FAILED }

    private Outcome put(WalRecord record, InputUnit unit) {
        String table = mapping.target(record);
        if (dryRun) {
            return Outcome.WRITTEN;
        }
        PutItemRequest request = NotesRepository.conditionalPut(record.entity(), table, record.item());
        if (db == null) {
            try {
                db = clients.get();
            } catch (RuntimeException e) {
                throw new ReplayAbortedException("cannot reach DynamoDB (needed by " + unit.where() + "): " + e.getMessage()
                        + " (give --region or set AWS_REGION, e.g. us-east-1; --endpoint-url or AWS_ENDPOINT_URL for another endpoint)", e);
            }
        }
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
