package routes.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code occurred_at} ranges to compare, each half-open {@code [from, to)}: one range for a window,
 * one per hour for a re-check. The values only ever reach SQL as bound parameters.
 */
public record TimeWindow(List<Range> ranges) {

    public record Range(Instant from, Instant to) {
        public Range {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("--from must be before --to");
            }
        }
    }

    public TimeWindow {
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("empty time window");
        }
        ranges = ranges.stream().sorted(Comparator.comparing(Range::from)).toList();
    }

    public static TimeWindow of(Instant from, Instant to) {
        return new TimeWindow(List.of(new Range(from, to)));
    }

    /** One range per hour starting at each of {@code hours}. */
    public static TimeWindow hours(List<Instant> hours) {
        return new TimeWindow(hours.stream().distinct()
                .map(h -> new Range(h, h.plus(Duration.ofHours(1)))).toList());
    }

    public Instant from() {
        return ranges.get(0).from();
    }

    public Instant to() {
        return ranges.stream().map(Range::to).max(Comparator.naturalOrder()).orElseThrow();
    }

    /**
     * ISO-8601 with an offset ({@code 2026-11-25T00:00:00Z}, {@code …-05:00}), or without one
     * ({@code 2026-11-25T00:00}, {@code 2026-11-25}) meaning UTC.
     */
    public static Instant parse(String text, String option) {
        String t = text == null ? "" : text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException(option + " is not an ISO-8601 time (e.g. 2026-11-25T00:00:00Z): " + t);
                }
            }
        }
    }

    static Instant hourOf(Instant instant) {
        return instant.truncatedTo(ChronoUnit.HOURS);
    }
}
