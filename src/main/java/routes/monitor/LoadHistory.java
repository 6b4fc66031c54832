package routes.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The last load of each warehouse table, for the Loader MBean (the totals are in {@link PipelineMetrics}). */
public final class LoadHistory {

    private final Map<String, LastLoad> last = new ConcurrentHashMap<>();

    public void loaded(String table, int batches, long rowsInserted, long duplicatesSkipped, int failed, long millis, Instant at) {
        last.put(table, new LastLoad(table, batches, rowsInserted, duplicatesSkipped, failed, millis, at.toString()));
    }

    public List<LastLoad> lastLoads() {
        return last.values().stream().sorted(java.util.Comparator.comparing(LastLoad::getTable)).toList();
    }

    /** One table's last load; a class with getters so that JMX maps it to CompositeData. */
    public static final class LastLoad {
        private final String table;
        private final int batches;
        private final long rowsInserted;
        private final long duplicatesSkipped;
        private final int failedBatches;
        private final long millis;
        private final String loadedAt;

        LastLoad(String table, int batches, long rowsInserted, long duplicatesSkipped, int failedBatches, long millis, String loadedAt) {
            this.table = table;
            this.batches = batches;
            this.rowsInserted = rowsInserted;
            this.duplicatesSkipped = duplicatesSkipped;
            this.failedBatches = failedBatches;
            this.millis = millis;
            this.loadedAt = loadedAt;
        }

        public String getTable() {
            return table;
        }

        public int getBatches() {
            return batches;
        }

        public long getRowsInserted() {
            return rowsInserted;
        }

        public long getDuplicatesSkipped() {
            return duplicatesSkipped;
        }

        public int getFailedBatches() {
            return failedBatches;
        }

        public long getMillis() {
            return millis;
        }

        public String getLoadedAt() {
            return loadedAt;
        }
    }
}
