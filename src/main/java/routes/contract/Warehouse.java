package routes.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The warehouse the loader writes to, chosen once at start from {@code pipeline.warehouse.dialect} ({@link #of}: the
 * only place that reads that text, in any case and spacing). Every stage asks it instead of comparing names: its
 * facts here (the JSON object size COPY reads, the JDBC URL schemes, what {@code version()} says), and each concern's
 * implementation through {@link #pick}, which names both warehouses, so a third one cannot be added without every
 * concern saying what it does there (connection settings, DDL, value limits, load statements, reconcile and
 * preflight SQL). The SQL itself stays in each warehouse's classes (Redshift's: routes.load.RedshiftCopyStatements,
 * routes.reconcile.RedshiftReconcileDialect, routes.preflight.PreflightStatements#redshift).
 */
public enum Warehouse {

    /**
     * Amazon Redshift (production). COPY reads no JSON object over "4 MB", before any parsing
     * (https://docs.aws.amazon.com/redshift/latest/dg/copy_json.html), taken as 4,000,000 bytes, the smaller reading;
     * both drivers reach it.
     */
    REDSHIFT("redshift", false, OptionalInt.of(4_000_000), List.of("jdbc:redshift:", "jdbc:postgresql:")) {
        @Override
        public <T> T pick(Supplier<? extends T> postgresql, Supplier<? extends T> redshift) {
            return redshift.get();
        }
    },

    /** Local mode and tests; COPY FROM STDIN into jsonb. */
    POSTGRESQL("postgresql", true, OptionalInt.empty(), List.of("jdbc:postgresql:")) {
        @Override
        public <T> T pick(Supplier<? extends T> postgresql, Supplier<? extends T> redshift) {
            return postgresql.get();
        }
    };

    private final String settingValue;
    private final boolean localStandIn;
    private final OptionalInt maxJsonObjectBytes;
    private final List<String> jdbcUrlSchemes;

    Warehouse(String settingValue, boolean localStandIn, OptionalInt maxJsonObjectBytes, List<String> jdbcUrlSchemes) {
        this.settingValue = settingValue;
        this.localStandIn = localStandIn;
        this.maxJsonObjectBytes = maxJsonObjectBytes;
        this.jdbcUrlSchemes = jdbcUrlSchemes;
    }

    /** The warehouse a setting's value names, whatever its case and surrounding spaces. */
    public static Warehouse of(String setting) {
        String value = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(w -> w.settingValue.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("pipeline.warehouse.dialect must be one of "
                        + String.join(", ", settingValues()) + ", was " + setting));
    }

    /** The values {@code pipeline.warehouse.dialect} accepts. */
    public static List<String> settingValues() {
        return Arrays.stream(values()).map(Warehouse::settingValue).toList();
    }

    /**
     * The warehouse a server's {@code SELECT version()} describes: Redshift's ends in {@code Redshift <release>}
     * (https://docs.aws.amazon.com/redshift/latest/dg/r_VERSION.html).
     */
    public static Warehouse ofServerVersion(String version) {
        return version != null && version.contains("Redshift") ? REDSHIFT : POSTGRESQL;
    }

    /** The value of {@code pipeline.warehouse.dialect} that names this warehouse. */
    public String settingValue() {
        return settingValue;
    }

    /** Whether this warehouse only stands in locally for the production one. */
    public boolean isLocalStandIn() {
        return localStandIn;
    }

    /** The largest JSON object the warehouse's COPY reads, when it has such a limit. */
    public OptionalInt maxJsonObjectBytes() {
        return maxJsonObjectBytes;
    }

    /** The JDBC URL prefixes that reach this warehouse. */
    public List<String> jdbcUrlSchemes() {
        return jdbcUrlSchemes;
    }

    /** This warehouse's implementation of a concern: {@code postgresql}'s or {@code redshift}'s, each built only if chosen. */
    public abstract <T> T pick(Supplier<? extends T> postgresql, Supplier<? extends T> redshift);

    @Override
    public String toString() {
        return settingValue;
    }
}
