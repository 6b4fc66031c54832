package routes.monitor;

import java.util.Map;

/**
 * What the batcher holds in memory, as the Batcher MBean shows it. Declared here, where it is read, so that the
 * monitor needs nothing of the batcher's (the batcher's memory budget implements it).
 */
public interface OpenBatches {

    /** Groups the aggregator holds open. */
    int openBatches();

    /** Bytes of events held by those groups. */
    long bufferedBytes();

    /** Bytes held per event key. */
    Map<String, Long> openBatchBytes();
}
