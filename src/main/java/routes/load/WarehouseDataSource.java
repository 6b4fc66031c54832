package routes.load;

import com.zaxxer.hikari.HikariConfig;
import routes.config.RedshiftIamAuthentication;

/**
 * The warehouse connection pool's configuration, per dialect.
 *
 * <p>Redshift: {@code prepareThreshold=0} keeps redshift-jdbc42 from turning a statement into a server-side
 * prepared one after its fifth run (the driver's default); such a statement keeps pointing at the relation it was
 * planned against, and a cycle's temp table is a new relation each time ("could not open relation with OID").
 * Each cycle's stage also has its own name, so either measure alone would do. Both dialects set the session time
 * zone to UTC on connect, so GETDATE() and day boundaries agree with the load-error views.
 */
public final class WarehouseDataSource {

    private WarehouseDataSource() {
    }

    /** @param dialect {@code postgresql} or {@code redshift} */
    public static HikariConfig config(String dialect, String jdbcUrl, String user, String password, int poolSize) {
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
        if (RedshiftDialect.NAME.equals(dialect)) {
            config.addDataSourceProperty("prepareThreshold", "0");
        }
        return config;
    }
}
