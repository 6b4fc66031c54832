package routes.testing;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real S3 client, counting the listings it sends; past {@code listBudget} it refuses the next one, so code that
 * lists per day of a century fails at once instead of running for minutes. Closing it leaves the real client open.
 */
public final class CountingS3Client implements S3Client {

    private final S3Client real;
    private final int listBudget;
    private final List<ListObjectsV2Request> listings = new CopyOnWriteArrayList<>();

    public CountingS3Client(S3Client real, int listBudget) {
        this.real = real;
        this.listBudget = listBudget;
    }

    /** Every ListObjectsV2 sent, in order. */
    public List<ListObjectsV2Request> listings() {
        return listings;
    }

    @Override
    public ListObjectsV2Response listObjectsV2(ListObjectsV2Request request) {
        if (listings.size() >= listBudget) {
            throw new AssertionError("more than " + listBudget + " list requests; the last was for prefix " + request.prefix());
        }
        listings.add(request);
        return real.listObjectsV2(request);
    }

    @Override
    public HeadObjectResponse headObject(HeadObjectRequest request) {
        return real.headObject(request);
    }

    @Override
    public String serviceName() {
        return real.serviceName();
    }

    @Override
    public void close() {
        // the real client is shared by the test run
    }
}
