package routes.load;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarehouseDataSourceTest {

    @Test
    void redshiftPoolNeverPreparesStatementsOnTheServer() {
        HikariConfig config = WarehouseDataSource.config("redshift", "jdbc:redshift://cluster:5439/events", "loader", "pw", 4);

        assertThat(config.getDataSourceProperties()).containsEntry("prepareThreshold", "0");
    }

    @Test
    void everySessionRunsInUtc() {
        for (String dialect : new String[] {"redshift", "postgresql"}) {
            HikariConfig config = WarehouseDataSource.config(dialect, "jdbc:postgresql://h/db", "u", "p", 2);
            assertThat(config.getConnectionInitSql()).isEqualTo("SET timezone TO 'UTC'");
        }
    }

    @Test
    void postgresqlPoolKeepsTheDriversPreparedStatements() {
        HikariConfig config = WarehouseDataSource.config("postgresql", "jdbc:postgresql://h/db", "u", "p", 2);

        assertThat(config.getDataSourceProperties()).doesNotContainKey("prepareThreshold");
    }
}
