package routes.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import routes.contract.EventFieldNames;

/** The hostile-input suite's edge events at admission alone: each is accepted with its id, or refused with its reason. */
class EdgeEventsAdmissionTest {

    private static final String TOPIC = "events";
    private static final String DLQ = "events-dlq";
    private final EventAdmission admission = new EventAdmission(EventSizeLimits.defaults(), EventFieldNames.defaults(),
            SanitizeRules.fromClasspath("sanitize.yaml", "k".getBytes(StandardCharsets.UTF_8)), WarehouseValueLimits.unlimited());

    static Stream<HostileInputs.EdgeEvent> edges() {
        return HostileInputs.edgeEvents(TOPIC, DLQ).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edges")
    void eachEdgeEventIsAdmittedWithItsIdOrRefusedWithItsReason(HostileInputs.EdgeEvent edge) {
        // what AdmissionStep passes for a redriven copy (DerivedIdOrigin)
        AdmissionVerdict verdict = edge.redrivenFrom() == null
                ? admission.admit(edge.bytes(), TOPIC, 0, 900, edge.kafkaMillis())
                : admission.admit(edge.bytes(), DLQ, 0, 7, edge.kafkaMillis());

        if (edge.reason() == null) {
            assertThat(verdict).isInstanceOfSatisfying(AdmissionVerdict.Accepted.class, accepted -> {
                assertThat(accepted.eventId()).isEqualTo(edge.loadedId());
                assertThat(accepted.eventKey()).isEqualTo(edge.groupKey());
            });
        } else {
            assertThat(verdict).isInstanceOfSatisfying(AdmissionVerdict.Rejected.class,
                    rejected -> assertThat(rejected.reason().code()).isEqualTo(edge.reason()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edges")
    void everyNeighbourIsGood(HostileInputs.EdgeEvent edge) {
        byte[] neighbour = HostileInputs.neighbour(edge.idlessNeighbours() ? null : "nb-1", edge.groupKey());

        assertThat(admission.admit(neighbour, TOPIC, 0, 1, HostileInputs.KAFKA_MILLIS)).isInstanceOf(AdmissionVerdict.Accepted.class);
    }
}
