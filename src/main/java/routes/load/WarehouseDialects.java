package routes.load;

import java.util.Locale;
import java.util.function.Supplier;

/** Chooses the dialect from the configuration value {@code pipeline.warehouse.dialect}. */
public final class WarehouseDialects {

    private WarehouseDialects() {
    }

    /**
     * @param name     {@code postgresql} or {@code redshift}
     * @param objects  reads batch objects for PostgreSQL staging
     * @param redshift builds the Redshift dialect (only called for {@code redshift})
     */
    public static WarehouseDialect of(String name, ObjectFetcher objects, Supplier<RedshiftDialect> redshift) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case PostgresDialect.NAME -> new PostgresDialect(objects);
            case RedshiftDialect.NAME -> redshift.get();
            default -> throw new IllegalArgumentException("pipeline.warehouse.dialect must be postgresql or redshift");
        };
    }
}
