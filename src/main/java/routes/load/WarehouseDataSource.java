package routes.load;

import com.zaxxer.hikari.HikariConfig;
import routes.config.RedshiftIamAuthentication;
import routes.contract.Warehouse;

import java.util.Map;

/**
 * The warehouse connection pool's configuration, per warehouse.
 *
 * <p>Redshift: statements are parsed unnamed, never as server-side prepared statements, which keep pointing at the
 * relation they were planned against while each cycle's temp table is a new relation ("could not open relation
 * with OID"). redshift-jdbc42 needs two properties for that (driver sources, 2.1.0.33 and 2.2.x):
 * {@code prepareThreshold=0} makes {@code RedshiftStatementImpl.isOneShotQuery} true, but
 * {@code RedshiftPreparedStatement.isOneShotQuery} returns false whatever the threshold while
 * {@code enableGeneratedName} is true (its default, {@code RedshiftProperty.ENABLE_GENERATED_NAME_FOR_PREPARED_STATEMENT}),
 * and {@code QueryExecutorImpl.sendParse} names and caches every statement that is not one-shot. Each cycle's
 * stage also has its own name (docs/redshift.md §4.1). Both dialects set the session time zone to UTC on connect,
 * so day boundaries and the server times compared with the load-error views agree.
 */
public final class WarehouseDataSource {

    /** redshift-jdbc42: every statement parsed unnamed (see above). */
    static final Map<String, String> REDSHIFT_DRIVER_PROPERTIES = Map.of("prepareThreshold", "0", "enableGeneratedName", "false");

    private WarehouseDataSource() {
    }

    public static HikariConfig config(Warehouse warehouse, String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("warehouse");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        // An IAM URL's password is the temporary one the driver fetches; ours (perhaps local mode's default) stays home.
        config.setPassword(RedshiftIamAuthentication.isIamUrl(jdbcUrl) ? null : password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(0);
        config.setAutoCommit(true);
        config.setConnectionTimeout(10_000);
        // Fail at first use rather than at startup, so a warehouse outage does not stop the batcher.
        config.setInitializationFailTimeout(-1);
        config.setConnectionInitSql(RedshiftCopyStatements.sessionTimeZone());
        warehouse.pick(Map::<String, String>of, () -> REDSHIFT_DRIVER_PROPERTIES).forEach(config::addDataSourceProperty);
        return config;
    }
}
