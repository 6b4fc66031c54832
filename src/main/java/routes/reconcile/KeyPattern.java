package routes.reconcile;

/**
 * The event keys to compare, as a glob ({@code *} any run, {@code ?} one character). It reaches SQL as
 * a bound {@code LIKE} pattern (backslash escapes), never as text; {@code *} alone means no filter.
 */
public record KeyPattern(String glob) {

    public KeyPattern {
        if (glob == null || glob.isBlank()) {
            glob = "*";
        }
        if (glob.length() > 256) {
            throw new IllegalArgumentException("--key-pattern is longer than 256 characters");
        }
    }

    public boolean matchesAll() {
        return glob.chars().allMatch(c -> c == '*');
    }

    /** The equivalent {@code LIKE} pattern with {@code \} as escape character. */
    public String like() {
        StringBuilder like = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> like.append('%');
                case '?' -> like.append('_');
                case '%', '_', '\\' -> like.append('\\').append(c);
                default -> like.append(c);
            }
        }
        return like.toString();
    }
}
