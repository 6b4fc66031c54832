package routes.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * PostgreSQL, the local stand-in for Redshift: zonky's embedded binaries run as a child process on
 * one host and port, with a data directory that is kept between runs. On start it creates the
 * application's role and database when they are missing. It can be stopped and started again on the
 * same directory and port, which is how tests simulate a warehouse outage.
 */
public final class EmbeddedWarehouse implements AutoCloseable {

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    private final String host;
    private final int port;
    private final Path dataDir;
    private final String user;
    private final String password;
    private final String database;
    private final LocalCertificates tls;
    private EmbeddedPostgres postgres;

    /**
     * @param host     address to listen on, e.g. {@code 127.0.0.1}
     * @param port     TCP port
     * @param dataDir  PostgreSQL data directory; initialised when it holds no cluster yet
     * @param user     role the application logs in as; created when absent
     * @param password its password (never logged)
     * @param database database owned by that role; created when absent
     */
    public EmbeddedWarehouse(String host, int port, Path dataDir, String user, String password, String database) {
        this(host, port, dataDir, user, password, database, null);
    }

    /** With {@code tls} (not null) the server offers TLS with that server certificate ({@code ssl=on}). */
    public EmbeddedWarehouse(String host, int port, Path dataDir, String user, String password, String database,
                             LocalCertificates tls) {
        this.host = host;
        this.port = port;
        this.dataDir = dataDir;
        this.user = user;
        this.password = password;
        this.database = database;
        this.tls = tls;
    }

    /** Starts PostgreSQL (initialising the data directory if needed) and ensures the role and database exist. */
    public synchronized void start() throws IOException, SQLException {
        if (postgres != null) {
            throw new IllegalStateException("PostgreSQL is already running on port " + port);
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (tls != null) {
            builder.setServerConfig("ssl", "on")
                    .setServerConfig("ssl_cert_file", tls.serverCertificatePem().toAbsolutePath().toString())
                    .setServerConfig("ssl_key_file", tls.serverKeyPem().toAbsolutePath().toString())
                    .setServerConfig("ssl_min_protocol_version", "TLSv1.2");
        }
        EmbeddedPostgres started = builder
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", host)
                .setPGStartupWait(STARTUP_WAIT)
                .start();
        try {
            ensureRoleAndDatabase(started);
        } catch (SQLException | RuntimeException e) {
            started.close();
            throw e;
        }
        postgres = started;
    }

    /**
     * {@code jdbc:postgresql://host:port/database}; credentials are passed separately. With TLS the URL asks for
     * {@code sslmode=verify-full} against the generated CA: encrypted, certificate and host name checked, never plain.
     */
    public String jdbcUrl() {
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        return tls == null ? url : url + "?sslmode=verify-full&sslrootcert=" + tls.caPem().toAbsolutePath();
    }

    /** Stops PostgreSQL (fast shutdown: sessions are disconnected) and keeps its data. */
    public synchronized void stop() throws IOException {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } finally {
            postgres = null;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private void ensureRoleAndDatabase(EmbeddedPostgres pg) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            if (!exists(c, "select 1 from pg_roles where rolname = ?", user)) {
                try (Statement s = c.createStatement()) {
                    s.execute("create role " + quoteIdentifier(user) + " login password " + quoteLiteral(password));
                }
            }
            if (!exists(c, "select 1 from pg_database where datname = ?", database)) {
                try (Statement s = c.createStatement()) {
                    s.execute("create database " + quoteIdentifier(database) + " owner " + quoteIdentifier(user));
                }
            }
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    // DDL takes no bind parameters, so names and the password are quoted here.
    private static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
