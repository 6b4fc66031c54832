package routes.load;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/** Reads batch objects. {@link ObjectNotFoundException} means the object does not exist. */
public interface ObjectStore {

    InputStream open(String bucket, String key) throws IOException;

    /**
     * The object's length in bytes (a HEAD request), empty when it does not exist.
     *
     * @throws IOException when the store cannot say (network, throttling, credentials): not the batch's fault
     */
    OptionalLong size(String bucket, String key) throws IOException;
}
