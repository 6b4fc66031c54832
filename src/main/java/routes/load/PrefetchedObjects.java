package routes.load;

import routes.contract.BatchNotification;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * One load's objects, fetched ahead of the COPY on the {@link ObjectFetcher}'s threads and handed out in the load's
 * order. At most {@code aheadObjects} objects and {@code aheadBytes} compressed bytes (as the notifications declare
 * them) are fetched or held ahead; an object larger than {@code aheadBytes} is not prefetched but opened at its turn,
 * as is one that turns out larger than its notification says (its verification then fails as it always did).
 *
 * <p>Whatever opening or reading an object threw (a missing object, a transient store failure) is thrown by
 * {@link #open} for that object, so it is attributed to its own batch exactly as a direct read would be. The bytes
 * are handed out unverified: the caller verifies them as it verifies a direct read. {@link #close} cancels what is
 * still being fetched; not thread-safe (one load, one thread).
 */
final class PrefetchedObjects implements AutoCloseable {

    private final ObjectStore store;
    private final ExecutorService pool;
    private final List<BatchNotification> batches;
    private final int aheadObjects;
    private final long aheadBytes;
    private final List<Future<byte[]>> fetches;
    private int next;
    private int scheduled;
    private int heldObjects;
    private long heldBytes;
    private long waitNanos;
    private boolean closed;

    PrefetchedObjects(ObjectStore store, ExecutorService pool, List<BatchNotification> batches, int aheadObjects,
                      long aheadBytes) {
        this.store = store;
        this.pool = pool;
        this.batches = List.copyOf(batches);
        this.aheadObjects = aheadObjects;
        this.aheadBytes = aheadBytes;
        this.fetches = new ArrayList<>(batches.size());
        for (int i = 0; i < batches.size(); i++) {
            fetches.add(null);
        }
        fetchAhead();
    }

    /**
     * The raw bytes of {@code batch}, the load's next object (objects are opened in the load's order).
     *
     * @throws ObjectNotFoundException the object does not exist
     * @throws IOException             the store could not be read (not the batch's fault)
     */
    InputStream open(BatchNotification batch) throws IOException {
        if (closed || next >= batches.size() || batches.get(next) != batch) {
            throw new IllegalStateException("objects are opened once each, in the load's order");
        }
        Future<byte[]> fetch = fetches.set(next++, null);
        if (fetch == null) {
            fetchAhead();
            return store.open(batch.bucket(), batch.key());
        }
        byte[] body;
        try {
            body = await(fetch);
        } finally {
            heldObjects--;
            heldBytes -= batch.bytes();
            fetchAhead();
        }
        return body == null ? store.open(batch.bucket(), batch.key()) : new ByteArrayInputStream(body);
    }

    /** How long {@link #open} waited for objects still being fetched. */
    long waitMillis() {
        return waitNanos / 1_000_000;
    }

    /** Cancels the fetches still running or queued; what was fetched is dropped. */
    @Override
    public void close() {
        closed = true;
        // last first: a thread freed by cancelling a running fetch must not start a later one still queued
        for (int i = fetches.size() - 1; i >= 0; i--) {
            Future<byte[]> fetch = fetches.get(i);
            if (fetch != null) {
                fetch.cancel(true);
            }
        }
    }

    /** Starts fetches in order while the bounds allow; an object too large to hold ahead is left for its turn. */
    private void fetchAhead() {
        while (!closed && scheduled < batches.size()) {
            BatchNotification b = batches.get(scheduled);
            if (b.bytes() > aheadBytes || b.bytes() < 0) {
                scheduled++;
                continue;
            }
            if (heldObjects >= aheadObjects || heldBytes + b.bytes() > aheadBytes) {
                return;
            }
            try {
                fetches.set(scheduled, pool.submit(() -> fetch(b)));
            } catch (RejectedExecutionException stopping) {
                return; // the fetcher is closing: the rest is opened at its turn
            }
            scheduled++;
            heldObjects++;
            heldBytes += b.bytes();
        }
    }

    /** The object's bytes, or null when it holds more than its notification declares (it is then read at its turn). */
    private byte[] fetch(BatchNotification b) throws IOException {
        try (InputStream in = store.open(b.bucket(), b.key())) {
            byte[] body = in.readNBytes((int) b.bytes() + 1);
            return body.length > b.bytes() ? null : body;
        }
    }

    private byte[] await(Future<byte[]> fetch) throws IOException {
        long started = System.nanoTime();
        try {
            return ObjectFetcher.await(fetch, "an object fetch");
        } finally {
            waitNanos += System.nanoTime() - started;
        }
    }
}
