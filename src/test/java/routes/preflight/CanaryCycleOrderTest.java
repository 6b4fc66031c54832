package routes.preflight;

import org.junit.jupiter.api.Test;
import routes.contract.SqlIdentifier;
import routes.load.ObjectStore;
import routes.load.RedshiftCopyStatements;
import routes.load.RedshiftDialect;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Before the loader's own load (WarehouseLoad, whose statement order RedshiftLoadCycleTest pins), the canary runs the
 * start-up DDL only when a table is missing, so a loader user with the documented grants (no CREATE) passes when the
 * platform team created the tables; the statement timeout bounds that DDL too.
 */
class CanaryCycleOrderTest {

    private static final SqlIdentifier EVENTS = SqlIdentifier.of("payroll.events");
    private final List<String> statements = new ArrayList<>();
    private final RedshiftDialect redshift = new RedshiftDialect(
            new RedshiftCopyStatements("arn:aws:iam::123456789012:role/redshift-copy", "us-east-1"),
            (bucket, key, body) -> { }, new NoObjects(), "event-logs");

    @Test
    void whenTheLedgersViewAndTargetExistTheCycleSetsItsTimeoutAndRunsNoDdl() throws Exception {
        CanaryLoadCheck.createMissingTables(session(true), redshift, List.of(EVENTS), Duration.ofSeconds(30));

        // target, its ledger, the legacy ledger, the target's field history, the history's view; the ledgers' view
        assertThat(statements).containsExactly(
                "SELECT SET_CONFIG('statement_timeout', ?, true)",
                "SET enable_case_sensitive_super_attribute TO true",
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                "SELECT definition FROM pg_views WHERE schemaname = ? AND viewname = ?");
        assertThat(statements).noneMatch(s -> s.startsWith("CREATE"));
    }

    @Test
    void whenATableIsMissingItsDdlRunsAfterTheTimeout() throws Exception {
        CanaryLoadCheck.createMissingTables(session(false), redshift, List.of(EVENTS), Duration.ofSeconds(30));

        assertThat(statements.get(0)).startsWith("SELECT SET_CONFIG('statement_timeout'");
        assertThat(statements).contains("CREATE SCHEMA IF NOT EXISTS payroll");
        assertThat(statements).noneMatch(s -> s.startsWith("LOCK"));
        assertThat(statements.indexOf("CREATE SCHEMA IF NOT EXISTS payroll"))
                .isGreaterThan(statements.indexOf("SET enable_case_sensitive_super_attribute TO true"));
    }

    /**
     * A session that records each statement; the catalogs answer one row per table when {@code exist}, and the view's
     * definition names the target's ledger.
     */
    private Connection session(boolean exist) {
        return proxy(Connection.class, (p, m, a) -> switch (m.getName()) {
            case "createStatement" -> statement(null, exist);
            case "prepareStatement" -> statement((String) a[0], exist);
            default -> null;
        });
    }

    private Object statement(String prepared, boolean exist) {
        Class<? extends Statement> type = prepared == null ? Statement.class : PreparedStatement.class;
        return proxy(type, (p, m, a) -> switch (m.getName()) {
            case "execute" -> {
                statements.add(prepared != null ? prepared : (String) a[0]);
                yield false;
            }
            case "executeQuery" -> {
                statements.add(prepared != null ? prepared : (String) a[0]);
                boolean[] next = {exist};
                yield proxy(ResultSet.class, (rp, rm, ra) -> {
                    if (rm.getName().equals("next")) {
                        boolean row = next[0];
                        next[0] = false;
                        return row;
                    }
                    if (rm.getName().equals("getString")) {
                        return "SELECT batch_id FROM event_pipeline.loads__payroll__events";
                    }
                    return null;
                });
            }
            default -> null;
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<? extends T> type, java.lang.reflect.InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(CanaryCycleOrderTest.class.getClassLoader(), new Class<?>[] {type},
                (p, m, a) -> m.getName().equals("close") ? null : handler.invoke(p, m, a));
    }

    private static final class NoObjects implements ObjectStore {
        @Override
        public InputStream open(String bucket, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OptionalLong size(String bucket, String key) {
            return OptionalLong.empty();
        }
    }
}
