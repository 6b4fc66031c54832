package routes.load;

import java.io.IOException;

/** Writes the Redshift COPY manifest of a load cycle. */
public interface ManifestWriter {

    void put(String bucket, String key, byte[] body) throws IOException;
}
