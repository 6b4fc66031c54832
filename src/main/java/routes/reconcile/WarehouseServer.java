package routes.reconcile;

import routes.contract.Warehouse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Which server a reconcile connection reached. Redshift speaks the PostgreSQL protocol, so a setting that does
 * not match the server would otherwise fail later with a confusing SQL error; {@code version()} tells them
 * apart (Redshift's ends with "Redshift &lt;release&gt;":
 * https://docs.aws.amazon.com/redshift/latest/dg/r_VERSION.html).
 */
public final class WarehouseServer {

    private WarehouseServer() {
    }

    /** Refuses a connection whose server is not the configured warehouse, with a sentence saying what to set. */
    public static void requireWarehouse(Connection c, Warehouse configured, String jdbcUrl) throws SQLException {
        String version;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version()")) {
            version = rs.next() ? rs.getString(1) : "";
        }
        String problem = mismatch(configured, version, jdbcUrl);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The mismatch between the configured warehouse and the server's {@code version()}, or null if they agree. */
    static String mismatch(Warehouse configured, String version, String jdbcUrl) {
        Warehouse server = Warehouse.ofServerVersion(version);
        if (server == configured) {
            return null;
        }
        String saw = "pipeline.warehouse.dialect=" + configured + " but the server at " + withoutCredentials(jdbcUrl) + " is ";
        return saw + server.pick(() -> product(version) + ", not Amazon Redshift", () -> "Amazon Redshift")
                + "; set pipeline.warehouse.dialect=" + server;
    }

    /** The URL without user info, query string or {@code ;key=value} properties, where credentials can hide. */
    static String withoutCredentials(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "(no URL)";
        }
        String url = jdbcUrl;
        int cut = indexOfAny(url, '?', ';');
        if (cut >= 0) {
            url = url.substring(0, cut);
        }
        int hosts = url.indexOf("//");
        int at = url.lastIndexOf('@');
        if (hosts >= 0 && at > hosts) {
            url = url.substring(0, hosts + 2) + url.substring(at + 1);
        }
        return url;
    }

    /** "PostgreSQL 14.10" from "PostgreSQL 14.10 on x86_64-pc-linux-gnu, compiled by …". */
    private static String product(String version) {
        if (version == null || version.isBlank()) {
            return "an unknown server";
        }
        String[] words = version.trim().split("\\s+");
        return words.length >= 2 ? words[0] + " " + words[1].replaceAll(",$", "") : words[0];
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
