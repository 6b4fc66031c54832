package routes.load;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An {@link ObjectStore} for tests: objects in a map, plus a hook that runs when an object is opened and scripted
 * store failures.
 */
final class InMemoryObjectStore implements ObjectStore {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private volatile Consumer<String> onOpen = key -> { };

    void put(String bucket, String key, byte[] body) {
        objects.put(bucket + "/" + key, body);
    }

    void onOpen(Consumer<String> hook) {
        this.onOpen = hook;
    }

    /** The next {@code times} opens of {@code key} fail as a store that cannot be read (network, throttling). */
    void failReads(String key, int times) {
        failures.put(key, new AtomicInteger(times));
    }

    @Override
    public InputStream open(String bucket, String key) throws IOException {
        onOpen.accept(key);
        AtomicInteger failing = failures.get(key);
        if (failing != null && failing.getAndDecrement() > 0) {
            throw new IOException("S3 read failed: SdkClientException");
        }
        byte[] body = objects.get(bucket + "/" + key);
        if (body == null) {
            throw new ObjectNotFoundException("object not found");
        }
        return new ByteArrayInputStream(body);
    }

    @Override
    public java.util.OptionalLong size(String bucket, String key) {
        byte[] body = objects.get(bucket + "/" + key);
        return body == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(body.length);
    }
}
