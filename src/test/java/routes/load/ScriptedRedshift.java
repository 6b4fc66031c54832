package routes.load;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A stand-in for a Redshift session, for unit tests of what the Redshift dialect sends and how the loader reacts
 * to Redshift's answers: it records every statement, keeps a ledger that COMMIT makes durable and ROLLBACK
 * discards (one per ledger table: each target's, and the legacy one a test may fill), and answers COPY, the stage check and the load-error views as the test scripts them. It never
 * proves SQL valid on Redshift: the statements' text is unit-tested separately, and {@code preflight} runs them
 * on a real cluster.
 *
 * <p>One connection serves every {@code getConnection()}, like a pool of size one: the case that breaks
 * server-side prepared statements over re-created temp tables.
 */
final class ScriptedRedshift {

    /** What the current COPY loads: the batch object URLs of its manifest. */
    interface CopyScript {
        void copy(List<String> urls) throws SQLException;
    }

    /** Bind parameters per ledger row. */
    private static final int LEDGER_PARAMETERS = 7;

    // tests read it while a load appends to it on another thread (awaitPaused): a copy-on-write list, never a CME
    final List<String> statements = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Every committed ledger row's batch id, whichever ledger table holds it. */
    final Set<String> ledger = ConcurrentHashMap.newKeySet();
    /** Committed batch ids per ledger table ({@code event_pipeline.loads__…}). */
    final Map<String, Set<String>> ledgers = new ConcurrentHashMap<>();
    /** The legacy ledger's rows (the one table of earlier releases): read by the loads, written by none. */
    final Set<String> legacyLedger = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<String>> pendingLedger = new ConcurrentHashMap<>();
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    private List<String> copied = List.of();
    private long stagedRows;
    CopyScript copy = urls -> { };
    /** Rows of the stage check beyond the count: bad event_id, event_key, occurred_at, from the copied URLs. */
    Function<List<String>, long[]> badColumns = urls -> new long[] {0, 0, 0};
    /** The file name of the latest load-error row, from the copied URLs; null: no row recorded. */
    Function<List<String>, String> errorFileName = urls -> null;
    /** Rows per object URL (the notifications' record counts, unless a test lies). */
    Function<String, Long> rowsPerObject = url -> 1L;
    String collation = "case_sensitive";
    /** How long each LOCK waits, as behind another session's transaction. */
    volatile long lockWaitMillis;
    /** While true, each LOCK outlasts the statement timeout, as behind a session that never ends its transaction. */
    volatile boolean lockTimesOut;
    int commits;
    int rollbacks;

    final ManifestWriter manifestWriter = (bucket, key, body) -> manifests.put("s3://" + bucket + "/" + key, body);

    Connection connection() throws SQLException {
        return dataSource().getConnection();
    }

    javax.sql.DataSource dataSource() {
        Connection connection = proxy(Connection.class, (p, m, a) -> switch (m.getName()) {
            case "createStatement" -> statement(null);
            case "prepareStatement" -> statement((String) a[0]);
            case "commit" -> {
                commits++;
                pendingLedger.forEach((table, ids) -> {
                    ledgers.computeIfAbsent(table, t -> ConcurrentHashMap.newKeySet()).addAll(ids);
                    ledger.addAll(ids);
                });
                pendingLedger.clear();
                yield null;
            }
            case "rollback" -> {
                rollbacks++;
                pendingLedger.clear();
                yield null;
            }
            case "getAutoCommit" -> false;
            case "isClosed" -> false;
            default -> null;
        });
        return proxy(javax.sql.DataSource.class, (p, m, a) -> m.getName().equals("getConnection") ? connection : null);
    }

    private Object statement(String prepared) {
        List<Object> params = new ArrayList<>();
        List<List<Object>> batches = new ArrayList<>();
        Class<?> type = prepared == null ? Statement.class : PreparedStatement.class;
        return proxy(type, (p, m, a) -> switch (m.getName()) {
            case "setString", "setObject", "setLong", "setTimestamp" -> {
                params.add(a[1]);
                yield null;
            }
            case "addBatch" -> {
                batches.add(new ArrayList<>(params));
                params.clear();
                yield null;
            }
            case "executeBatch" -> {
                statements.add(prepared);
                batches.forEach(b -> pending(prepared).add((String) b.get(0)));
                yield new int[batches.size()];
            }
            case "execute" -> {
                run(prepared != null ? prepared : (String) a[0]);
                yield false; // COPY, CREATE, DROP, LOCK, SET: an update count, no result set
            }
            case "getUpdateCount" -> 0;
            case "executeUpdate" -> {
                statements.add(prepared);
                if (prepared.startsWith("INSERT INTO event_pipeline.loads")) {
                    for (int i = 0; i < params.size(); i += LEDGER_PARAMETERS) {
                        pending(prepared).add((String) params.get(i));
                    }
                    yield params.size() / LEDGER_PARAMETERS;
                }
                yield (int) stagedRows;
            }
            case "executeQuery" -> query(prepared != null ? prepared : (String) a[0], params);
            default -> null;
        });
    }

    /** The uncommitted rows of the ledger table the INSERT names. */
    private Set<String> pending(String insert) {
        String table = insert.substring("INSERT INTO ".length(), insert.indexOf(' ', "INSERT INTO ".length()));
        return pendingLedger.computeIfAbsent(table, t -> ConcurrentHashMap.newKeySet());
    }

    private void run(String sql) throws SQLException {
        statements.add(sql);
        if (sql.startsWith("LOCK ") && lockWaitMillis > 0) {
            try {
                Thread.sleep(lockWaitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted", "57014");
            }
        }
        if (sql.startsWith("LOCK ") && lockTimesOut) {
            throw new SQLException("Query (1234) cancelled on user's request", "57014");
        }
        if (sql.startsWith("COPY ")) {
            String manifestUrl = sql.substring(sql.indexOf("FROM '") + 6, sql.indexOf("' IAM_ROLE"));
            copied = urlsOf(manifests.get(manifestUrl));
            copy.copy(copied);
            stagedRows = copied.stream().mapToLong(rowsPerObject::apply).sum();
        }
    }

    private ResultSet query(String sql, List<Object> params) {
        statements.add(sql);
        List<Object[]> rows = new ArrayList<>();
        if (sql.startsWith("SELECT batch_id FROM event_pipeline.loads_legacy ")) {
            params.stream().filter(legacyLedger::contains).forEach(id -> rows.add(new Object[] {id}));
        } else if (sql.startsWith("SELECT batch_id FROM event_pipeline.loads")) {
            String table = sql.split(" ")[3];
            Set<String> held = ledgers.getOrDefault(table, Set.of());
            params.stream().filter(held::contains).forEach(id -> rows.add(new Object[] {id}));
        } else if (sql.startsWith("SELECT SYSDATE")) {
            rows.add(new Object[] {new Timestamp(0)});
        } else if (sql.startsWith("SELECT COUNT(*), SUM(")) {
            long[] bad = badColumns.apply(copied);
            rows.add(new Object[] {stagedRows, bad[0], bad[1], bad[2]});
        } else if (sql.startsWith("SELECT TRIM(file_name)")) {
            String file = errorFileName.apply(copied);
            if (file != null) {
                rows.add(new Object[] {file, 1L, 1216, "Invalid JSON"});
            }
        } else if (sql.startsWith("SELECT DISTINCT TO_CHAR")) {
            rows.add(new Object[] {"2026-12-01"});
        } else if (sql.startsWith("SELECT db_collation()")) {
            rows.add(new Object[] {collation});
        }
        return resultSet(rows);
    }

    private static ResultSet resultSet(List<Object[]> rows) {
        int[] at = {-1};
        return proxy(ResultSet.class, (p, m, a) -> switch (m.getName()) {
            case "next" -> ++at[0] < rows.size();
            case "getString" -> String.valueOf(rows.get(at[0])[(int) a[0] - 1]);
            case "getLong" -> ((Number) rows.get(at[0])[(int) a[0] - 1]).longValue();
            case "getInt" -> ((Number) rows.get(at[0])[(int) a[0] - 1]).intValue();
            case "getTimestamp" -> rows.get(at[0])[(int) a[0] - 1];
            default -> null;
        });
    }

    private static List<String> urlsOf(byte[] manifest) {
        List<String> urls = new ArrayList<>();
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest).get("entries")
                    .forEach(e -> urls.add(e.get("url").asText()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return urls;
    }

    /** A Redshift server error: SQLState XX000, as the driver reports most of them. */
    static SQLException serverError(String message) {
        return new SQLException(message, "XX000");
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(ScriptedRedshift.class.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            switch (m.getName()) {
                case "close":
                    return null;
                case "hashCode":
                    return System.identityHashCode(p);
                case "equals":
                    return p == a[0];
                case "toString":
                    return type.getSimpleName() + " (scripted)";
                default:
                    break;
            }
            if (m.getName().equals("unwrap") || m.getName().equals("isWrapperFor")) {
                throw new SQLException("not supported");
            }
            return handler.invoke(p, m, a);
        });
    }
}
