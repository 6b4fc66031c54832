package routes.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.local.SyntheticEvents;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;

/**
 * Builds reconcile fixtures from {@link SyntheticEvents}: a new table of the contract's shape (jsonb payload)
 * and a legacy table with its own column names (uuid, name, ts, doc as text, ingested_at) whose payloads are
 * re-serialized with sorted keys and indentation, as another shipper would write them.
 */
final class LegacyFixture {

    static final String LEGACY_COLUMNS_DDL = "(uuid varchar(64) NOT NULL, name varchar(128) NOT NULL,"
            + " ts timestamptz NOT NULL, doc text NOT NULL, ingested_at timestamptz NOT NULL)";
    static final String NEW_COLUMNS_DDL = "(event_id varchar(64) NOT NULL, event_key varchar(128) NOT NULL,"
            + " occurred_at timestamptz NOT NULL, loaded_at timestamptz NOT NULL, batch_id varchar(128) NOT NULL,"
            + " payload jsonb NOT NULL)";

    static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper LEGACY_JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).enable(SerializationFeature.INDENT_OUTPUT);

    /** One event as both pipelines would store it. */
    record Event(String id, String key, Instant occurredAt, ObjectNode payload) {
        String legacyDoc() {
            try {
                // Sorted keys and indentation: a different text for the same JSON.
                return LEGACY_JSON.writeValueAsString(JSON.treeToValue(payload, Object.class));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private LegacyFixture() {
    }

    /** {@code count} events evenly spread over {@code [from, from + span)}, from one seed. */
    static List<Event> events(long seed, int count, Instant from, Duration span) {
        MovableClock clock = new MovableClock();
        SyntheticEvents generator = new SyntheticEvents(seed, 20, 0, clock);
        long stepMs = span.toMillis() / count;
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> {
            clock.now = from.plusMillis(i * stepMs + 60); // occurred_at lags "now" by < 50 ms
            return parse(generator.next());
        }).toList();
    }

    static Event parse(byte[] json) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(json);
            return new Event(node.get("event_id").asText(), node.get("event_key").asText(),
                    OffsetDateTime.parse(node.get("occurred_at").asText()).toInstant(), node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void createNew(DataSource ds, String table) throws SQLException {
        execute(ds, "CREATE SCHEMA IF NOT EXISTS " + table.substring(0, table.indexOf('.')),
                "CREATE TABLE " + table + " " + NEW_COLUMNS_DDL);
    }

    static void createLegacy(DataSource ds, String table) throws SQLException {
        execute(ds, "CREATE SCHEMA IF NOT EXISTS " + table.substring(0, table.indexOf('.')),
                "CREATE TABLE " + table + " " + LEGACY_COLUMNS_DDL);
    }

    /** New pipeline rows: loaded seconds after they occurred. */
    static void insertNew(DataSource ds, String table, List<Event> events, Function<Event, Instant> loadedAt)
            throws SQLException {
        insert(ds, "INSERT INTO " + table + " (event_id, event_key, occurred_at, loaded_at, batch_id, payload)"
                + " VALUES (?, ?, ?, ?, 'batch-1', CAST(? AS jsonb))", events, loadedAt, false);
    }

    /** Legacy rows with payload text in the legacy shipper's formatting. */
    static void insertLegacy(DataSource ds, String table, List<Event> events, Function<Event, Instant> loadedAt)
            throws SQLException {
        insert(ds, "INSERT INTO " + table + " (uuid, name, ts, ingested_at, doc) VALUES (?, ?, ?, ?, ?)",
                events, loadedAt, true);
    }

    /** The legacy shipper loads hourly: at ten past the next hour. */
    static Instant hourlyLoad(Event e) {
        return e.occurredAt().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(70));
    }

    static Instant fewSecondsLater(Event e) {
        return e.occurredAt().plusMillis(2_000 + Math.floorMod(e.id().hashCode(), 3_000));
    }

    private static void insert(DataSource ds, String sql, List<Event> events, Function<Event, Instant> loadedAt,
                               boolean legacy) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            int n = 0;
            for (Event e : events) {
                ps.setString(1, e.id());
                ps.setString(2, e.key());
                ps.setTimestamp(3, Timestamp.from(e.occurredAt()));
                ps.setTimestamp(4, Timestamp.from(loadedAt.apply(e)));
                ps.setString(5, legacy ? e.legacyDoc() : e.payload().toString());
                ps.addBatch();
                if (++n % 5_000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            c.commit();
            c.setAutoCommit(true);
        }
    }

    static void execute(DataSource ds, String... statements) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /** A clock the fixture moves by hand, so that generated events land where the test wants them. */
    static final class MovableClock extends Clock {
        Instant now = Instant.EPOCH;

        @Override
        public ZoneId getZone() {
            return SyntheticEvents.APP_ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
