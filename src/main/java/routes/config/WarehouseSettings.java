package routes.config;

import routes.contract.Warehouse;

import java.time.Duration;

/**
 * The warehouse settings, typed and checked once: the loader's connection pool and warehouse, preflight and
 * the batcher's value limits are built from this. {@code password} (or the file it was read from) is never
 * part of {@link #toString()}; with IAM authentication it is not used at all.
 *
 * @param warehouse the warehouse {@code pipeline.warehouse.dialect} names, chosen here once
 * @param redshiftMaxStringBytes the longest string the batcher lets through on the redshift dialect
 */
public record WarehouseSettings(Warehouse warehouse, String jdbcUrl, String user, String password, String iamRole,
                                int poolSize, Duration statementTimeout, int redshiftMaxStringBytes) {

    public static WarehouseSettings of(PipelineSettings settings) {
        return new WarehouseSettings(Warehouse.of(settings.get(Setting.WAREHOUSE_DIALECT)),
                settings.get(Setting.WAREHOUSE_JDBC_URL), settings.get(Setting.WAREHOUSE_USER),
                settings.secret(Setting.WAREHOUSE_PASSWORD), settings.get(Setting.WAREHOUSE_IAM_ROLE),
                settings.getInt(Setting.WAREHOUSE_POOL_SIZE),
                Duration.ofSeconds(settings.getLong(Setting.WAREHOUSE_STATEMENT_TIMEOUT_S)),
                settings.getInt(Setting.WAREHOUSE_REDSHIFT_MAX_STRING_BYTES));
    }

    /** A {@code jdbc:redshift:iam://} URL: the driver signs in with AWS credentials and {@link #password} is not used. */
    public boolean iamAuthentication() {
        return RedshiftIamAuthentication.isIamUrl(jdbcUrl);
    }

    @Override
    public String toString() {
        return "WarehouseSettings[warehouse=" + warehouse + ", jdbcUrl=" + jdbcUrl + ", user=" + user + ", iamRole=" + iamRole
                + ", poolSize=" + poolSize + ", statementTimeout=" + statementTimeout
                + ", redshiftMaxStringBytes=" + redshiftMaxStringBytes + "]";
    }
}
