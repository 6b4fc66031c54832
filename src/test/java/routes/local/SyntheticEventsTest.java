package routes.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticEventsTest {

    private static final Pattern VALID_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Instant NOW = Instant.parse("2026-11-24T15:00:00Z");
    private static final Clock FIXED = Clock.fixed(NOW, SyntheticEvents.APP_ZONE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SyntheticEvents events(long seed, int keys, int bytes) {
        return new SyntheticEvents(seed, keys, bytes, FIXED);
    }

    @Test
    void sameSeedGivesSameBytesAndAnotherSeedDoesNot() {
        SyntheticEvents first = events(42, 100, 350);
        SyntheticEvents second = events(42, 100, 350);
        SyntheticEvents other = events(43, 100, 350);
        for (int i = 0; i < 1_000; i++) {
            byte[] event = first.next();
            assertThat(second.next()).isEqualTo(event);
            assertThat(other.next()).isNotEqualTo(event);
        }
    }

    @Test
    void everyEventIsAnObjectWithAValidKeyAStringIdAndAnOffsetTimestamp() throws IOException {
        SyntheticEvents events = events(7, 1_000, 350);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            JsonNode event = JSON.readTree(events.next());
            assertThat(event.isObject()).isTrue();
            assertThat(event.get("event_key").asText()).matches(VALID_KEY).isEqualTo(events.lastEventKey());
            assertThat(event.get("event_id").isTextual()).isTrue();
            assertThat(UUID.fromString(event.get("event_id").asText()).version()).isEqualTo(4);
            ids.add(event.get("event_id").asText());
            OffsetDateTime occurredAt = OffsetDateTime.parse(event.get("occurred_at").asText(),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            assertThat(occurredAt.getOffset().getTotalSeconds()).isEqualTo(-5 * 3600);
            assertThat(Duration.between(occurredAt.toInstant(), NOW)).isBetween(Duration.ZERO, Duration.ofSeconds(30));
            assertThat(event.get("data").get("company_id") != null || events.lastEventKey().endsWith(".heartbeat"))
                    .isTrue();
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void someEventsAreLateBySecondsButMostByMilliseconds() throws IOException {
        SyntheticEvents events = events(11, 100, 350);
        int late = 0;
        for (int i = 0; i < 10_000; i++) {
            Instant occurredAt = OffsetDateTime.parse(JSON.readTree(events.next()).get("occurred_at").asText()).toInstant();
            if (Duration.between(occurredAt, NOW).toMillis() >= 1_000) {
                late++;
            }
        }
        assertThat(late).isBetween(50, 500);
    }

    @Test
    void keyDistributionIsSkewedTowardsAFewKeys() {
        Map<String, Integer> counts = countKeys(events(1, SyntheticEvents.DEFAULT_DISTINCT_KEYS, 350), 10_000);
        int top = counts.values().stream().max(Comparator.naturalOrder()).orElseThrow();
        assertThat(top).isGreaterThanOrEqualTo(1_500);
        int topFive = counts.values().stream().sorted(Comparator.reverseOrder()).limit(5).mapToInt(Integer::intValue).sum();
        assertThat(topFive).isGreaterThan(5_000);
    }

    @Test
    void aThousandKeysShowALongTailWithoutExceedingTheLimit() {
        Map<String, Integer> counts = countKeys(events(2, 1_000, 350), 100_000);
        assertThat(counts.size()).isBetween(500, 1_000);
        assertThat(counts).containsKey("payroll.run.created").containsKey("feature.x35.clicked");
        assertThat(counts.keySet()).allMatch(key -> VALID_KEY.matcher(key).matches());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 34, 35, 50})
    void distinctKeysIsAnUpperBound(int keys) {
        Map<String, Integer> counts = countKeys(events(3, keys, 350), 20_000);
        assertThat(counts.size()).isLessThanOrEqualTo(keys).isGreaterThanOrEqualTo(Math.min(keys, 20));
    }

    @ParameterizedTest
    @ValueSource(ints = {350, 500, 1_000, 4_096})
    void averageSizeIsWithinTwentyPercentOfTheTarget(int target) {
        SyntheticEvents events = events(4, 1_000, target);
        long total = 0;
        for (int i = 0; i < 10_000; i++) {
            total += events.next().length;
        }
        assertThat(total / 10_000.0).isBetween(target * 0.8, target * 1.2);
    }

    @Test
    void personalDataAppearsInSomeEvents() throws IOException {
        SyntheticEvents events = events(5, 100, 350);
        Map<String, Integer> found = new HashMap<>();
        boolean nonAsciiName = false;
        for (int i = 0; i < 5_000; i++) {
            JsonNode data = JSON.readTree(events.next()).get("data");
            JsonNode employee = data.path("employee");
            for (String field : new String[] {"ssn", "email", "date_of_birth", "name"}) {
                if (employee.has(field)) {
                    found.merge(field, 1, Integer::sum);
                }
            }
            for (String field : new String[] {"account_number", "routing_number"}) {
                if (data.path("bank_account").has(field)) {
                    found.merge(field, 1, Integer::sum);
                }
            }
            nonAsciiName |= employee.path("name").asText().chars().anyMatch(c -> c > 127);
        }
        assertThat(found).containsKeys("ssn", "email", "date_of_birth", "name", "account_number", "routing_number");
        assertThat(found.get("ssn")).isBetween(250, 2_000);
        assertThat(nonAsciiName).isTrue();
    }

    @Test
    void heartbeatsAppearOccasionally() {
        Map<String, Integer> counts = countKeys(events(6, SyntheticEvents.DEFAULT_DISTINCT_KEYS, 350), 10_000);
        int heartbeats = counts.entrySet().stream()
                .filter(entry -> entry.getKey().endsWith(".heartbeat")).mapToInt(Map.Entry::getValue).sum();
        assertThat(heartbeats).isBetween(20, 500);
    }

    @Test
    void givenEventIdIsUsedAndEscaped() throws IOException {
        SyntheticEvents events = events(8, 100, 350);
        assertThat(JSON.readTree(events.next("bench-000001")).get("event_id").asText()).isEqualTo("bench-000001");
        String awkward = "id \"quoted\" \\ back\tslash é";
        assertThat(JSON.readTree(events.next(awkward)).get("event_id").asText()).isEqualTo(awkward);
    }

    private static Map<String, Integer> countKeys(SyntheticEvents events, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            events.next();
            counts.merge(events.lastEventKey(), 1, Integer::sum);
        }
        return counts;
    }
}
