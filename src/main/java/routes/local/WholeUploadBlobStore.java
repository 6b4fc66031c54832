package routes.local;

import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.io.Payload;
import org.jclouds.io.Payloads;
import org.jclouds.io.payloads.BaseMutableContentMetadata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Hands the blob store only uploads whose body arrived whole, as S3 does: an upload that ends early
 * leaves nothing behind.
 *
 * <p>S3Proxy's {@code filesystem-nio2} store streams a body into a temporary file beside the object
 * ({@code <key>-<uuid>}) and gives it its checksum attribute only after the last byte. When the client
 * dies mid-body (a batcher killed with -9), the store keeps that file, and from then on every listing
 * of the prefix fails with HTTP 500 because the file has no checksum attribute. Reading each body into
 * memory first means the store never sees a partial one. Bodies are batch objects, bounded by
 * {@code pipeline.batch.max-bytes} before compression.
 */
final class WholeUploadBlobStore extends ForwardingBlobStore {

    WholeUploadBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public String putBlob(String container, Blob blob) {
        return super.putBlob(container, whole(blob));
    }

    @Override
    public String putBlob(String container, Blob blob, PutOptions options) {
        return super.putBlob(container, whole(blob), options);
    }

    @Override
    public MultipartPart uploadMultipartPart(MultipartUpload upload, int partNumber, Payload payload) {
        return super.uploadMultipartPart(upload, partNumber, whole(payload));
    }

    private static Blob whole(Blob blob) {
        if (blob.getPayload() != null) {
            blob.setPayload(whole(blob.getPayload()));
        }
        return blob;
    }

    private static Payload whole(Payload payload) {
        if (payload.isRepeatable()) {
            return payload;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        // transferTo, not readAllBytes: S3Proxy's aws-chunked decoder answers a zero-length read with end of stream
        try (InputStream in = payload.openStream()) {
            in.transferTo(body);
        } catch (IOException e) {
            throw new UncheckedIOException("upload ended before its last byte; nothing was stored", e);
        }
        Payload read = Payloads.newByteArrayPayload(body.toByteArray());
        read.setContentMetadata(BaseMutableContentMetadata.fromContentMetadata(payload.getContentMetadata()));
        return read;
    }
}
