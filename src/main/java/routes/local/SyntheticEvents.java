package routes.local;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Makes event logs shaped like the ones the Rails apps publish (see {@code examples/events.ndjson}):
 * a UUID {@code event_id}, a skewed {@code event_key}, {@code occurred_at} with millisecond precision and
 * the apps' zone offset, the emitting process, a request id, the actor and a nested {@code data} object
 * that carries personal data for employee, bank-account and session events.
 *
 * <p>Everything but the clock comes from one seeded random source, so a seed and a fixed clock give
 * the same bytes every time. Not thread-safe: one instance per producing thread.
 */
public final class SyntheticEvents {

    /** Average size of an event when nobody asks for another, close to the apps' own average. */
    public static final int DEFAULT_EVENT_BYTES = 350;
    /** Distinct event keys when nobody asks for another: the named keys plus a modest tail. */
    public static final int DEFAULT_DISTINCT_KEYS = 100;
    /** The zone the apps stamp events in (their {@code Time.zone}); the sample shows -05:00 in November. */
    public static final ZoneId APP_ZONE = ZoneId.of("America/New_York");

    private static final int MAX_EVENT_BYTES = 1_000_000;
    private static final DateTimeFormatter OCCURRED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx");

    private static final String[] PLANS = {"basic", "plus", "premium"};
    private static final String[] ACTOR_TYPES = {"User", "Admin", "System"};
    private static final byte[][] NAMES = utf8("Ana", "Bo", "Chloé", "Zoë", "Émile", "Ольга", "李", "Đặng",
            "James", "Maria", "Søren", "Nguyễn", "Priya", "José", "Ömer", "Sarah", "Kwame", "Yuki");
    private static final String[] USER_AGENTS = {
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15"};
    private static final String[] NOTE_WORDS = {"payroll", "approved", "pending", "the", "employee", "request",
            "for", "company", "updated", "by", "admin", "review", "period", "schedule", "and", "benefit"};

    private final SplittableRandom random;
    private final Clock clock;
    private final DateTimeFormatter occurredAt;
    private final EventKeys keys;
    private final int targetBytes;
    private final JsonBytes out = new JsonBytes(512);

    private long seq;
    private long totalBytes;
    private String lastEventKey;

    /** Events stamped with the current time in {@link #APP_ZONE}. */
    public SyntheticEvents(long seed, int distinctKeys, int targetBytes) {
        this(seed, distinctKeys, targetBytes, Clock.system(APP_ZONE));
    }

    /**
     * @param seed         seeds every random choice
     * @param distinctKeys at most this many distinct event keys appear (at least 1)
     * @param targetBytes  average serialized size to pad towards with {@code data.note}, in bytes;
     *                     events are never shrunk, so a target below the natural size (~340) is not reached
     * @param clock        source of "now" and of the zone offset written into {@code occurred_at}
     */
    public SyntheticEvents(long seed, int distinctKeys, int targetBytes, Clock clock) {
        if (targetBytes < 0 || targetBytes > MAX_EVENT_BYTES) {
            throw new IllegalArgumentException("targetBytes must be 0.." + MAX_EVENT_BYTES + ": " + targetBytes);
        }
        this.random = new SplittableRandom(seed);
        this.keys = new EventKeys(distinctKeys);
        this.targetBytes = targetBytes;
        this.clock = clock;
        this.occurredAt = OCCURRED_AT.withZone(clock.getZone());
    }

    /** One event with a random UUID as {@code event_id}. */
    public byte[] next() {
        return build(null);
    }

    /** One event with the given {@code event_id} (escaped as needed). */
    public byte[] next(String eventId) {
        return build(eventId);
    }

    /** The {@code event_key} of the event last returned, or null before the first. */
    public String lastEventKey() {
        return lastEventKey;
    }

    private byte[] build(String eventId) {
        EventKeys.Pick key = keys.pick(random);
        out.reset();
        out.raw("{\"event_id\":");
        if (eventId == null) {
            out.raw("\"").uuid(random.nextLong(), random.nextLong(), true).raw("\"");
        } else {
            out.string(eventId);
        }
        out.raw(",\"event_key\":\"").raw(key.name())
                .raw("\",\"occurred_at\":\"").raw(occurredAt.format(Instant.ofEpochMilli(occurredAtMillis())))
                .raw("\",\"source\":\"").raw(source(key.kind()))
                .raw("\",\"request_id\":\"").uuid(random.nextLong(), random.nextLong(), false)
                .raw("\",\"actor\":{\"type\":\"")
                .raw(key.kind() == Kind.HEARTBEAT ? "System" : ACTOR_TYPES[random.nextInt(ACTOR_TYPES.length)])
                .raw("\",\"id\":").number(1 + random.nextInt(1_000_000))
                .raw("},\"data\":{");
        writeData(key.kind());
        pad();
        out.raw("}}");
        lastEventKey = key.name();
        totalBytes += out.size();
        return out.toByteArray();
    }

    /** Most events are stamped a few milliseconds before they are published; a few (retried jobs) seconds. */
    private long occurredAtMillis() {
        long lag = random.nextInt(50);
        if (random.nextInt(100) < 2) {
            lag += 1_000 + random.nextInt(29_000);
        }
        return clock.millis() - lag;
    }

    private String source(Kind kind) {
        if (kind == Kind.HEARTBEAT || random.nextInt(100) < 36) {
            return "sidekiq-" + (1 + random.nextInt(4));
        }
        return "rails-web-" + (1 + random.nextInt(6));
    }

    private void writeData(Kind kind) {
        if (kind == Kind.HEARTBEAT) {
            out.raw("\"seq\":").number(seq++)
                    .raw(",\"busy\":").number(random.nextInt(25))
                    .raw(",\"queue_latency_ms\":").number(random.nextInt(2_000));
            return;
        }
        out.raw("\"company_id\":").number(1 + random.nextInt(4_000))
                .raw(",\"plan\":\"").raw(PLANS[random.nextInt(PLANS.length)])
                .raw("\",\"seq\":").number(seq++);
        switch (kind) {
            case PAYROLL -> out.raw(",\"gross_amount_cents\":").number(1_000_000 + random.nextLong(999_000_000))
                    .raw(",\"employees\":").number(1 + random.nextInt(500));
            case EMPLOYEE -> writeEmployee();
            case BANK_ACCOUNT -> out.raw(",\"bank_account\":{\"routing_number\":\"021000")
                    .digits(random.nextInt(1_000), 3)
                    .raw("\",\"account_number\":\"").number(1 + random.nextInt(9)).digits(random.nextInt(1_000_000_000), 9)
                    .raw("\"}");
            case SESSION -> out.raw(",\"ip\":\"203.0.113.").number(1 + random.nextInt(254))
                    .raw("\",\"user_agent\":\"").raw(USER_AGENTS[random.nextInt(USER_AGENTS.length)]).raw("\"");
            default -> { }
        }
    }

    private void writeEmployee() {
        out.raw(",\"employee\":{\"id\":").number(1 + random.nextInt(1_000_000))
                .raw(",\"email\":\"person").number(1 + random.nextInt(1_000_000)).raw("@example.com")
                .raw("\",\"ssn\":\"").digits(100 + random.nextInt(800), 3)
                .raw("-").digits(1 + random.nextInt(99), 2)
                .raw("-").digits(1 + random.nextInt(9_999), 4)
                .raw("\",\"date_of_birth\":\"").number(1950 + random.nextInt(56))
                .raw("-").digits(1 + random.nextInt(12), 2)
                .raw("-").digits(1 + random.nextInt(28), 2)
                .raw("\",\"name\":\"").utf8(NAMES[random.nextInt(NAMES.length)])
                .raw("\"}");
    }

    /**
     * Appends {@code "note"} so that the running average meets the target: each event aims at the
     * target plus what earlier events fell short (bounded), with some jitter so sizes still vary.
     */
    private void pad() {
        if (targetBytes == 0) {
            return;
        }
        long earlierEvents = seq - 1;
        long owed = Math.max(-targetBytes, Math.min(targetBytes, targetBytes * earlierEvents - totalBytes));
        long jitter = random.nextInt(targetBytes / 5 + 1) - targetBytes / 10;
        long desired = targetBytes + owed + jitter;
        int noteOverhead = ",\"note\":\"\"".length();
        long noteLength = desired - (out.size() + 2) - noteOverhead;
        if (noteLength < 1) {
            return;
        }
        out.raw(",\"note\":\"");
        long end = out.size() + noteLength;
        while (out.size() < end) {
            String word = NOTE_WORDS[random.nextInt(NOTE_WORDS.length)];
            out.raw(word, (int) Math.min(word.length(), end - out.size()));
            if (out.size() < end) {
                out.raw(" ");
            }
        }
        out.raw("\"");
    }

    private static byte[][] utf8(String... values) {
        return Arrays.stream(values).map(v -> v.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    /** What an event carries in {@code data} besides company, plan and sequence number. */
    enum Kind { PLAIN, PAYROLL, EMPLOYEE, BANK_ACCOUNT, SESSION, HEARTBEAT }
}
