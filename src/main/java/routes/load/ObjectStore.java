package routes.load;

import java.io.IOException;
import java.io.InputStream;

/** Reads batch objects. {@link ObjectNotFoundException} means the object does not exist. */
public interface ObjectStore {

    InputStream open(String bucket, String key) throws IOException;
}
