package routes;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An age on the command line, a number and {@code s}, {@code m}, {@code h} or {@code d} ({@code 24h}, {@code 7d}). */
final class AgeOption {

    private static final Pattern AGE = Pattern.compile("(\\d{1,6})([smhd])");

    private AgeOption() {
    }

    /** The age {@code text} names, or empty when it is not an age. */
    static Optional<Duration> parse(String text) {
        Matcher m = AGE.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        });
    }
}
