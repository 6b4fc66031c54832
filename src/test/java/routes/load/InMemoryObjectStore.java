package routes.load;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** An {@link ObjectStore} for tests: objects in a map, plus a hook that runs when an object is opened. */
final class InMemoryObjectStore implements ObjectStore {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private volatile Consumer<String> onOpen = key -> { };

    void put(String bucket, String key, byte[] body) {
        objects.put(bucket + "/" + key, body);
    }

    void onOpen(Consumer<String> hook) {
        this.onOpen = hook;
    }

    @Override
    public InputStream open(String bucket, String key) throws ObjectNotFoundException {
        onOpen.accept(key);
        byte[] body = objects.get(bucket + "/" + key);
        if (body == null) {
            throw new ObjectNotFoundException("object not found");
        }
        return new ByteArrayInputStream(body);
    }

    @Override
    public boolean exists(String bucket, String key) {
        return objects.containsKey(bucket + "/" + key);
    }
}
