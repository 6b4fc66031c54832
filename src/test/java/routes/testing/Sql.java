package routes.testing;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A test's own statements and read-backs on one database, each on a connection of its own from {@code source}. */
public final class Sql {

    private final DataSource source;

    private Sql(DataSource source) {
        this.source = source;
    }

    public static Sql on(DataSource source) {
        return new Sql(source);
    }

    public void execute(String sql) throws SQLException {
        try (Connection c = source.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The first column of the query's one row, as text; the query must return a row. */
    public String single(String query) throws SQLException {
        try (Connection c = source.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            assertThat(rs.next()).as("a row from: %s", query).isTrue();
            return rs.getString(1);
        }
    }

    public long count(String query) throws SQLException {
        return Long.parseLong(single(query));
    }

    /** The first column of every row, in the query's order. */
    public List<String> strings(String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = source.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
