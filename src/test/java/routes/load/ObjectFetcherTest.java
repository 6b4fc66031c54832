package routes.load;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import routes.contract.BatchNotification;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The prefetcher alone, on a scripted store whose reads can be held: objects come out in the load's order whatever
 * order they arrive in, no more than the bounds are fetched ahead, a failure is thrown for its own object only, and
 * closing a load cancels what it still fetches.
 */
class ObjectFetcherTest {

    private static final String BUCKET = "event-logs";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ScriptedStore store = new ScriptedStore();
    private final List<ObjectFetcher> fetchers = new ArrayList<>();

    @AfterEach
    void closeFetchers() {
        store.releaseAll();
        fetchers.forEach(ObjectFetcher::close);
    }

    @Test
    void objectsComeOutInTheLoadsOrderWhenLaterOnesArriveFirst() throws Exception {
        List<BatchNotification> batches = batches(6, 10);
        store.hold(batches.get(0).key()); // the first object is the slowest
        ObjectFetcher fetcher = fetcher(4, 1 << 20);

        try (PrefetchedObjects objects = fetcher.ahead(batches)) {
            await().atMost(WAIT).until(() -> store.finished.size() >= 3);
            assertThat(store.finished).doesNotContain(batches.get(0).key());
            store.release(batches.get(0).key());
            for (BatchNotification b : batches) {
                assertThat(read(objects.open(b))).isEqualTo(body(b));
            }
        }
        assertThat(store.opened).containsExactlyInAnyOrderElementsOf(batches.stream().map(BatchNotification::key).toList());
    }

    @Test
    void noMoreThanFourObjectsPerThreadAreFetchedAhead() throws Exception {
        List<BatchNotification> batches = batches(40, 10);
        ObjectFetcher fetcher = fetcher(2, 1 << 20);

        try (PrefetchedObjects objects = fetcher.ahead(batches)) {
            await().atMost(WAIT).until(() -> store.opened.size() == 8);
            Thread.sleep(200); // would a ninth start? (a bound can only be shown by its absence)
            assertThat(store.opened).hasSize(8);

            objects.open(batches.get(0)).close();
            await().atMost(WAIT).until(() -> store.opened.size() == 9);
            assertThat(store.opened).contains(batches.get(8).key());
        }
    }

    @Test
    void noMoreThanTheAheadBytesAreFetchedAheadAndALargerObjectIsReadAtItsTurn() throws Exception {
        List<BatchNotification> batches = new ArrayList<>(batches(3, 400));
        batches.add(1, notification("big", 5_000));
        store.put(batches.get(1));
        ObjectFetcher fetcher = fetcher(4, 1_000);

        try (PrefetchedObjects objects = fetcher.ahead(batches)) {
            await().atMost(WAIT).until(() -> store.opened.size() == 2);
            Thread.sleep(200);
            assertThat(store.opened)
                    .as("800 of 1,000 bytes held: the third small object (400 more) waits, the big one is not prefetched")
                    .containsExactlyInAnyOrder(batches.get(0).key(), batches.get(2).key());

            assertThat(read(objects.open(batches.get(0)))).isEqualTo(body(batches.get(0)));
            assertThat(read(objects.open(batches.get(1)))).isEqualTo(body(batches.get(1)));
            assertThat(store.openedOn.get(batches.get(1).key())).isEqualTo(Thread.currentThread().getName());
            assertThat(read(objects.open(batches.get(2)))).isEqualTo(body(batches.get(2)));
            assertThat(read(objects.open(batches.get(3)))).isEqualTo(body(batches.get(3)));
        }
    }

    @Test
    void aMissingObjectIsThrownForItsOwnBatchAndTheOthersStillArrive() throws Exception {
        List<BatchNotification> batches = batches(4, 10);
        store.remove(batches.get(1));
        ObjectFetcher fetcher = fetcher(4, 1 << 20);

        try (PrefetchedObjects objects = fetcher.ahead(batches)) {
            assertThat(read(objects.open(batches.get(0)))).isEqualTo(body(batches.get(0)));
            assertThatThrownBy(() -> objects.open(batches.get(1))).isInstanceOf(ObjectNotFoundException.class);
            assertThat(read(objects.open(batches.get(2)))).isEqualTo(body(batches.get(2)));
            assertThat(read(objects.open(batches.get(3)))).isEqualTo(body(batches.get(3)));
        }
    }

    @Test
    void aTransientStoreFailureIsThrownAsTheSameIOExceptionForItsObject() throws Exception {
        List<BatchNotification> batches = batches(3, 10);
        store.failWith(batches.get(2).key(), new IOException("S3 read failed: SdkClientException"));
        ObjectFetcher fetcher = fetcher(4, 1 << 20);

        try (PrefetchedObjects objects = fetcher.ahead(batches)) {
            objects.open(batches.get(0)).close();
            objects.open(batches.get(1)).close();
            assertThatThrownBy(() -> objects.open(batches.get(2)))
                    .isExactlyInstanceOf(IOException.class).hasMessage("S3 read failed: SdkClientException");
        }
    }

    @Test
    void anObjectLargerThanItsNotificationSaysIsReadAgainAtItsTurnSoVerificationSeesAllOfIt() throws Exception {
        BatchNotification liar = notification("liar", 10);
        store.put(liar.key(), new byte[25]);
        ObjectFetcher fetcher = fetcher(2, 1 << 20);

        try (PrefetchedObjects objects = fetcher.ahead(List.of(liar))) {
            assertThat(read(objects.open(liar))).hasSize(25);
        }
        assertThat(store.opened).containsExactly(liar.key(), liar.key());
    }

    @Test
    void objectsMustBeOpenedInTheLoadsOrder() {
        List<BatchNotification> batches = batches(2, 10);
        ObjectFetcher fetcher = fetcher(2, 1 << 20);

        try (PrefetchedObjects objects = fetcher.ahead(batches)) {
            assertThatThrownBy(() -> objects.open(batches.get(1))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closingALoadCancelsTheFetchesItStillWaitsFor() throws Exception {
        List<BatchNotification> batches = batches(8, 10);
        batches.forEach(b -> store.hold(b.key()));
        ObjectFetcher fetcher = fetcher(2, 1 << 20);

        PrefetchedObjects objects = fetcher.ahead(batches);
        await().atMost(WAIT).until(() -> store.waiting.get() == 2);
        objects.close();

        await().atMost(WAIT).until(() -> store.interrupted.get() == 2);
        Thread.sleep(200);
        assertThat(store.opened).as("queued fetches never start").hasSize(2);
    }

    @Test
    void withoutThreadsEachObjectIsReadAtItsTurnOnTheLoadsThread() throws Exception {
        List<BatchNotification> batches = batches(3, 10);

        try (PrefetchedObjects objects = ObjectFetcher.direct(store).ahead(batches)) {
            assertThat(store.opened).isEmpty();
            for (BatchNotification b : batches) {
                assertThat(read(objects.open(b))).isEqualTo(body(b));
                assertThat(store.openedOn.get(b.key())).isEqualTo(Thread.currentThread().getName());
            }
        }
    }

    @Test
    void headRequestsRunSideBySideUpToTheThreadCountAndAnswerInOrder() throws Exception {
        List<BatchNotification> batches = batches(10, 10);
        store.remove(batches.get(3));
        store.headDelay = Duration.ofMillis(100);
        ObjectFetcher fetcher = fetcher(4, 1 << 20);

        long started = System.nanoTime();
        List<Boolean> found = fetcher.sizes(BUCKET, batches).stream().map(java.util.OptionalLong::isPresent).toList();
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(found).containsExactly(true, true, true, false, true, true, true, true, true, true);
        assertThat(store.mostHeadsAtOnce.get()).isEqualTo(4);
        assertThat(millis).as("10 HEADs of 100 ms, 4 at a time: 3 rounds").isLessThan(900);
    }

    @Test
    void aHeadTheStoreCannotAnswerFailsTheWholeCheck() {
        List<BatchNotification> batches = batches(5, 10);
        store.failWith(batches.get(2).key(), new IOException("S3 HEAD failed: SdkClientException"));
        ObjectFetcher fetcher = fetcher(2, 1 << 20);

        assertThatThrownBy(() -> fetcher.sizes(BUCKET, batches)).hasMessage("S3 HEAD failed: SdkClientException");
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private ObjectFetcher fetcher(int threads, long aheadBytes) {
        ObjectFetcher fetcher = new ObjectFetcher(store, threads, aheadBytes);
        fetchers.add(fetcher);
        return fetcher;
    }

    private List<BatchNotification> batches(int n, int bytes) {
        List<BatchNotification> batches = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BatchNotification b = notification("b" + i + "-" + bytes, bytes);
            store.put(b);
            batches.add(b);
        }
        return batches;
    }

    private static BatchNotification notification(String id, long bytes) {
        return new BatchNotification(id, "payroll.run", "public.events", BUCKET,
                "events/event_key=payroll.run/" + id + ".ndjson.gz", 1, bytes, "0".repeat(64),
                "2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z", List.of(), "2026-12-01T00:00:00Z");
    }

    private static byte[] body(BatchNotification b) {
        byte[] body = new byte[(int) b.bytes()];
        byte[] name = b.batchId().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, body, 0, Math.min(name.length, body.length));
        return body;
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    /** Objects in a map; reads of a held key wait until released (or interrupted); failures scripted per key. */
    private static final class ScriptedStore implements ObjectStore {
        final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
        final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
        final Map<String, IOException> failures = new ConcurrentHashMap<>();
        final List<String> opened = new CopyOnWriteArrayList<>();
        final Set<String> finished = ConcurrentHashMap.newKeySet();
        final Map<String, String> openedOn = new ConcurrentHashMap<>();
        final AtomicInteger waiting = new AtomicInteger();
        final AtomicInteger interrupted = new AtomicInteger();
        final AtomicInteger headsAtOnce = new AtomicInteger();
        final AtomicInteger mostHeadsAtOnce = new AtomicInteger();
        volatile Duration headDelay = Duration.ZERO;

        void put(BatchNotification b) {
            put(b.key(), body(b));
        }

        void put(String key, byte[] body) {
            bodies.put(key, body);
        }

        void remove(BatchNotification b) {
            bodies.remove(b.key());
        }

        void hold(String key) {
            held.put(key, new CountDownLatch(1));
        }

        void release(String key) {
            held.remove(key).countDown();
        }

        void releaseAll() {
            held.values().forEach(CountDownLatch::countDown);
        }

        void failWith(String key, IOException failure) {
            failures.put(key, failure);
        }

        @Override
        public InputStream open(String bucket, String key) throws IOException {
            opened.add(key);
            openedOn.put(key, Thread.currentThread().getName());
            CountDownLatch gate = held.get(key);
            if (gate != null) {
                waiting.incrementAndGet();
                try {
                    gate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                    throw new java.io.InterruptedIOException();
                }
            }
            IOException failure = failures.get(key);
            if (failure != null) {
                throw failure;
            }
            byte[] body = bodies.get(key);
            if (body == null) {
                throw new ObjectNotFoundException("object not found");
            }
            finished.add(key);
            return new ByteArrayInputStream(body);
        }

        @Override
        public java.util.OptionalLong size(String bucket, String key) throws IOException {
            int now = headsAtOnce.incrementAndGet();
            mostHeadsAtOnce.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(headDelay.toMillis());
                IOException failure = failures.get(key);
                if (failure != null) {
                    throw failure;
                }
                byte[] body = bodies.get(key);
                return body == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(body.length);
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            } finally {
                headsAtOnce.decrementAndGet();
            }
        }
    }
}
