package dev.notesbackup.testsupport;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * An HTTP proxy in front of moto that behaves more like AWS DynamoDB: per-operation rate limits,
 * latency, injected faults, real ListBackups filtering and paging, and a virtual clock for backup
 * creation times. Point an SDK client's endpoint at {@link #endpoint()}.
 *
 * <p>The operation is the suffix of the {@code X-Amz-Target: DynamoDB_20120810.<Op>} header;
 * other requests (other services, moto's own API) are forwarded untouched. For a DynamoDB call
 * the order is: latency, then an injected fault that answers without forwarding, then the rate
 * limit, then the call goes to moto, then a fault that answers after forwarding. All settings can
 * be changed while calls are in flight.
 *
 * <p>{@link #inMemory()} makes the same proxy without moto: an {@link InMemoryBackupPlane} answers
 * the DynamoDB calls where moto would ("forwarded" then counts the calls the plane answered), fast
 * enough for the account maximum's 380,000 backups; requests that are not DynamoDB calls get an error.
 */
public final class AwsLimitsProxy implements AutoCloseable {
    static final String TARGET_PREFIX = "DynamoDB_20120810.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    /** An injected failure. */
    public enum Fault {
        /** 400 ThrottlingException (the SDK's {@code isThrottlingException()} is true). */
        THROTTLING(400, "com.amazon.coral.availability#ThrottlingException",
                "Rate of requests exceeds the allowed throughput.", Effect.ANSWER, false),
        /** 400 LimitExceededException. */
        LIMIT_EXCEEDED(400, "com.amazonaws.dynamodb.v20120810#LimitExceededException",
                "Too many operations for a given subscriber.", Effect.ANSWER, false),
        /** 400 BackupInUseException. */
        BACKUP_IN_USE(400, "com.amazonaws.dynamodb.v20120810#BackupInUseException",
                "There is another ongoing conflicting backup control plane operation on the table."
                        + " The backup is either being created, deleted or restored to a table.", Effect.ANSWER, false),
        /** 500 InternalServerError. */
        INTERNAL_ERROR(500, "com.amazonaws.dynamodb.v20120810#InternalServerError",
                "Internal server error", Effect.ANSWER, false),
        /** The connection is closed without a response: the client sees an I/O error. */
        CONNECTION_RESET(0, null, null, Effect.CLOSE, false),
        /** The request is held for {@link #timeoutHold(Duration)}, then closed without an answer. */
        TIMEOUT(0, null, null, Effect.HOLD, false),
        /** Like {@link #INTERNAL_ERROR}, but moto DID perform the call first. */
        INTERNAL_ERROR_AFTER_FORWARD(500, "com.amazonaws.dynamodb.v20120810#InternalServerError",
                "Internal server error", Effect.ANSWER, true),
        /** Like {@link #CONNECTION_RESET}, but moto DID perform the call first. */
        CONNECTION_RESET_AFTER_FORWARD(0, null, null, Effect.CLOSE, true),
        /** Like {@link #TIMEOUT}, but moto DID perform the call first. */
        TIMEOUT_AFTER_FORWARD(0, null, null, Effect.HOLD, true);

        enum Effect { ANSWER, CLOSE, HOLD }

        private final int status;
        private final String errorType;
        private final String message;
        private final Effect effect;
        private final boolean afterForward;

        Fault(int status, String errorType, String message, Effect effect, boolean afterForward) {
            this.status = status;
            this.errorType = errorType;
            this.message = message;
            this.effect = effect;
            this.afterForward = afterForward;
        }

        /** HTTP status of the error answer, or 0 when there is no answer. */
        public int status() {
            return status;
        }

        /** The {@code __type} of the error answer, or null when there is no answer. */
        public String errorType() {
            return errorType;
        }

        /** The message of the error answer, as AWS words it, or null when there is no answer. */
        public String message() {
            return message;
        }

        /** True if the call reaches moto or the plane (and takes effect there) before the client is failed. */
        public boolean afterForward() {
            return afterForward;
        }

        /** True if the client gets an error response (rather than a broken or stalled connection). */
        public boolean answers() {
            return effect == Effect.ANSWER;
        }
    }

    /**
     * Counters of one operation.
     *
     * @param received calls that reached the proxy
     * @param forwarded calls passed on to moto (or answered by the in-memory plane)
     * @param throttled calls answered by a rate limit
     * @param faulted calls that got an injected fault
     */
    public record OpStats(long received, long forwarded, long throttled, long faulted) {
        public static final OpStats ZERO = new OpStats(0, 0, 0, 0);
    }

    static {
        // The JDK server writes headers and body separately; with Nagle on, the client's delayed
        // ACK adds ~40 ms to every call. Read once, when the first HttpServer is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "keep-alive",
            "transfer-encoding", "te", "trailer", "upgrade", "expect", "proxy-connection", "proxy-authorization",
            "proxy-authenticate", "accept-encoding", "date");

    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    /** moto's endpoint, or null when {@link #plane} answers. */
    private final String upstream;
    private final InMemoryBackupPlane plane;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http;
    private final URI endpoint;

    private final Map<String, OpRules> rules = new ConcurrentHashMap<>();
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();
    private final Map<String, Instant> backupTimes = new ConcurrentHashMap<>();
    private final Map<String, BackupListing.Key> issuedCursors = new ConcurrentHashMap<>();
    private volatile Latency defaultLatency;
    private volatile Random random = new Random(42);
    private volatile Random latencyRandom = new Random(43);
    private final AtomicLong requestIds = new AtomicLong();
    private volatile Duration timeoutHold = Duration.ofSeconds(15);
    private volatile boolean pageListBackups = true;
    private volatile int defaultListBackupsLimit = BackupListing.MAX_LIMIT;
    private volatile Supplier<Instant> virtualClock;
    private volatile int listTablesPageSize;

    private AwsLimitsProxy(URI upstream, InMemoryBackupPlane plane) throws IOException {
        String base = upstream == null ? null : upstream.toString();
        this.upstream = base != null && base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.plane = plane;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "aws-limits-proxy-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        this.server.createContext("/", this::handle);
        this.server.setExecutor(executor);
        this.server.start();
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Starts a proxy on a free loopback port, forwarding to {@code upstream} (moto's endpoint). */
    public static AwsLimitsProxy start(URI upstream) {
        return open(Objects.requireNonNull(upstream, "upstream"), null);
    }

    /** Starts a proxy on a free loopback port whose DynamoDB calls a new {@link InMemoryBackupPlane} answers. */
    public static AwsLimitsProxy inMemory() {
        return inMemory(new InMemoryBackupPlane());
    }

    /** Starts a proxy on a free loopback port whose DynamoDB calls {@code plane} answers. */
    public static AwsLimitsProxy inMemory(InMemoryBackupPlane plane) {
        return open(null, Objects.requireNonNull(plane, "plane"));
    }

    private static AwsLimitsProxy open(URI upstream, InMemoryBackupPlane plane) {
        try {
            return new AwsLimitsProxy(upstream, plane);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the proxy", e);
        }
    }

    /** The plane that answers this proxy's DynamoDB calls; only for a proxy started by {@link #inMemory()}. */
    public InMemoryBackupPlane plane() {
        if (plane == null) {
            throw new IllegalStateException("this proxy forwards to moto at " + upstream + "; AwsLimitsProxy.inMemory() has a plane");
        }
        return plane;
    }

    /** Where clients should send their calls. */
    public URI endpoint() {
        return endpoint;
    }

    // ---- rate limits ------------------------------------------------------------------------

    /** At most {@code perSecond} calls of {@code op} a second (burst: one second's worth); more are throttled. */
    public AwsLimitsProxy rateLimit(String op, double perSecond) {
        return rateLimit(op, perSecond, Fault.THROTTLING);
    }

    /** Like {@link #rateLimit(String, double)}, answering excess calls with {@code answer} (e.g. LIMIT_EXCEEDED). */
    public AwsLimitsProxy rateLimit(String op, double perSecond, Fault answer) {
        if (!answer.answers() || answer.afterForward()) {
            throw new IllegalArgumentException("a rate limit answers with an error response, not " + answer);
        }
        OpRules r = rulesOf(op);
        r.limiter = new TokenBucket(perSecond, System::nanoTime);
        r.limitAnswer = answer;
        return this;
    }

    /** AWS's backup API limits: CreateBackup 50/s, DeleteBackup 10/s, ListBackups 5/s. */
    public AwsLimitsProxy awsBackupLimits() {
        return rateLimit("CreateBackup", 50).rateLimit("DeleteBackup", 10).rateLimit("ListBackups", 5);
    }

    // ---- latency ----------------------------------------------------------------------------

    /** Every call of {@code op} waits {@code fixed} before it is handled. */
    public AwsLimitsProxy latency(String op, Duration fixed) {
        return latency(op, fixed, fixed);
    }

    /** Every call of {@code op} waits a random time in [min, max] before it is handled. */
    public AwsLimitsProxy latency(String op, Duration min, Duration max) {
        rulesOf(op).latency = new Latency(min, max);
        return this;
    }

    /** Every DynamoDB call without a latency of its own waits {@code fixed}. */
    public AwsLimitsProxy latencyAll(Duration fixed) {
        defaultLatency = new Latency(fixed, fixed);
        return this;
    }

    // ---- faults -----------------------------------------------------------------------------

    /** Each call of {@code op} fails with {@code fault} with probability {@code rate} (0..1). */
    public AwsLimitsProxy fault(String op, Fault fault, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be within 0..1: " + rate);
        }
        rulesOf(op).faults.add(new FaultRule(fault, rate, 0, 0));
        return this;
    }

    /**
     * The {@code nth} call of {@code op} (1-based, counting every call of {@code op} the proxy
     * receives from now on, including throttled and faulted ones) fails with {@code fault}.
     */
    public AwsLimitsProxy faultOnCall(String op, Fault fault, int nth) {
        return faultBurst(op, fault, nth, 1);
    }

    /** Calls {@code fromNth} .. {@code fromNth + count - 1} of {@code op} (counted as in {@link #faultOnCall}) fail. */
    public AwsLimitsProxy faultBurst(String op, Fault fault, int fromNth, int count) {
        if (fromNth < 1 || count < 1) {
            throw new IllegalArgumentException("calls are counted from 1 and a burst has at least one call");
        }
        rulesOf(op).faults.add(new FaultRule(fault, -1, fromNth, count));
        return this;
    }

    /**
     * Every call of {@code op} whose request body contains {@code text} fails with {@code fault}:
     * a fault for one table, e.g. {@code "\"notes-7\""}. Such calls do not count towards the Nth-call rules.
     */
    public AwsLimitsProxy faultWhenBodyContains(String op, Fault fault, String text) {
        rulesOf(op).faults.add(0, new FaultRule(fault, -1, 0, 0, Objects.requireNonNull(text)));
        return this;
    }

    /** Seeds the random sources of {@link #fault(String, Fault, double)} and of random latency. */
    public AwsLimitsProxy seed(long seed) {
        random = new Random(seed);
        latencyRandom = new Random(seed + 1);
        return this;
    }

    /** How long a TIMEOUT fault holds the request before closing it (default 15 s). */
    public AwsLimitsProxy timeoutHold(Duration hold) {
        timeoutHold = Objects.requireNonNull(hold);
        return this;
    }

    // ---- ListBackups ------------------------------------------------------------------------

    /**
     * When on (the default), ListBackups gets AWS semantics moto lacks: BackupType (default USER),
     * TimeRangeLowerBound (inclusive) / TimeRangeUpperBound (exclusive), order by creation time
     * then ARN, and paging with Limit / ExclusiveStartBackupArn / LastEvaluatedBackupArn.
     * The in-memory plane always answers so.
     */
    public AwsLimitsProxy pageListBackups(boolean on) {
        pageListBackups = on;
        return this;
    }

    /** Page size of a ListBackups call without Limit (default 100, as AWS). */
    public AwsLimitsProxy defaultListBackupsLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        defaultListBackupsLimit = limit;
        return this;
    }

    /** ListTables answers at most {@code size} names a page (AWS: 100), so paging shows with fewer tables. */
    public AwsLimitsProxy listTablesPageSize(int size) {
        if (size < 1 || size > 100) {
            throw new IllegalArgumentException("page size must be within 1..100: " + size);
        }
        listTablesPageSize = size;
        return this;
    }

    // ---- virtual clock ----------------------------------------------------------------------

    /**
     * Backups created through the proxy from now on get the clock's time as their creation time,
     * in CreateBackup, ListBackups (before filtering and sorting), DescribeBackup and DeleteBackup
     * responses. Null turns the clock off (times already recorded stay). In memory, the plane's
     * CreateBackup takes its times from the clock (null: the system clock).
     */
    public AwsLimitsProxy virtualClock(Supplier<Instant> clock) {
        virtualClock = clock;
        if (plane != null) {
            plane.clock(clock == null ? Instant::now : clock);
        }
        return this;
    }

    /** Makes the backup {@code arn} (made in moto behind the proxy's back) appear created at {@code created}. */
    public AwsLimitsProxy seedBackupTime(String arn, Instant created) {
        requireMoto("seedBackupTime", "seed backups with plane().addBackup(table, name, created)");
        backupTimes.put(Objects.requireNonNull(arn), Objects.requireNonNull(created));
        return this;
    }

    /** The creation time the proxy reports for {@code arn}, if it rewrites it (in memory: the plane's, if it holds the backup). */
    public Instant backupTime(String arn) {
        if (plane != null) {
            return plane.backup(arn).map(InMemoryBackupPlane.Backup::created).orElse(null);
        }
        return backupTimes.get(arn);
    }

    /** Forgets every recorded backup time (e.g. after a moto reset). */
    public AwsLimitsProxy clearBackupTimes() {
        requireMoto("clearBackupTimes", "the plane's times are its backups' own");
        backupTimes.clear();
        return this;
    }

    private void requireMoto(String method, String instead) {
        if (plane != null) {
            throw new IllegalStateException(method + " rewrites moto's backup times; this proxy is in memory: " + instead);
        }
    }

    // ---- counters and rules -----------------------------------------------------------------

    /** Counters per DynamoDB operation, by name. */
    public Map<String, OpStats> stats() {
        Map<String, OpStats> out = new TreeMap<>();
        counters.forEach((op, c) -> out.put(op, c.snapshot()));
        return out;
    }

    /** Counters of one operation (zeros if it was never called). */
    public OpStats stats(String op) {
        Counters c = counters.get(op);
        return c == null ? OpStats.ZERO : c.snapshot();
    }

    public AwsLimitsProxy resetStats() {
        counters.clear();
        return this;
    }

    /** Removes rate limits, latency and faults; ListBackups paging and recorded backup times stay. */
    public AwsLimitsProxy clearRules() {
        rules.clear();
        defaultLatency = null;
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "AwsLimitsProxy[" + endpoint + " -> " + (plane != null ? "in-memory backup plane" : upstream) + "]";
    }

    // ---- handling ---------------------------------------------------------------------------

    private void handle(HttpExchange exchange) {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String op = operation(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            if (op == null && plane != null) {
                respondError(exchange, 400, DynamoDbError.UNKNOWN_OPERATION, "The in-memory backup plane answers DynamoDB"
                        + " calls (X-Amz-Target: " + TARGET_PREFIX + "<Operation>) only, not " + exchange.getRequestMethod()
                        + " " + exchange.getRequestURI());
                return;
            }
            if (op == null) {
                Upstream response = forward(exchange, body);
                respond(exchange, response.status, response.headers, response.body, false);
                return;
            }
            handleDynamoDb(exchange, op, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: the exchange closes without an answer
        } catch (IOException | RuntimeException e) {
            tryRespondError(exchange, 502, "ProxyError", "proxy could not complete the call: " + e);
        } finally {
            exchange.close(); // without a response sent, this closes the connection
        }
    }

    private void handleDynamoDb(HttpExchange exchange, String op, byte[] body) throws IOException, InterruptedException {
        Counters count = counters.computeIfAbsent(op, k -> new Counters());
        count.received.increment();
        OpRules opRules = rules.get(op);
        Fault fault = opRules == null ? null : opRules.pickFault(random, new String(body, StandardCharsets.UTF_8));

        Latency latency = opRules != null && opRules.latency != null ? opRules.latency : defaultLatency;
        if (latency != null) {
            sleep(latency.pick(latencyRandom));
        }
        if (fault != null && !fault.afterForward) {
            count.faulted.increment();
            inject(exchange, fault);
            return;
        }
        if (opRules != null && opRules.limiter != null && !opRules.limiter.tryAcquire()) {
            count.throttled.increment();
            Fault answer = opRules.limitAnswer;
            respondError(exchange, answer.status, answer.errorType, answer.message);
            return;
        }

        Upstream response;
        if (plane != null) {
            response = answerInMemory(op, "ListTables".equals(op) ? limitListTables(body) : body);
            count.forwarded.increment();
        } else if ("ListBackups".equals(op) && pageListBackups) {
            response = listBackups(exchange, body, count);
            if (response == null) {
                return; // answered with a validation error
            }
        } else {
            response = forward(exchange, "ListTables".equals(op) ? limitListTables(body) : body);
            count.forwarded.increment();
            response = rewriteBackupTimes(op, response);
        }
        if (fault != null) {
            count.faulted.increment();
            inject(exchange, fault);
            return;
        }
        respond(exchange, response.status, response.headers, response.body, response.rewritten);
    }

    /** The plane's answer, or its error, as the HTTP response AWS would give. */
    private Upstream answerInMemory(String op, byte[] body) throws IOException {
        JsonNode request = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        Map<String, List<String>> headers = Map.of("Content-Type", List.of(CONTENT_TYPE),
                "x-amzn-RequestId", List.of("plane-" + requestIds.incrementAndGet()));
        try {
            return new Upstream(200, headers, json.writeValueAsBytes(plane.answer(op, request, defaultListBackupsLimit)), true);
        } catch (DynamoDbError e) {
            return new Upstream(e.status(), headers, errorBody(e.type(), e.getMessage()), true);
        }
    }

    /** ListBackups with AWS semantics: moto gets the call without the fields it ignores. */
    private Upstream listBackups(HttpExchange exchange, byte[] body, Counters count) throws IOException, InterruptedException {
        ObjectNode request = body.length == 0 ? json.createObjectNode() : (ObjectNode) json.readTree(body);
        BackupListing.Request listing;
        try {
            listing = BackupListing.Request.parse(request, defaultListBackupsLimit);
        } catch (DynamoDbError e) {
            respondError(exchange, e);
            return null;
        }
        String startArn = listing.exclusiveStartBackupArn();

        ObjectNode forwarded = request.deepCopy();
        forwarded.remove(List.of("BackupType", "Limit", "TimeRangeLowerBound", "TimeRangeUpperBound", "ExclusiveStartBackupArn"));
        Upstream response = forward(exchange, json.writeValueAsBytes(forwarded));
        count.forwarded.increment();
        if (response.status != 200) {
            return response;
        }
        JsonNode parsed = json.readTree(response.body);
        List<ObjectNode> summaries = new ArrayList<>();
        parsed.path("BackupSummaries").forEach(node -> summaries.add((ObjectNode) node));
        summaries.forEach(summary -> rewriteTime(summary, "BackupArn"));

        BackupListing.Key startAfter = null;
        if (startArn != null) {
            startAfter = summaries.stream()
                    .filter(s -> startArn.equals(s.path("BackupArn").asText()))
                    .map(BackupListing.Key::of)
                    .findFirst()
                    .orElseGet(() -> issuedCursors.get(startArn));
            if (startAfter == null) {
                respondError(exchange, listing.invalidStart());
                return null;
            }
        }
        BackupListing.Page page = BackupListing.page(summaries, listing.query(startAfter));
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("BackupSummaries");
        page.summaries().forEach(list::add);
        if (page.lastEvaluatedBackupArn() != null) {
            String last = page.lastEvaluatedBackupArn();
            out.put("LastEvaluatedBackupArn", last);
            page.summaries().stream().filter(s -> last.equals(s.path("BackupArn").asText())).findFirst()
                    .ifPresent(s -> issuedCursors.put(last, BackupListing.Key.of(s)));
        }
        return new Upstream(200, response.headers, json.writeValueAsBytes(out), true);
    }

    private byte[] limitListTables(byte[] body) throws IOException {
        int size = listTablesPageSize;
        if (size == 0) {
            return body;
        }
        ObjectNode request = body.length == 0 ? json.createObjectNode() : (ObjectNode) json.readTree(body);
        request.put("Limit", Math.min(size, request.path("Limit").asInt(100)));
        return json.writeValueAsBytes(request);
    }

    /** Records (CreateBackup, with a virtual clock) and rewrites backup creation times. */
    private Upstream rewriteBackupTimes(String op, Upstream response) throws IOException {
        if (response.status != 200) {
            return response;
        }
        Supplier<Instant> clock = virtualClock;
        String path;
        switch (op) {
            case "CreateBackup" -> path = "/BackupDetails";
            case "DescribeBackup", "DeleteBackup" -> path = "/BackupDescription/BackupDetails";
            default -> {
                return response;
            }
        }
        if (clock == null && backupTimes.isEmpty()) {
            return response;
        }
        JsonNode parsed = json.readTree(response.body);
        JsonNode details = parsed.at(path);
        if (!details.isObject()) {
            return response;
        }
        String arn = details.path("BackupArn").asText(null);
        if ("CreateBackup".equals(op) && clock != null && arn != null) {
            backupTimes.put(arn, clock.get());
        }
        if (!rewriteTime((ObjectNode) details, "BackupArn")) {
            return response;
        }
        return new Upstream(response.status, response.headers, json.writeValueAsBytes(parsed), true);
    }

    private boolean rewriteTime(ObjectNode backup, String arnField) {
        Instant time = backupTimes.get(backup.path(arnField).asText(""));
        if (time == null) {
            return false;
        }
        backup.put("BackupCreationDateTime", epochSeconds(time));
        return true;
    }

    /** Epoch seconds with millisecond decimals, as DynamoDB (and moto) write timestamps. */
    static BigDecimal epochSeconds(Instant time) {
        return BigDecimal.valueOf(time.toEpochMilli(), 3);
    }

    private Upstream forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        URI uri = exchange.getRequestURI();
        String target = upstream + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(),
                        body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                for (String value : values) {
                    try {
                        request.header(name, value);
                    } catch (IllegalArgumentException restricted) {
                        // a header java.net.http will not send; moto does not need it
                    }
                }
            }
        });
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Upstream(response.statusCode(), response.headers().map(), response.body(), false);
    }

    private void inject(HttpExchange exchange, Fault fault) throws InterruptedException, IOException {
        switch (fault.effect) {
            case ANSWER -> respondError(exchange, fault.status, fault.errorType, fault.message);
            case CLOSE -> {
                // returning without a response: closing the exchange closes the connection
            }
            case HOLD -> sleep(timeoutHold);
        }
    }

    private byte[] errorBody(String type, String message) throws IOException {
        return json.writeValueAsBytes(json.createObjectNode().put("__type", type).put("message", message));
    }

    private void respondError(HttpExchange exchange, DynamoDbError error) throws IOException {
        respondError(exchange, error.status(), error.type(), error.getMessage());
    }

    private void respondError(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", "proxy-" + requestIds.incrementAndGet());
        byte[] bytes = errorBody(type, message);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void tryRespondError(HttpExchange exchange, int status, String type, String message) {
        try {
            respondError(exchange, status, type, message);
        } catch (IOException | RuntimeException ignored) {
            // headers were sent already, or the client is gone
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body,
                                boolean rewritten) throws IOException {
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !lower.startsWith(":") && !(rewritten && "x-amz-crc32".equals(lower))) {
                exchange.getResponseHeaders().put(name, new ArrayList<>(values));
            }
        });
        if (rewritten) {
            CRC32 crc = new CRC32();
            crc.update(body);
            exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    static String operation(String target) {
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            return null;
        }
        return target.substring(TARGET_PREFIX.length());
    }

    private OpRules rulesOf(String op) {
        return rules.computeIfAbsent(Objects.requireNonNull(op, "op"), k -> new OpRules());
    }

    private static void sleep(Duration duration) throws InterruptedException {
        long millis = duration.toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private record Upstream(int status, Map<String, List<String>> headers, byte[] body, boolean rewritten) {
    }

    private record Latency(Duration min, Duration max) {
        Latency {
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("latency needs 0 <= min <= max: " + min + ", " + max);
            }
        }

        Duration pick(Random random) {
            long span = max.toNanos() - min.toNanos();
            return span == 0 ? min : min.plusNanos(random.nextLong(span + 1));
        }
    }

    /** A fault by probability ({@code rate >= 0}) or by call number. */
    private static final class FaultRule {
        final Fault fault;
        final double rate;
        final long fromNth;
        final long count;
        final String bodyContains;
        final AtomicLong seen = new AtomicLong();

        FaultRule(Fault fault, double rate, long fromNth, long count) {
            this(fault, rate, fromNth, count, null);
        }

        FaultRule(Fault fault, double rate, long fromNth, long count, String bodyContains) {
            this.fault = Objects.requireNonNull(fault, "fault");
            this.rate = rate;
            this.fromNth = fromNth;
            this.count = count;
            this.bodyContains = bodyContains;
        }

        boolean fires(Random random, String body) {
            if (bodyContains != null) {
                return body.contains(bodyContains);
            }
            long n = seen.incrementAndGet();
            if (rate >= 0) {
                return random.nextDouble() < rate;
            }
            return n >= fromNth && n < fromNth + count;
        }
    }

    private static final class OpRules {
        volatile TokenBucket limiter;
        volatile Fault limitAnswer = Fault.THROTTLING;
        volatile Latency latency;
        final List<FaultRule> faults = new CopyOnWriteArrayList<>();

        /** A body rule that matches wins alone; otherwise every counting rule counts the call and the first that fires wins. */
        Fault pickFault(Random random, String body) {
            for (FaultRule rule : faults) {
                if (rule.bodyContains != null && rule.fires(random, body)) {
                    return rule.fault; // a call for a faulted table: the counting rules do not see it
                }
            }
            Fault picked = null;
            for (FaultRule rule : faults) {
                if (rule.bodyContains != null) {
                    continue;
                }
                if (rule.fires(random, body) && picked == null) {
                    picked = rule.fault;
                }
            }
            return picked;
        }
    }

    private static final class Counters {
        final LongAdder received = new LongAdder();
        final LongAdder forwarded = new LongAdder();
        final LongAdder throttled = new LongAdder();
        final LongAdder faulted = new LongAdder();

        OpStats snapshot() {
            return new OpStats(received.sum(), forwarded.sum(), throttled.sum(), faulted.sum());
        }
    }
}
