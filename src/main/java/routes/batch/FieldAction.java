package routes.batch;

/** What a field rule does to the value of a matching field, wherever that field appears. */
public sealed interface FieldAction permits FieldAction.Mask, FieldAction.Hash, FieldAction.Remove {

    String MASK = "****";

    /** The value becomes {@code "****"}, plus its last {@code keepLast} characters when it is longer than that. */
    record Mask(int keepLast) implements FieldAction {

        public Mask {
            if (keepLast < 0) {
                throw new IllegalArgumentException("keep_last must not be negative");
            }
        }

        /** @param text the scalar value as text (string as-is, other scalars their JSON text) */
        public String apply(String text) {
            if (keepLast == 0) {
                return MASK;
            }
            int codePoints = text.codePointCount(0, text.length());
            if (codePoints <= keepLast) {
                return MASK;
            }
            // Count code points, not chars, so an emoji is never split into a lone surrogate.
            return MASK + text.substring(text.offsetByCodePoints(text.length(), -keepLast));
        }
    }

    /** The value becomes the lower-case hex HMAC-SHA256 of its text (objects and arrays: their compact JSON). */
    record Hash(HmacSha256 hmac) implements FieldAction {
    }

    /** The field disappears. */
    record Remove() implements FieldAction {
    }
}
