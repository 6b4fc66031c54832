package routes.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names of the bookkeeping tables kept once per target table in the {@value LedgerTable#SCHEMA} schema (the
 * load ledger's and the field history's), so that the loads of two target tables touch no common table: on
 * Redshift, serializable isolation decides conflicts per table (docs/redshift.md §4.6).
 * <p>
 * The rule: {@code <kind>__<schema>__<table>} when neither part contains {@code __} (then the name splits back one
 * way only, so two targets never share it) and it fits PostgreSQL's 63 bytes; otherwise {@code <kind>__} and 16 hex
 * digits of the SHA-256 of the target's qualified name. Target names are {@link SqlIdentifier}s: lower case
 * {@code [a-z0-9_]} only, so the result needs no quoting.
 */
public final class PerTargetTables {

    /** PostgreSQL's identifier limit (Redshift's is 127). */
    static final int MAX_NAME_BYTES = 63;

    private PerTargetTables() {
    }

    /** The {@code kind} table kept for {@code target}, e.g. {@code event_pipeline.loads__public__events}. */
    public static SqlIdentifier of(String kind, SqlIdentifier target) {
        String readable = kind + "__" + target.schema() + "__" + target.name();
        boolean unambiguous = !target.schema().contains("__") && !target.name().contains("__");
        String name = unambiguous && readable.length() <= MAX_NAME_BYTES ? readable : kind + "__" + digest(target.sql());
        return SqlIdentifier.of(LedgerTable.SCHEMA + "." + name);
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
