package routes.preflight;

/** Which half of the pipeline this host will run: the checks follow what that half touches. */
public enum PreflightRole {
    batcher, loader, all;

    /** Reads topic A, writes S3, topic B and the DLQ. */
    public boolean batches() {
        return this != loader;
    }

    /** Reads topic B and S3, writes the warehouse and the DLQ. */
    public boolean loads() {
        return this != batcher;
    }
}
