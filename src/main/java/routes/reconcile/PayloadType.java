package routes.reconcile;

import java.util.Locale;

/**
 * How a table stores the event payload, from the table mapping ({@code pipeline.reconcile.legacy.payload-type}).
 * Only Redshift needs to know: it parses {@code VARCHAR} JSON with {@code JSON_PARSE} and uses {@code SUPER} as
 * it is. PostgreSQL casts text, json and jsonb alike to {@code jsonb}.
 */
public enum PayloadType {
    VARCHAR, SUPER;

    /** {@code varchar} or {@code super}, any case. */
    public static PayloadType parse(String setting) {
        String s = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "varchar" -> VARCHAR;
            case "super" -> SUPER;
            default -> throw new IllegalArgumentException("pipeline.reconcile.legacy.payload-type must be varchar or super");
        };
    }
}
