package routes.load;

import java.io.IOException;
import java.io.InputStream;

/** Reads batch objects. {@link ObjectNotFoundException} means the object does not exist. */
public interface ObjectStore {

    InputStream open(String bucket, String key) throws IOException;

    /**
     * Whether the object exists (a HEAD request).
     *
     * @throws IOException when the store cannot say (network, throttling, credentials): not the batch's fault
     */
    boolean exists(String bucket, String key) throws IOException;
}
