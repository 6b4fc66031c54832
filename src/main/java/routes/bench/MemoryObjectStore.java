package routes.bench;

import routes.load.ObjectNotFoundException;
import routes.load.ObjectStore;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The loader's object store served from this JVM's heap: what {@code raw · postgres load} reads instead of S3, so
 * that the loader's warehouse work is timed without the GETs. Filled before the timed part, read by one load thread.
 */
final class MemoryObjectStore implements ObjectStore {

    private final Map<String, byte[]> objects = new HashMap<>();

    void put(String bucket, String key, byte[] body) {
        objects.put(bucket + "/" + key, body);
    }

    /** Forgets an object once its load has committed, so the stage holds only what is still to load. */
    void remove(String bucket, String key) {
        objects.remove(bucket + "/" + key);
    }

    @Override
    public InputStream open(String bucket, String key) throws ObjectNotFoundException {
        byte[] body = objects.get(bucket + "/" + key);
        if (body == null) {
            throw new ObjectNotFoundException("object not found");
        }
        return new ByteArrayInputStream(body);
    }

    @Override
    public OptionalLong size(String bucket, String key) {
        byte[] body = objects.get(bucket + "/" + key);
        return body == null ? OptionalLong.empty() : OptionalLong.of(body.length);
    }
}
