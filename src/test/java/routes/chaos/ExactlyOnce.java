package routes.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import routes.batch.AdmissionVerdict;
import routes.batch.EventSizeLimits;
import routes.contract.BatchNotification;
import routes.batch.EventAdmission;
import routes.contract.EventFieldNames;
import routes.batch.SanitizeRules;
import routes.batch.WarehouseValueLimits;
import routes.testing.EmbeddedServices;
import routes.testing.PipelineOutputs;
import routes.testing.TestEvents;
import routes.testing.TestPipelines.Namespace;
import routes.testing.Warehouse;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariant every chaos test ends with, read back from the real systems: events {@code 0..produced-1}
 * of {@link TestEvents} are each in the table exactly once, each payload is exactly what admission makes of
 * the input bytes, and the ledger agrees with the notifications on topic B.
 */
final class ExactlyOnce {

    /** What the run cost in redelivery, from the ledger and topic B. */
    record Figures(long notifications, long distinctBatches, long ledgerBatches, long reloadedBatches,
                   long duplicatesSkipped, long objects) {
        /** Notifications published again for a batch already announced (same batch id). */
        long republished() {
            return notifications - distinctBatches;
        }

        @Override
        public String toString() {
            return "notifications=" + notifications + " distinct_batches=" + distinctBatches + " ledger_batches="
                    + ledgerBatches + " republished_notifications=" + republished()
                    + " batches_recut_after_crash(rows_inserted<record_count)=" + reloadedBatches
                    + " duplicates_skipped=" + duplicatesSkipped + " objects=" + objects;
        }
    }

    private static final String HMAC_KEY = "test-hmac-key-of-at-least-32-bytes"; // TestPipelines.settings

    private ExactlyOnce() {
    }

    static Figures verify(Namespace ns, int produced, int keys) throws SQLException {
        String table = ns.table();
        assertThat(Warehouse.rows(table)).as("rows").isEqualTo(produced);
        assertThat(Warehouse.distinctIds(table)).as("distinct event ids").isEqualTo(produced);
        assertThat(Warehouse.count("select count(*) from " + table + " where event_id !~ '^ev-[0-9]{7}$'"
                + " or substring(event_id from 4)::int >= " + produced)).as("ids never produced").isZero();
        assertThat(payloadMismatches(table, keys)).as("rows whose payload is not the sanitized input").isZero();

        List<BatchNotification> notifications = PipelineOutputs.notifications(ns.batches());
        Set<String> notified = new HashSet<>();
        notifications.forEach(n -> notified.add(n.batchId()));
        Set<String> ledger = ledgerBatchIds(table);
        assertThat(Warehouse.count("select coalesce(sum(rows_inserted),0) from event_pipeline.loads where target_table = '"
                + table + "'")).as("sum of rows_inserted in the ledger").isEqualTo(produced);
        assertThat(notified).as("every ledger batch has a notification, every notified batch is in the ledger")
                .isEqualTo(ledger);
        assertThat(EmbeddedServices.consumeAll(ns.dlq(), Duration.ofSeconds(10))).as("dead letters").isEmpty();

        long recut = Warehouse.count("select count(*) from event_pipeline.loads where target_table = '" + table
                + "' and rows_inserted < record_count");
        long skipped = Warehouse.count("select coalesce(sum(duplicates_skipped),0) from event_pipeline.loads where target_table = '"
                + table + "'");
        long objects = objectCount(ns);
        return new Figures(notifications.size(), notified.size(), ledger.size(), recut, skipped, objects);
    }

    private static long objectCount(Namespace ns) {
        return EmbeddedServices.listObjects(ns.prefix()).stream().filter(k -> k.endsWith(".ndjson.gz")).count();
    }

    /** Streams every row and compares its payload with admission's output for the same input bytes. */
    private static long payloadMismatches(String table, int keys) throws SQLException {
        EventAdmission admission = new EventAdmission(EventSizeLimits.defaults(), EventFieldNames.defaults(),
                SanitizeRules.fromClasspath("sanitize.yaml", HMAC_KEY.getBytes(StandardCharsets.UTF_8)),
                WarehouseValueLimits.unlimited()); // the tests' warehouse is PostgreSQL
        long mismatches = 0;
        try (Connection c = EmbeddedServices.dataSource().getConnection()) {
            c.setAutoCommit(false); // a cursor: rows stream instead of all arriving at once
            try (PreparedStatement s = c.prepareStatement("select event_id, payload::text from " + table)) {
                s.setFetchSize(5_000);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        int i = Integer.parseInt(rs.getString(1).substring(3));
                        AdmissionVerdict expected = admission.admit(TestEvents.event(i, keys), "t", 0, i, 0L);
                        JsonNode want = PipelineOutputs.parse(new String(((AdmissionVerdict.Accepted) expected).json(), StandardCharsets.UTF_8));
                        if (!want.equals(PipelineOutputs.parse(rs.getString(2)))) {
                            mismatches++;
                        }
                    }
                }
            }
            c.rollback();
        }
        return mismatches;
    }

    private static Set<String> ledgerBatchIds(String table) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = EmbeddedServices.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("select batch_id from event_pipeline.loads where target_table = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }
}
