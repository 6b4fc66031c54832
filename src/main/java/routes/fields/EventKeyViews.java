package routes.fields;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.contract.EventFieldsTable;
import routes.contract.FieldType;
import routes.contract.SqlIdentifier;
import routes.contract.TableRouting;
import org.apache.camel.CamelContext;
import routes.monitor.ContextThreadPools;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * Keeps one view per event key in the views schema (docs/fields.md, "Views per event key"). Told of the field changes
 * a load committed ({@link FieldChangeListener}), it re-reads the key's fields from the history and re-creates the
 * key's view only when its columns (names, types) differ from what the catalog holds: after the load's COMMIT, in a
 * short transaction of its own on one background thread, so a view that cannot be made never fails, pauses or slows a
 * load. A failure is one WARN line per key, retried at the key's next change or the next start.
 */
public final class EventKeyViews implements FieldChangeListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventKeyViews.class);

    private final DataSource dataSource;
    private final ViewStatements sql;
    private final TableRouting routing;
    private final String schema;
    /** The context's one thread for the views ({@link ContextThreadPools}), from {@link #start}. */
    private volatile ExecutorService worker;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    /** Keys told of and not yet refreshed; one round takes them all, so a busy table's loads queue no work per load. */
    private final Set<String> pending = new LinkedHashSet<>();
    private boolean roundScheduled;

    public EventKeyViews(DataSource dataSource, ViewStatements sql, TableRouting routing, String schema) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.routing = routing;
        this.schema = SqlIdentifier.of(schema + ".x").schema();
    }

    @Override
    public void committed(List<FieldChange> changes) {
        Set<String> keys = new LinkedHashSet<>();
        changes.stream().filter(c -> c.kind() != FieldChange.Kind.NOT_SEEN).forEach(c -> keys.add(c.eventKey()));
        if (keys.isEmpty()) {
            return;
        }
        ExecutorService thread;
        synchronized (pending) {
            pending.addAll(keys);
            thread = worker;
            if (roundScheduled || thread == null) {
                return; // a round is due, or start's round will take every key of the history
            }
            roundScheduled = true;
        }
        thread.execute(this::refreshPending);
    }

    /**
     * Refreshes every key told of so far, reading the view names (which depend on every key of the history) once for
     * the round rather than once per key: a first load of a new table brings all its keys at once.
     */
    private void refreshPending() {
        List<String> keys;
        synchronized (pending) {
            keys = new ArrayList<>(pending);
            pending.clear();
            roundScheduled = false;
        }
        refreshAll(keys);
    }

    private void refreshAll(List<String> keys) {
        Map<String, String> names;
        try {
            names = ViewNames.views(keysInFirstSeenOrder());
        } catch (SQLException e) {
            LOG.warn("views per event key not updated (retried at the next field change or the next start): {}",
                    describe(e));
            return;
        }
        keys.forEach(key -> refreshQuietly(key, names));
    }

    /**
     * At start (the loader's routes not yet running): the views' thread becomes one of {@code context}'s, and every key
     * of the history gets its view, or keeps it when it is current.
     */
    public void start(CamelContext context) {
        ExecutorService thread = ContextThreadPools.single(context, this, "event-key-views");
        synchronized (pending) {
            worker = thread;
            roundScheduled = true;
        }
        thread.execute(() -> {
            synchronized (pending) {
                pending.clear(); // keys told of before now are in the history this round reads
                roundScheduled = false;
            }
            try {
                refreshAll(keysInFirstSeenOrder());
            } catch (SQLException e) {
                LOG.warn("views per event key not checked at start: {}", describe(e));
            }
        });
    }

    private void refreshQuietly(String key, Map<String, String> names) {
        try {
            refresh(key, names);
            failing.remove(key);
        } catch (SQLException | RuntimeException e) {
            if (failing.add(key)) {
                LOG.warn("view of event key {} not updated (retried at its next field change or the next start): {}",
                        key, describe(e));
            }
        }
    }

    /** Makes {@code key}'s view match its fields; returns whether it (re-)created it. */
    public boolean refresh(String key) throws SQLException {
        return refresh(key, ViewNames.views(keysInFirstSeenOrder()));
    }

    private boolean refresh(String key, Map<String, String> names) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String name = names.containsKey(key) ? names.get(key) : ViewNames.views(keysInFirstSeenOrder(c)).get(key);
                boolean changed = refresh(c, key, name);
                c.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private boolean refresh(Connection c, String key, String name) throws SQLException {
        execute(c, sql.boundWaits());
        SqlIdentifier view = SqlIdentifier.of(schema + "." + name);
        List<ViewColumn> columns = ViewNames.viewColumns(fields(c, key)).stream()
                .filter(col -> !(sql instanceof RedshiftViewStatements) || RedshiftViewStatements.navigable(col)).toList();
        List<ViewStatements.CatalogColumn> wanted = sql.expected(columns);
        List<ViewStatements.CatalogColumn> current = currentColumns(c, view);
        if (current.equals(wanted)) {
            return false;
        }
        SqlIdentifier target = routing.tableFor(key);
        if (current.isEmpty()) {
            createSchemaIfMissing(c);
            execute(c, sql.createView(false, view, target, key, columns));
        } else if (sql.canReplace(current, wanted)) {
            execute(c, sql.createView(true, view, target, key, columns));
        } else {
            List<ViewStatements.Grant> grants = grants(c, view);
            execute(c, sql.dropView(view));
            execute(c, sql.createView(false, view, target, key, columns));
            for (ViewStatements.Grant g : grants) {
                execute(c, sql.regrant(g, view));
            }
        }
        LOG.info("view {} of event key {}: {} columns{}", view, key, wanted.size(),
                current.isEmpty() ? " (created)" : " (was " + current.size() + ")");
        return true;
    }

    private List<String> keysInFirstSeenOrder() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return keysInFirstSeenOrder(c);
        }
    }

    private static List<String> keysInFirstSeenOrder(Connection c) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT event_key, min(first_seen) f FROM "
                + EventFieldsTable.NAME + " GROUP BY event_key ORDER BY f, event_key")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    /** Path to the types seen, paths in first-seen order (then path). */
    private static Map<String, Set<FieldType>> fields(Connection c, String key) throws SQLException {
        Map<String, Set<FieldType>> fields = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT path, json_type, min(first_seen) OVER (PARTITION BY path) f"
                + " FROM " + EventFieldsTable.NAME + " WHERE event_key = ? ORDER BY f, path, json_type")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fields.computeIfAbsent(rs.getString(1), p -> EnumSet.noneOf(FieldType.class))
                            .add(FieldType.ofWireName(rs.getString(2).trim()));
                }
            }
        }
        return fields;
    }

    private List<ViewStatements.CatalogColumn> currentColumns(Connection c, SqlIdentifier view) throws SQLException {
        List<ViewStatements.CatalogColumn> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.currentColumns())) {
            ps.setString(1, view.schema());
            ps.setString(2, view.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new ViewStatements.CatalogColumn(rs.getString(1).trim(), rs.getString(2).trim()));
                }
            }
        }
        return columns;
    }

    private List<ViewStatements.Grant> grants(Connection c, SqlIdentifier view) throws SQLException {
        List<ViewStatements.Grant> grants = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.grants())) {
            ps.setString(1, view.schema());
            ps.setString(2, view.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    grants.add(new ViewStatements.Grant(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return grants;
    }

    private void createSchemaIfMissing(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.schemaExists())) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return; // IF NOT EXISTS would still need CREATE on the database
                }
            }
        }
        execute(c, sql.createSchema(schema));
    }

    private static void execute(Connection c, String statement) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private static String describe(Exception e) {
        return e instanceof SQLException s ? s.getSQLState() + " " + firstLine(s.getMessage()) : e.toString();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }

    /** Waits for the view work under way (tests), then stops the thread. */
    @Override
    public void close() {
        ExecutorService thread = worker;
        if (thread == null) {
            return;
        }
        thread.shutdown();
        try {
            thread.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the work submitted so far is done (tests and the canary's order). */
    public void drain() throws Exception {
        ExecutorService thread = worker;
        if (thread != null) {
            thread.submit(() -> { }).get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
