package routes.reconcile;

import routes.contract.GlobPattern;

/**
 * The event keys to compare, as a {@link GlobPattern}. It reaches SQL as a bound {@code LIKE} pattern
 * (backslash escapes), never as text; {@code *} alone means no filter.
 */
public record KeyPattern(String glob) {

    public KeyPattern {
        if (glob == null || glob.isBlank()) {
            glob = "*";
        }
        try {
            GlobPattern.compile(glob);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--key-pattern: " + e.getMessage(), e);
        }
    }

    public boolean matchesAll() {
        return GlobPattern.compile(glob).matchesAll();
    }

    /** The equivalent {@code LIKE} pattern with {@code \} as escape character. */
    public String like() {
        return GlobPattern.compile(glob).like();
    }
}
