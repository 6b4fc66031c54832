package routes.batch;

/**
 * What one value of the warehouse's event column can hold, checked on what the batcher writes (after
 * sanitizing), so that one event is dead-lettered instead of failing the load of its whole batch. PostgreSQL's
 * jsonb holds any JSON the batcher accepts; Redshift's SUPER caps each string and field name and holds numbers
 * only as BIGINT, DECIMAL or FLOAT8 (docs/redshift.md).
 *
 * @param maxStringBytes largest string value or field name in UTF-8 bytes (contract:
 *                       {@code pipeline.warehouse.redshift.max-string-bytes} with the Redshift dialect)
 * @param superNumbers   refuse numbers SUPER cannot hold exactly ({@link SuperNumbers})
 */
public record WarehouseValueLimits(int maxStringBytes, boolean superNumbers) {

    /** SUPER's limit on one string unless the cluster sets {@code enable_large_strings_opt_in}. */
    public static final int REDSHIFT_DEFAULT_MAX_STRING_BYTES = 65_535;
    /** SUPER's limit on one string with {@code enable_large_strings_opt_in}: no cluster holds more. */
    public static final int REDSHIFT_LARGE_STRINGS_MAX_BYTES = 16_000_000;

    public WarehouseValueLimits {
        if (maxStringBytes < 1) {
            throw new IllegalArgumentException("maxStringBytes must be at least 1, was " + maxStringBytes);
        }
    }

    /** PostgreSQL jsonb: no limit beyond the event's own size. */
    public static WarehouseValueLimits unlimited() {
        return new WarehouseValueLimits(Integer.MAX_VALUE, false);
    }

    /** Redshift SUPER with strings up to {@code maxStringBytes}. */
    public static WarehouseValueLimits redshiftSuper(int maxStringBytes) {
        if (maxStringBytes > REDSHIFT_LARGE_STRINGS_MAX_BYTES) {
            throw new IllegalArgumentException("pipeline.warehouse.redshift.max-string-bytes must be at most "
                    + REDSHIFT_LARGE_STRINGS_MAX_BYTES + " (SUPER's limit with enable_large_strings_opt_in), was "
                    + maxStringBytes);
        }
        return new WarehouseValueLimits(maxStringBytes, true);
    }

    /**
     * @param kind  what the string is, for the detail: "string value" or "field name"
     * @param depth nesting depth of the object or array holding it
     */
    void checkString(char[] chars, int offset, int length, String kind, int depth) {
        if (length <= maxStringBytes / 3) {
            return; // a UTF-16 char is at most 3 UTF-8 bytes (a surrogate pair 4 for two)
        }
        long bytes = utf8Length(chars, offset, length);
        if (bytes > maxStringBytes) {
            throw new Rejection(RejectReason.STRING_TOO_LONG,
                    kind + " of " + bytes + " UTF-8 bytes at depth " + depth + ", over the limit of " + maxStringBytes);
        }
    }

    void checkFieldName(String name, int depth) {
        if (name.length() > maxStringBytes / 3) {
            checkString(name.toCharArray(), 0, name.length(), "field name", depth);
        }
    }

    void checkNumber(char[] chars, int offset, int length, int depth) {
        if (!superNumbers) {
            return;
        }
        String problem = SuperNumbers.problem(chars, offset, length);
        if (problem != null) {
            throw new Rejection(RejectReason.NUMBER_OUT_OF_RANGE, "number at depth " + depth + ": " + problem);
        }
    }

    private static long utf8Length(char[] chars, int offset, int length) {
        long bytes = length;
        for (int i = offset, end = offset + length; i < end; i++) {
            char c = chars[i];
            if (c >= 0x80) {
                // 2 bytes below U+0800, else 3; each half of a surrogate pair adds 1 more (4 for the pair).
                bytes += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }
}
