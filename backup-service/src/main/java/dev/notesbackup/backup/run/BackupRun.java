package dev.notesbackup.backup.run;

import dev.notesbackup.backup.aws.AwsClients;
import dev.notesbackup.backup.aws.BackupPager;
import dev.notesbackup.backup.aws.DeletedTableBackups;
import dev.notesbackup.backup.aws.TableResolver;
import dev.notesbackup.backup.aws.TableResolver.Selected;
import dev.notesbackup.backup.aws.Tables;
import dev.notesbackup.backup.config.BackupConfig;
import dev.notesbackup.backup.config.TableSelector;
import dev.notesbackup.backup.policy.BackupInfo;
import dev.notesbackup.backup.policy.BackupNames;
import dev.notesbackup.backup.policy.RetentionPolicy;
import dev.notesbackup.backup.policy.RetentionRules;
import dev.notesbackup.backup.policy.TableFate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;

/**
 * One invocation's work and state. Creates run on a small pool paced at the CreateBackup limit;
 * meanwhile one account-wide ListBackups listing (or one per table, for a few tables) streams
 * pages in; as soon as a table's backup exists and the policy selects a backup from what has been
 * seen so far, its deletion is queued on a second pool paced at the DeleteBackup limit. The policy
 * is monotone in what it sees, so acting on a partial listing never deletes what the full listing
 * would keep. The account-wide listing asks only for what the decision needs (see
 * {@link #listWindows}): the backups past the retention cutoff, then the newest days until
 * keep-at-least is decided, so that it grows with the number of tables and of expired backups,
 * not with the retention period.
 *
 * <p>What the time budget leaves undone (deletions selected but not made, tables not reached) is
 * returned as a {@link Continuation} for the next invocation of the function. A run that continues
 * one lists nothing again: it backs up the tables handed to it (looking first for this slot's
 * backups, which a duplicate delivery may have made), deletes what it was handed, and hands on what
 * it could not finish in turn.
 */
final class BackupRun {
    /** Up to this many tables, listing each table's backups costs fewer calls than one account-wide listing. */
    static final int PER_TABLE_LISTING_MAX_TABLES = 3;
    /** Backups of this slot are looked for from this long before the slot's time, for clock skew. */
    static final Duration SLOT_LOOKBACK = Duration.ofHours(1);
    private static final int CREATE_THREADS = 4;
    private static final int DELETE_THREADS = 2;

    private final DynamoDbClient dynamo;
    private final BackupConfig config;
    private final RetentionRules rules;
    private final Retrier retrier;
    private final Instant slot;
    private final Instant now;
    private final TimeBudget budget;
    private final LongSupplier nanoTime;
    private final RateLimiter createLimiter;
    private final RateLimiter deleteLimiter;
    private final RateLimiter listLimiter;
    private final BackupPager pager;
    private final RunListener listener;
    private final CallStats stats = new CallStats();
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, TableState> tables = new LinkedHashMap<>();
    /** Tables a prefix selects that ListTables no longer shows, but that have backups of ours: deleted tables. */
    private final Map<String, TableState> vanished = new java.util.concurrent.ConcurrentHashMap<>();
    /** The work an earlier invocation of this slot handed on, or null for the slot's scheduled invocation. */
    private final Continuation carried;
    /** True once no time range of the listing was left out: each table's backups were listed, or the windows reached the cutoff. */
    private volatile boolean everyBackupListed;
    private ExecutorService deletePool;

    BackupRun(DynamoDbClient dynamo, BackupConfig config, Clock clock, Retrier retrier, Sleeper sleeper,
              LongSupplier nanoTime, Instant slot, TimeBudget budget, RunListener listener, Continuation carried) {
        this.dynamo = dynamo;
        this.carried = carried;
        this.config = config;
        this.rules = new RetentionRules(config.namePrefix(), config.retention(), config.keepAtLeast());
        this.retrier = retrier;
        this.slot = slot;
        this.now = clock.instant();
        this.budget = budget;
        this.nanoTime = nanoTime;
        this.createLimiter = new RateLimiter(config.rates().createPerSecond(), nanoTime, sleeper);
        this.deleteLimiter = new RateLimiter(config.rates().deletePerSecond(), nanoTime, sleeper);
        this.listLimiter = new RateLimiter(config.rates().listPerSecond(), nanoTime, sleeper);
        this.pager = new BackupPager(request -> dynamo.listBackups(request.toBuilder().overrideConfiguration(this::observed).build()),
                this::mayListNextPage);
        this.listener = listener;
    }

    RunReport execute() {
        long started = nanoTime.getAsLong();
        if (carried == null) {
            resolveTables();
        } else {
            takeOverCarriedTables();
        }
        Map<String, BackupInfo> slotBackups = carried == null || !carried.toBackUp().isEmpty() ? findSlotBackups() : Map.of();

        ExecutorService createPool = Executors.newFixedThreadPool(CREATE_THREADS, daemon("backup-create"));
        deletePool = Executors.newFixedThreadPool(DELETE_THREADS, daemon("backup-delete"));
        boolean listingComplete;
        try {
            for (TableState table : inScheduleOrder()) {
                if (table.status == TableStatus.NOT_REACHED) {
                    createPool.execute(() -> backUp(table, slotBackups.get(table.name)));
                }
            }
            if (carried != null) {
                carried.deletions().forEach((name, arns) -> queueDeletions(tables.get(name), arns));
            }
            // a continuation acts on the listing of the invocation that handed it on, and lists nothing again
            listingComplete = carried == null ? listAllBackups() : carried.listingComplete();
            awaitQuietly(createPool);
            removeConcurrentCopies();
        } finally {
            createPool.shutdownNow();
            awaitQuietly(deletePool);
            deletePool.shutdownNow();
        }
        for (TableState gone : vanished.values()) {
            gone.missing("table not found: a configured prefix selects it and it has backups made by this"
                    + " service, but it no longer exists; its backups are kept (restore it, or delete them by hand)");
            gone.listed = listingComplete;
            tables.putIfAbsent(gone.name, gone);
        }
        noteDeletedTableBackups();
        List<TableReport> reports = tables.values().stream().map(TableState::report).toList();
        return new RunReport(slot, now, config.dryRun(), reports, listingComplete, warnings,
                stats.callsByOperation(), stats.retries(), stats.throttles(),
                Duration.ofNanos(nanoTime.getAsLong() - started), invocation(), leftWork(listingComplete), false);
    }

    private int invocation() {
        return carried == null ? 1 : carried.invocation();
    }

    // ---- continuing an earlier invocation's work ------------------------------------------------

    /** The tables of the work handed on: those with deletions were backed up before; the others are not yet. */
    private void takeOverCarriedTables() {
        carried.deletions().keySet().forEach(name -> tables.computeIfAbsent(name, TableState::new).backedUpEarlier());
        carried.toBackUp().forEach((name, arns) -> {
            TableState table = tables.computeIfAbsent(name, TableState::new);
            synchronized (table) {
                table.dueAfterBackup.addAll(arns);
            }
        });
    }

    /**
     * What this run leaves for the next invocation, or null if nothing: the deletions the budget
     * stopped (a table with an error hands on none: its backups wait for the next slot), and each
     * table not reached with what the policy deletes once its backup exists (in the scheduled run,
     * decided as for a planned backup; in a continuation, what it was handed).
     */
    private Continuation leftWork(boolean listingComplete) {
        if (config.dryRun()) {
            return null;
        }
        Map<String, List<String>> deletions = new LinkedHashMap<>();
        Map<String, List<String>> toBackUp = new LinkedHashMap<>();
        for (TableState table : tables.values()) {
            synchronized (table) {
                if (table.status == TableStatus.NOT_REACHED) {
                    if (carried == null) {
                        TableFate once = TableFate.planned(BackupNames.forSlot(config.namePrefix(), table.name, slot));
                        RetentionPolicy.toDelete(table.name, table.seen.values(), once, now, rules)
                                .forEach(b -> table.dueAfterBackup.add(b.arn()));
                    }
                    toBackUp.put(table.name, List.copyOf(table.dueAfterBackup));
                } else if (table.error == null && !table.leftToDelete.isEmpty()) {
                    deletions.put(table.name, List.copyOf(table.leftToDelete));
                }
            }
        }
        if (deletions.isEmpty() && toBackUp.isEmpty()) {
            return null;
        }
        return new Continuation(invocation() + 1, deletions, toBackUp, listingComplete);
    }

    private void queueDeletions(TableState table, List<String> arns) {
        if (arns.isEmpty()) {
            return;
        }
        synchronized (table) {
            arns.forEach(table.queued::add);
            table.pendingDeletes.addAndGet(arns.size());
        }
        for (String arn : arns) {
            deletePool.execute(() -> delete(table, arn, null));
        }
    }

    // ---- which tables ------------------------------------------------------------------------

    /** Exact names first, then what each prefix selects (the order of the report). */
    private void resolveTables() {
        List<TableSelector> exactFirst = new ArrayList<>(config.tables().stream().filter(s -> !s.prefix()).toList());
        exactFirst.addAll(config.tables().stream().filter(TableSelector::prefix).toList());
        List<Selected> resolved = TableResolver.resolve(exactFirst, () -> Tables.names(dynamo, this::observed));
        for (Selected selected : resolved) {
            if (selected instanceof TableResolver.Table table) {
                tables.putIfAbsent(table.name(), new TableState(table.name()));
            } else if (selected instanceof TableResolver.NoMatch none) {
                TableState state = new TableState(none.prefix().toString());
                state.fail(TableStatus.MISSING, "no table matches the prefix " + none.prefix());
                tables.putIfAbsent(state.name, state);
            } else if (selected instanceof TableResolver.Unlisted unlisted) {
                TableState state = new TableState(unlisted.prefix().toString());
                state.fail(TableStatus.FAILED, "could not list tables to resolve the prefix: " + describe(unlisted.cause()));
                tables.putIfAbsent(state.name, state);
            }
        }
    }

    /**
     * Starts at a different table each slot (a hash of the slot's time: daily slots 1,440 minutes
     * apart would otherwise rotate by the same amount), so that a run cut short by its time budget
     * does not starve the same tables every day.
     */
    private List<TableState> inScheduleOrder() {
        List<TableState> order = new ArrayList<>(tables.values());
        if (!order.isEmpty()) {
            Collections.rotate(order, -startIndex(slot, order.size()));
        }
        return order;
    }

    static int startIndex(Instant slot, int tables) {
        long mixed = slot.getEpochSecond() * 0x9E3779B97F4A7C15L;
        return (int) Math.floorMod(mixed ^ (mixed >>> 31), (long) tables);
    }

    // ---- creating this slot's backups ---------------------------------------------------------

    /** Backups of ours for this slot that exist already (an earlier delivery of the same event made them). */
    private Map<String, BackupInfo> findSlotBackups() {
        Map<String, BackupInfo> found = new LinkedHashMap<>();
        try {
            listBackups(null, slotLookbackStart(), page -> {
                for (BackupInfo backup : page) {
                    TableState table = tables.get(backup.tableName());
                    if (table != null && isThisSlots(backup)) {
                        found.put(backup.tableName(), backup);
                    }
                }
            });
        } catch (RuntimeException e) {
            warnings.add("could not look for backups already made for this slot, so a redelivered event may make a second one: "
                    + describe(e));
        }
        return found;
    }

    /**
     * Where the search for this slot's backups starts: before the slot (clock skew) and before
     * now, since a slot given by hand may lie ahead of the time its backup is made.
     */
    private Instant slotLookbackStart() {
        return (now.isBefore(slot) ? now : slot).minus(SLOT_LOOKBACK);
    }

    /** This slot's backup of ours, and not one on its way out (a DELETED backup does not count as made). */
    private boolean isThisSlots(BackupInfo backup) {
        return backup.isUserBackup()
                && (backup.isAvailable() || "CREATING".equals(backup.status()))
                && backup.name().equals(BackupNames.forSlot(config.namePrefix(), backup.tableName(), slot));
    }

    private void backUp(TableState table, BackupInfo existing) {
        if (existing != null) {
            table.backedUp(null, existing);
            prune(table);
            releaseDueAfterBackup(table);
            return;
        }
        String name = BackupNames.forSlot(config.namePrefix(), table.name, slot);
        try {
            if (config.dryRun()) {
                if (!tableExists(table)) {
                    return;
                }
                table.planned(name);
            } else {
                if (!createLimiter.acquire(budget)) {
                    return; // still NOT_REACHED
                }
                BackupInfo created = retrier.call("CreateBackup", stats, budget, (attempt, previous) -> {
                    if (previous != null && Retrier.mayHaveSucceeded(previous)) {
                        Optional<BackupInfo> madeAnyway = findSlotBackup(table.name);
                        if (madeAnyway.isPresent()) {
                            return madeAnyway.get();
                        }
                    }
                    BackupDetails details = dynamo.createBackup(r -> r.tableName(table.name).backupName(name)
                            .overrideConfiguration(AwsClients::withoutSdkRetries)).backupDetails();
                    return new BackupInfo(details.backupArn(), details.backupName(), table.name,
                            details.backupTypeAsString(), details.backupStatusAsString(),
                            details.backupCreationDateTime(), sizeOf(details.backupSizeBytes()));
                });
                table.backedUp(name, created);
            }
            prune(table);
            releaseDueAfterBackup(table);
        } catch (TableNotFoundException e) {
            table.missing("table not found: " + table.name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            table.fail(TableStatus.FAILED, "interrupted before the backup was made");
        } catch (RuntimeException e) {
            table.fail(TableStatus.FAILED, "CreateBackup failed: " + describe(e));
        }
    }

    /** In a continuation: the deletions handed on for this table are due now that its backup exists. */
    private void releaseDueAfterBackup(TableState table) {
        if (carried == null || config.dryRun()) {
            return;
        }
        List<String> due;
        synchronized (table) {
            due = table.dueAfterBackup.stream().filter(arn -> !table.queued.contains(arn)).toList();
        }
        queueDeletions(table, due);
    }

    private boolean tableExists(TableState table) {
        try {
            dynamo.describeTable(r -> r.tableName(table.name).overrideConfiguration(this::observed));
            return true;
        } catch (ResourceNotFoundException e) {
            table.missing("table not found: " + table.name);
            return false;
        }
    }

    private Optional<BackupInfo> findSlotBackup(String tableName) {
        List<BackupInfo> found = new ArrayList<>();
        listBackups(tableName, slotLookbackStart(), page -> page.stream().filter(this::isThisSlots).forEach(found::add));
        return found.stream().findFirst();
    }

    // ---- listing and pruning ------------------------------------------------------------------

    /** Lists every backup the policy must see; returns false if the time budget or a failure cut it short. */
    private boolean listAllBackups() {
        List<TableState> listable = tables.values().stream().filter(t -> t.status != TableStatus.MISSING
                && t.status != TableStatus.FAILED).toList();
        if (listsPerTable(listable)) {
            everyBackupListed = true;
            boolean complete = true;
            for (TableState table : listable) {
                try {
                    if (!listBackups(table.name, null, this::see)) {
                        return false;
                    }
                    table.listed = true;
                } catch (RuntimeException e) {
                    // this table's listing only: the others are listed and pruned as usual
                    table.listingFailed("ListBackups failed, so no backup of this table was pruned: " + describe(e));
                    complete = false;
                }
            }
            return complete;
        }
        try {
            boolean complete = listWindows();
            if (complete) {
                listable.forEach(t -> t.listed = true);
            }
            return complete;
        } catch (RuntimeException e) {
            String error = "ListBackups failed, so no backup was pruned after that: " + describe(e);
            warnings.add(error);
            listable.forEach(t -> t.listingFailed(error));
            return false;
        }
    }

    /**
     * The account-wide listing, limited to what the decision needs (the ranges are
     * {@link ListingWindows}'): every backup created before the retention cutoff, the only ones the
     * policy may delete; then the newest day, always; then one day at a time further back while a
     * table this run may prune awaits newer slots for keep-at-least
     * ({@link RetentionPolicy#awaitsNewerSlots}, counting distinct slots and this run's backup once
     * it is made and available, or planned), or until the cutoff. The days left out lie within the
     * retention period: nothing there may be deleted, and once keep-at-least is decided nothing
     * there changes a verdict, so the run deletes what the full listing would, except a later copy
     * of a slot made in those days, which waits until it is past the cutoff (overlapping deliveries'
     * copies are found by {@link #removeConcurrentCopies}, or by the next run in its newest day).
     * Listing the newest day even when keep-at-least needs nothing of it finds a table a prefix
     * selects that vanished since the previous slot, and that slot's later copies.
     */
    private boolean listWindows() {
        ListingWindows windows = ListingWindows.of(now, slotLookbackStart(), config.retention());
        if (!pager.forEachPage(windows.expired(), this::see)) {
            return false;
        }
        for (int n = 1; ; n++) {
            Optional<BackupPager.Query> window = windows.newest(n);
            if (window.isEmpty()) {
                everyBackupListed = true;
                return true;
            }
            if (n > 1 && !awaitsNewerSlots()) {
                return true;
            }
            if (!pager.forEachPage(window.get(), this::see)) {
                return false;
            }
        }
    }

    /**
     * True while some table this run may still prune has an expired backup in view whose verdict
     * newer backups could change. This run's backup counts as the policy counts it: a table whose
     * create is still under way awaits as many newer slots as if it made none (a new backup is
     * CREATING at first, and then not counted), so that the decision never depends on how fast
     * the creates are.
     */
    private boolean awaitsNewerSlots() {
        for (TableState table : tables.values()) {
            if (table.status == TableStatus.MISSING || table.status == TableStatus.FAILED) {
                continue; // nothing of it is pruned in this run
            }
            synchronized (table) {
                if (RetentionPolicy.awaitsNewerSlots(table.name, table.seen.values(), table.fate(), now, rules)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean listsPerTable(List<TableState> listable) {
        return listable.size() <= PER_TABLE_LISTING_MAX_TABLES && config.tables().stream().noneMatch(TableSelector::prefix);
    }

    /**
     * Overlapping deliveries of one slot (Lambda may run them at once) can each create a copy
     * before any sees the other's. After this run's creates, this slot's backups are listed once
     * more; the policy then deletes every copy but the first. The run whose create ended last sees
     * every copy, so once the overlapping runs are done one copy per table remains (a copy still
     * CREATING is left to the next run, which deletes it when it is available).
     */
    private void removeConcurrentCopies() {
        List<TableState> made = tables.values().stream().filter(t -> t.created != null).toList();
        if (made.isEmpty() || config.dryRun()) {
            return;
        }
        try {
            if (listsPerTable(made)) {
                for (TableState table : made) {
                    listBackups(table.name, slotLookbackStart(), this::see);
                }
            } else {
                listBackups(null, slotLookbackStart(), this::see);
            }
        } catch (RuntimeException e) {
            warnings.add("could not look for a copy of this slot made by an overlapping run; the next run deletes any: "
                    + describe(e));
        }
    }

    private void see(List<BackupInfo> page) {
        Set<TableState> touched = new HashSet<>();
        for (BackupInfo backup : page) {
            TableState table = tables.get(backup.tableName());
            if (table != null) {
                table.see(backup);
                touched.add(table);
            } else if (isOursUnderAPrefix(backup)) {
                vanished.computeIfAbsent(backup.tableName(), TableState::new).see(backup);
            }
        }
        touched.forEach(this::prune);
    }

    private boolean isOursUnderAPrefix(BackupInfo backup) {
        return config.tables().stream().anyMatch(s -> s.prefix() && s.matches(backup.tableName()))
                && RetentionPolicy.isOurs(backup, backup.tableName(), rules);
    }

    /**
     * This run's listing of our USER backups, of one table or (tableName null) of the account,
     * paced and budgeted. Returns false if the time budget stopped it before the last page.
     */
    private boolean listBackups(String tableName, Instant createdSince, Consumer<List<BackupInfo>> pages) {
        return pager.forEachPage(new BackupPager.Query(tableName, BackupTypeFilter.USER, createdSince, null), pages);
    }

    private boolean mayListNextPage() {
        try {
            return listLimiter.acquire(budget);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Queues the deletion of whatever the policy now selects and is not queued yet. */
    private void prune(TableState table) {
        List<BackupInfo> selected;
        synchronized (table) {
            selected = RetentionPolicy.toDelete(table.name, table.seen.values(), table.fate(), now, rules).stream()
                    .filter(b -> table.queued.add(b.arn()))
                    .toList();
            if (config.dryRun()) {
                selected.forEach(b -> {
                    table.deleted.add(b.name());
                    listener.deleted(table.name, b.name());
                });
                return;
            }
            table.pendingDeletes.addAndGet(selected.size());
        }
        for (BackupInfo backup : selected) {
            deletePool.execute(() -> delete(table, backup.arn(), backup.name()));
        }
    }

    /**
     * Deletes one backup the policy selected. {@code name} is null for a deletion handed on by an
     * earlier invocation: DeleteBackup's answer names it, and one already gone is named by its ARN.
     */
    private void delete(TableState table, String arn, String name) {
        try {
            if (table.hasError()) {
                table.deleteLeft(null);
                return;
            }
            if (!deleteLimiter.acquire(budget)) {
                table.deleteLeft(arn);
                return;
            }
            String deleted = dynamo.deleteBackup(r -> r.backupArn(arn).overrideConfiguration(this::observed))
                    .backupDescription().backupDetails().backupName();
            table.deleted(arn, name != null ? name : deleted);
        } catch (BackupNotFoundException e) {
            // someone else deleted it first, or an attempt the SDK retried did: the policy's aim is met
            table.deleted(arn, name != null ? name : arn);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            table.deleteLeft(arn);
        } catch (RuntimeException e) {
            table.deleteFailed("DeleteBackup of " + (name != null ? name : arn) + " failed: " + describe(e));
        }
    }

    /**
     * A missing table's error names the backup DynamoDB kept of it at deletion (point-in-time
     * recovery on) and when DynamoDB deletes that backup: the deadline to restore it. Listed as
     * SYSTEM backups, apart from the pruning, which only ever sees USER backups of ours.
     */
    private void noteDeletedTableBackups() {
        for (TableState table : tables.values()) {
            if (!table.notFound) {
                continue;
            }
            try {
                DeletedTableBackups.find(pager, table.name).ifPresent(kept -> table.noteOnError(DeletedTableBackups.describe(kept)
                        + ": restore it before then (restore --table " + table.name + " --latest)"));
            } catch (RuntimeException e) {
                warnings.add("could not look for the backup DynamoDB keeps of the deleted table " + table.name + ": " + describe(e));
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The run's calls other than CreateBackup: retried by the SDK, and counted in the report through its metrics. */
    private void observed(AwsRequestOverrideConfiguration.Builder request) {
        request.addMetricPublisher(stats);
    }

    private static long sizeOf(Long bytes) {
        return bytes == null ? 0 : bytes;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }

    private static void awaitQuietly(ExecutorService pool) {
        pool.shutdown();
        try {
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                // keep waiting: every task ends by itself once the time budget stops new work
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Per-table state of this run; the create, listing and delete threads share it under its lock. */
    private final class TableState {
        final String name;
        final Map<String, BackupInfo> seen = new LinkedHashMap<>();
        final Set<String> queued = new HashSet<>();
        final List<String> deleted = new ArrayList<>();
        final AtomicInteger pendingDeletes = new AtomicInteger();
        /** ARNs the policy selected that the time budget kept this run from deleting: handed on. */
        final List<String> leftToDelete = new ArrayList<>();
        /** Not reached yet: ARNs to delete once this slot's backup of the table exists. */
        final List<String> dueAfterBackup = new ArrayList<>();
        /** NOT_REACHED until the backup exists (OK), failed or the table is found missing; errors of listing or deleting come on top. */
        volatile TableStatus status = TableStatus.NOT_REACHED;
        /** The dry run's backup: the one the run would make, which exists nowhere. */
        String planned;
        /** True once the listing the decision needs is complete for the table (see {@link TableReport#listed}). */
        volatile boolean listed;
        String created;
        String skipped;
        int deletesLeft;
        String error;
        /** MISSING because the table does not exist (not a prefix that matched nothing). */
        volatile boolean notFound;

        TableState(String name) {
            this.name = name;
        }

        synchronized void backedUp(String createdName, BackupInfo backup) {
            if (createdName == null) {
                skipped = backup.name();
            } else {
                created = createdName;
            }
            seen.put(backup.arn(), backup);
            status = TableStatus.OK;
            listener.backedUp(name, backup.name(), createdName == null);
        }

        /** A continuation's table whose backup for this slot an earlier invocation made. */
        synchronized void backedUpEarlier() {
            status = TableStatus.OK;
        }

        synchronized void planned(String backupName) {
            created = backupName;
            planned = backupName;
            status = TableStatus.OK;
            listener.backedUp(name, backupName, false);
        }

        /** What the policy needs of the table's status: may it prune, and is a backup only planned. */
        TableFate fate() {
            if (status != TableStatus.OK) {
                return TableFate.NOT_BACKED_UP;
            }
            return planned == null ? TableFate.BACKED_UP : TableFate.planned(planned);
        }

        synchronized void fail(TableStatus failure, String message) {
            status = failure;
            error = message;
            listener.failed(name, message);
        }

        synchronized void missing(String message) {
            notFound = true;
            fail(TableStatus.MISSING, message);
        }

        synchronized void noteOnError(String note) {
            error = error == null ? note : error + "; " + note;
        }

        synchronized void listingFailed(String message) {
            if (error == null) {
                error = message;
            }
        }

        synchronized boolean hasError() {
            return error != null;
        }

        synchronized void see(BackupInfo backup) {
            seen.put(backup.arn(), backup);
        }

        synchronized void deleted(String arn, String backupName) {
            deleted.add(backupName);
            seen.remove(arn);
            listener.deleted(name, backupName);
        }

        /** A deletion not made; {@code arn} is handed on to the next invocation, unless null (the table has an error). */
        synchronized void deleteLeft(String arn) {
            deletesLeft++;
            if (arn != null) {
                leftToDelete.add(arn);
            }
        }

        synchronized void deleteFailed(String message) {
            error = error == null ? message : error + "; " + message;
            listener.failed(name, message);
        }

        synchronized TableReport report() {
            int kept = (int) seen.values().stream().filter(b -> RetentionPolicy.isOurs(b, name, rules)).count()
                    + (planned == null ? 0 : 1);
            Instant lastBackup = seen.values().stream()
                    .filter(b -> RetentionPolicy.isOurs(b, name, rules) && b.isAvailable())
                    .map(BackupInfo::created).max(Instant::compareTo).orElse(null);
            if (config.dryRun()) {
                kept -= deleted.size();
            }
            TableStatus reported = status != TableStatus.MISSING && error != null ? TableStatus.FAILED : status;
            // with days left out, a table with no backup of ours in view may still have one there
            boolean listedEnough = listed && (everyBackupListed || lastBackup != null);
            return new TableReport(name, reported, created, skipped, deleted, kept, listedEnough, deletesLeft, lastBackup, error);
        }
    }
}
