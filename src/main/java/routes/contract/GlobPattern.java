package routes.contract;

/**
 * An event-key glob, the one glob of the pipeline (table routing, replay, reconcile): {@code *} matches any
 * run of characters (dots included), {@code ?} exactly one; anchored at both ends, case-sensitive. Other
 * characters must be event-key characters, so a typo fails at load instead of matching nothing.
 */
public final class GlobPattern {

    public static final int MAX_LENGTH = 256;

    private final String glob;

    private GlobPattern(String glob) {
        this.glob = glob;
    }

    public static GlobPattern compile(String glob) {
        if (glob == null || glob.isEmpty()) {
            throw new IllegalArgumentException("glob must not be empty");
        }
        if (glob.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("glob is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c != '*' && c != '?' && !PipelineFieldChecks.isEventKeyChar(c)) {
                throw new IllegalArgumentException("glob '" + glob + "' has character '" + c
                        + "' at " + i + "; allowed: A-Z a-z 0-9 _ . : - and the wildcards * ?");
            }
        }
        return new GlobPattern(glob);
    }

    /** Linear-time wildcard match with single-star backtracking (no regex, no recursion). */
    public boolean matches(String s) {
        int p = 0;
        int i = 0;
        int star = -1;
        int resume = 0;
        int pn = glob.length();
        int n = s.length();
        while (i < n) {
            if (p < pn && (glob.charAt(p) == '?' || glob.charAt(p) == s.charAt(i))) {
                p++;
                i++;
            } else if (p < pn && glob.charAt(p) == '*') {
                star = p++;
                resume = i;
            } else if (star >= 0) {
                p = star + 1;
                i = ++resume;
            } else {
                return false;
            }
        }
        while (p < pn && glob.charAt(p) == '*') {
            p++;
        }
        return p == pn;
    }

    /** Whether this glob matches every event key ({@code *}, {@code **}, …). */
    public boolean matchesAll() {
        return glob.chars().allMatch(c -> c == '*');
    }

    /** The equivalent SQL {@code LIKE} pattern, with {@code \} as escape character (for a bound parameter). */
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

    @Override
    public String toString() {
        return glob;
    }
}
