package routes.load;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import routes.contract.BatchNotification;
import routes.monitor.ContextThreadPools;
import routes.monitor.NamedThreads;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Reads a load's objects from the store on a small pool shared by every load of the process
 * ({@code pipeline.load.fetch-threads}), so the next objects arrive while the current one streams into COPY, and a
 * manifest's HEAD requests run side by side: with small objects, the GET was about half of each object's staging time
 * (docs/performance.md, "Loader prefetch"). With no threads every object is read at its turn on the load's own thread.
 * Given the loader's Camel context, the pool is one of the context's ({@link ContextThreadPools}); without one
 * (preflight's canary) a plain pool of the same shape.
 */
public final class ObjectFetcher implements CamelContextAware, AutoCloseable {

    /** Objects one load may have fetched or being fetched ahead, per fetch thread. */
    static final int AHEAD_OBJECTS_PER_THREAD = 4;

    private final ObjectStore store;
    private CamelContext camelContext;
    private ExecutorService pool;
    private final int threads;
    private final long aheadBytes;

    /**
     * @param threads    fetch threads (0: none, every object is read at its turn)
     * @param aheadBytes compressed bytes one load may hold fetched ahead; larger objects are read at their turn
     */
    public ObjectFetcher(ObjectStore store, int threads, long aheadBytes) {
        if (threads < 0 || aheadBytes < 0 || aheadBytes >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("fetch threads and ahead bytes must be >= 0 (bytes < 2 GiB)");
        }
        this.store = store;
        this.threads = threads;
        this.aheadBytes = aheadBytes;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        pool(); // made now, so that it is listed from the start
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** The fetch pool, made at first need; null without threads. An idle loader (or preflight) keeps no threads. */
    private synchronized ExecutorService pool() {
        if (pool == null && threads > 0) {
            // unbounded queue, Abort: a load's own bound (AHEAD_OBJECTS_PER_THREAD) limits what waits; a rejected
            // fetch must fail the load, never run on the load's thread (CallerRuns)
            pool = camelContext == null ? plainPool(threads) : ContextThreadPools.pool(camelContext,
                    this, "load-fetch", new ThreadPoolProfileBuilder("load-fetch").poolSize(threads).maxPoolSize(threads)
                            .keepAliveTime(30L, TimeUnit.SECONDS).allowCoreThreadTimeOut(true)
                            .maxQueueSize(Integer.MAX_VALUE).rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build());
        }
        return pool;
    }

    private static ExecutorService plainPool(int threads) {
        ThreadPoolExecutor plain = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("load-fetch"));
        plain.allowCoreThreadTimeOut(true);
        return plain;
    }

    /** Every object read at its turn on the caller's thread, as before prefetching. */
    public static ObjectFetcher direct(ObjectStore store) {
        return new ObjectFetcher(store, 0, 0);
    }

    /** Starts fetching {@code batches}' objects ahead, in order; close the result when the load ends. */
    PrefetchedObjects ahead(List<BatchNotification> batches) {
        return new PrefetchedObjects(store, pool(), batches, threads * AHEAD_OBJECTS_PER_THREAD, aheadBytes);
    }

    /**
     * The length of each object of {@code batches}, empty for one that does not exist (a HEAD each, at most
     * {@code threads} at a time), in order.
     *
     * @throws IOException when the store cannot say for one of them (the remaining requests are cancelled)
     */
    List<OptionalLong> sizes(String bucket, List<BatchNotification> batches) throws IOException {
        List<OptionalLong> found = new ArrayList<>(batches.size());
        ExecutorService pool = pool();
        if (pool == null) {
            for (BatchNotification b : batches) {
                found.add(store.size(bucket, b.key()));
            }
            return found;
        }
        List<Future<OptionalLong>> heads = new ArrayList<>(batches.size());
        try {
            for (BatchNotification b : batches) {
                heads.add(pool.submit(() -> store.size(bucket, b.key())));
            }
            for (Future<OptionalLong> head : heads) {
                found.add(await(head, "a HEAD request"));
            }
            return found;
        } finally {
            for (int i = heads.size() - 1; i >= 0; i--) { // last first, as PrefetchedObjects#close
                heads.get(i).cancel(true);
            }
        }
    }

    /**
     * The result of one of this pool's tasks, with what it threw as the load sees it: the task's own
     * {@link IOException} or runtime exception as is, a cancellation (a stop) as an {@link IOException}.
     *
     * @param what names the task in the messages, e.g. "an object fetch"
     */
    static <T> T await(Future<T> task, String what) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + what);
        } catch (CancellationException e) {
            throw new IOException(what + " cancelled: the loader is stopping");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(what + " failed", cause);
        }
    }

    /** Stops the threads; fetches not yet started are cancelled, so a load waiting for one fails (transiently). */
    @Override
    public synchronized void close() {
        if (pool != null && !pool.isShutdown()) { // the context's stop shuts its pools down first
            List<Runnable> queued = camelContext == null ? pool.shutdownNow()
                    : camelContext.getExecutorServiceManager().shutdownNow(pool);
            for (Runnable task : queued) {
                if (task instanceof Future<?> fetch) {
                    fetch.cancel(false);
                }
            }
        }
    }
}
