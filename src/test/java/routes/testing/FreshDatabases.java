package routes.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL of a test class's own that hands each test a new, empty database, for tests of what the loader does
 * to a warehouse schema from scratch (the shared {@link EmbeddedServices} database keeps what earlier tests made).
 */
public final class FreshDatabases implements AutoCloseable {

    private final EmbeddedPostgres pg;
    private int made;

    private FreshDatabases(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    public static FreshDatabases start() throws IOException {
        return new FreshDatabases(EmbeddedPostgres.builder().start());
    }

    /** A new empty database named {@code prefix} + a counter, as the superuser. */
    public DataSource next(String prefix) throws SQLException {
        String name = prefix + ++made;
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return pg.getDatabase("postgres", name);
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
