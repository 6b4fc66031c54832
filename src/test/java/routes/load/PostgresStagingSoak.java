package routes.load;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import routes.contract.BatchNotification;
import routes.load.WarehouseDialect.Staged;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A measurement, not a test of behaviour: what staging costs per object on PostgreSQL with the load's objects in one
 * COPY ({@link PostgresStaging#inOneCopy}) and with one savepoint and COPY per object ({@link PostgresStaging#eachApart},
 * the fallback and the only path before), over the bench's short-window shape: loads of 64 small objects of ~48 rows.
 * Both run in one JVM against one embedded PostgreSQL, alternating within each round (ABBA) so that a busy machine
 * weighs on both alike; each load is rolled back, so every load stages the same objects into an empty stage. Prints
 * ms per object per round and the medians. Not part of {@code mvn verify}; run it with
 * {@code mvn -B verify -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=PostgresStagingSoak}
 * ({@code -Dstaging.soak.rounds=7 -Dstaging.soak.loads=5 -Dstaging.soak.objects=64 -Dstaging.soak.rows=48}).
 */
@Tag("soak")
class PostgresStagingSoak {

    private static final int ROUNDS = Integer.getInteger("staging.soak.rounds", 7);
    private static final int LOADS = Integer.getInteger("staging.soak.loads", 5);
    private static final int OBJECTS = Integer.getInteger("staging.soak.objects", 64);
    private static final int ROWS = Integer.getInteger("staging.soak.rows", 48);

    private interface Path {
        Staged stage(PostgresStaging staging, List<BatchNotification> batches, PrefetchedObjects prefetched)
                throws SQLException;
    }

    @Test
    void stagingCostPerObjectInOneCopyAndObjectByObject() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();
        GzipBatches batches = new GzipBatches(store);
        List<BatchNotification> load = new ArrayList<>();
        for (int i = 0; i < OBJECTS; i++) {
            load.add(batches.events("s" + i, (long) i * ROWS, (long) (i + 1) * ROWS));
        }
        Path oneCopy = PostgresStaging::inOneCopy;
        Path eachApart = PostgresStaging::eachApart;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             ObjectFetcher fetcher = new ObjectFetcher(store, 4, 32L << 20); // the settings' defaults
             Connection c = pg.getPostgresDatabase().getConnection()) {
            c.setAutoCommit(false);
            for (int warm = 0; warm < LOADS; warm++) { // JIT and the server's caches, not counted
                perObject(c, fetcher, load, oneCopy);
                perObject(c, fetcher, load, eachApart);
            }
            double[] one = new double[ROUNDS];
            double[] apart = new double[ROUNDS];
            List<String> lines = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                boolean oneFirst = round % 2 == 0;
                double first = perObject(c, fetcher, load, oneFirst ? oneCopy : eachApart);
                double second = perObject(c, fetcher, load, oneFirst ? eachApart : oneCopy);
                one[round] = oneFirst ? first : second;
                apart[round] = oneFirst ? second : first;
                lines.add(String.format(Locale.ROOT, "round %d: one COPY %.3f ms/object, object by object %.3f ms/object",
                        round + 1, one[round], apart[round]));
            }
            System.out.println("---- PostgreSQL staging, loads of " + OBJECTS + " objects x " + ROWS + " rows, "
                    + LOADS + " loads per path per round ----");
            lines.forEach(System.out::println);
            System.out.printf(Locale.ROOT, "median: one COPY %.3f ms/object, object by object %.3f ms/object (%.2fx)%n",
                    median(one), median(apart), median(apart) / median(one));
        }
    }

    /** Stages {@code load} {@link #LOADS} times by {@code path}, each in a transaction rolled back; ms per object. */
    private static double perObject(Connection c, ObjectFetcher fetcher, List<BatchNotification> load, Path path)
            throws SQLException {
        long nanos = 0;
        for (int i = 0; i < LOADS; i++) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS pg_temp." + PostgresDialect.STAGE);
                st.execute(PostgresDialect.CREATE_STAGE);
            }
            long started = System.nanoTime();
            Staged staged;
            try (PrefetchedObjects prefetched = fetcher.ahead(load)) {
                staged = path.stage(new PostgresStaging(c, fetcher, "soak"), load, prefetched);
            }
            nanos += System.nanoTime() - started;
            assertThat(staged.totalRows()).isEqualTo((long) OBJECTS * ROWS);
            c.rollback();
        }
        return nanos / 1e6 / LOADS / load.size();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
