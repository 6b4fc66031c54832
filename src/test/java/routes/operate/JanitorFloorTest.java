package routes.operate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import routes.config.PipelineSettings;
import routes.config.Setting;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JanitorFloorTest {

    @ParameterizedTest(name = "flush timeout {0} ms: floor {1}")
    @CsvSource({
            "20000,   PT5M",
            "0,       PT5M",
            "21000,   PT5M",
            "22000,   PT6M",
            "120000,  PT7M",
            "3600000, PT65M",
    })
    void theFloorIsTwoSendTimeoutsTheLongestRetryPauseAndTheStopsFlushRoundedUpToAMinute(long flushMillis, String floor) {
        PipelineSettings settings = PipelineSettings.builder().set(Setting.SHUTDOWN_FLUSH_TIMEOUT_MS, Long.toString(flushMillis)).build();

        assertThat(JanitorFloor.of(settings).value()).isEqualTo(Duration.parse(floor));
    }

    @ParameterizedTest(name = "--older-than {0}: {1}")
    @CsvSource({
            "PT1S,   refused",
            "PT4M59S, refused",
            "PT5M,   allowed",
            "PT24H,  allowed",
    })
    void anAgeBelowTheFloorIsRefusedNamingTheOptionAndTheFloor(String age, String outcome) {
        JanitorFloor floor = JanitorFloor.of(PipelineSettings.defaults());
        Duration olderThan = Duration.parse(age);

        if (outcome.equals("refused")) {
            assertThatIllegalArgumentException().isThrownBy(() -> floor.check(olderThan))
                    .withMessageContaining("--older-than").withMessageContaining("below the floor of 5m");
        } else {
            floor.check(olderThan);
        }
    }

    @Test
    void theCutoffIsTheS3ServersNowMinusTheAge() {
        JanitorFloor floor = JanitorFloor.of(PipelineSettings.defaults());
        Instant s3Now = Instant.parse("2026-12-07T10:00:00Z");

        assertThat(floor.cutoff(s3Now, Duration.ofHours(24))).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        assertThatIllegalArgumentException().isThrownBy(() -> floor.cutoff(s3Now, Duration.ofSeconds(1)));
    }

    @Test
    void theFloorsRetryTermsAreTheOnesThePackagedRoutesGiveTheBatchersNotificationSend() throws IOException {
        String routes;
        try (InputStream in = getClass().getResourceAsStream("/routes.yaml")) {
            routes = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String retries = block(routes, "id: retry-until-durable");
        String batcherWrite = block(routes, "id: batcher-write");

        assertThat(batcherWrite).contains("routeConfigurationId: retry-until-durable").doesNotContain("deliveryTimeoutMs");
        long maxDelay = Long.parseLong(value(retries, "maximumRedeliveryDelay"));
        double collision = Double.parseDouble(value(retries, "collisionAvoidanceFactor"));
        assertThat(Duration.ofMillis(Math.round(maxDelay * (1 + collision)))).isEqualTo(JanitorFloor.LONGEST_PAUSE);
        assertThat(JanitorFloor.SEND_TIMEOUT).as("camel-kafka's default delivery.timeout.ms").isEqualTo(Duration.ofSeconds(120));
    }

    /** From the line containing {@code start} to the next top-level list item. */
    private static String block(String yaml, String start) {
        int from = yaml.indexOf(start);
        assertThat(from).as(start).isNotNegative();
        int to = yaml.indexOf("\n- ", from);
        return yaml.substring(from, to < 0 ? yaml.length() : to);
    }

    private static String value(String block, String key) {
        Matcher m = Pattern.compile(key + ":\\s*([0-9.]+)").matcher(block);
        assertThat(m.find()).as(key).isTrue();
        return m.group(1);
    }
}
