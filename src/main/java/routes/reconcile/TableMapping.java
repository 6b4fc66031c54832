package routes.reconcile;

import routes.contract.SqlIdentifier;

/**
 * A table to compare, the names of its columns and how it stores the payload. Every name is validated here,
 * once, by the same rules as {@link SqlIdentifier} (a column is one part of it), so that the SQL built from a
 * mapping is safe.
 */
public record TableMapping(SqlIdentifier table, String id, String key, String occurredAt, String payload,
                           String loadedAt, PayloadType payloadType) {

    public TableMapping {
        if (payloadType == null) {
            throw new IllegalArgumentException("payload type is required");
        }
        column(id, "id");
        column(key, "key");
        column(occurredAt, "occurred-at");
        column(payload, "payload");
        column(loadedAt, "loaded-at");
    }

    /** A table of the contract's shape: event_id, event_key, occurred_at, payload (SUPER on Redshift), loaded_at. */
    public static TableMapping contract(String table) {
        return of(table, "event_id", "event_key", "occurred_at", "payload", "loaded_at", PayloadType.SUPER);
    }

    /** A mapping whose payload is JSON text. */
    public static TableMapping of(String table, String id, String key, String occurredAt, String payload,
                                  String loadedAt) {
        return of(table, id, key, occurredAt, payload, loadedAt, PayloadType.VARCHAR);
    }

    public static TableMapping of(String table, String id, String key, String occurredAt, String payload,
                                  String loadedAt, PayloadType payloadType) {
        return new TableMapping(SqlIdentifier.of(table), id, key, occurredAt, payload, loadedAt, payloadType);
    }

    private static void column(String name, String role) {
        String problem = name != null && name.contains(".") ? "must be one part" : SqlIdentifier.problem(name);
        if (problem != null) {
            throw new IllegalArgumentException("invalid " + role + " column identifier: " + problem);
        }
    }
}
