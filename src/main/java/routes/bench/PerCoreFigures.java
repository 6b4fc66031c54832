package routes.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measured figures docs/capacity.md sizes a deployment from, per unit that scales: a batcher core, a
 * partition's consumer, an S3 key prefix, a table's load stream. A core here is one CPU-second per second of this
 * process, which also hosts the embedded broker and S3 server, so the per-core rates understate a batcher on its
 * own machine: the model's margin, not an error to correct.
 *
 * @param batcherEventsPerCore  batcher events/s ÷ the CPU-seconds per second the process spent meanwhile
 * @param objectsPerSecond      batch objects written per second by the batcher phase
 * @param objectsPerKeySecond   the same per event key: every key is its own S3 prefix ({@code event_key=<key>/})
 * @param eventsPerObject       mean events per batch object
 * @param consumeEventsPerPartitionSecond raw consume events/s ÷ partitions (one consumer reading them all)
 * @param loaderRowsPerSecond   rows/s of one loader loading one table (its loads never overlap)
 * @param loaderRowsPerCore     those rows/s ÷ the process's CPU-seconds per second (PostgreSQL not counted)
 * @param loadsPerSecond        committed loads per second of that table: the commit rate one table sees
 * @param rowsPerLoad           mean rows per load
 */
public record PerCoreFigures(double batcherEventsPerCore, double objectsPerSecond, double objectsPerKeySecond,
                             double eventsPerObject, double consumeEventsPerPartitionSecond, double loaderRowsPerSecond,
                             double loaderRowsPerCore, double loadsPerSecond, double rowsPerLoad) {

    /** No batcher or loader phase measured. */
    public static PerCoreFigures none() {
        return new PerCoreFigures(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * @param batcher the batcher-alone phase, which wrote {@code objects} over {@code keys} event keys
     * @param consume the raw consume stage over {@code partitions} partitions
     * @param loader  the loader-alone phase, which committed {@code loads} loads of one table
     */
    public static PerCoreFigures of(StageResult batcher, long objects, int keys, StageResult consume, int partitions,
                                    StageResult loader, long loads) {
        double objectsPerSecond = perSecond(objects, batcher.seconds());
        return new PerCoreFigures(
                perCore(batcher),
                objectsPerSecond,
                keys <= 0 ? 0 : objectsPerSecond / keys,
                objects <= 0 ? 0 : (double) batcher.events() / objects,
                partitions <= 0 ? 0 : consume.eventsPerSecond() / partitions,
                loader.eventsPerSecond(),
                perCore(loader),
                perSecond(loads, loader.seconds()),
                loads <= 0 ? 0 : (double) loader.events() / loads);
    }

    /** events/s ÷ cores busy (CPU % / 100): 1,000,000 / CPU-ms per 1k events. */
    private static double perCore(StageResult stage) {
        double cpuMsPer1k = stage.cpuMsPerThousandEvents();
        return cpuMsPer1k <= 0 ? 0 : 1_000_000 / cpuMsPer1k;
    }

    private static double perSecond(long count, double seconds) {
        return seconds <= 0 ? 0 : count / seconds;
    }

    /**
     * {@code bench: per_core batcher_eps_per_core=<n> objects_per_s=<n> objects_per_s_per_key=<x.xxx>
     * events_per_object=<n> consume_eps_per_partition=<n> loader_rows_per_s=<n> loader_rows_per_core=<n>
     * loads_per_s=<x.xx> rows_per_load=<n>}
     */
    public String line() {
        StringBuilder line = new StringBuilder("bench: per_core");
        figures().forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        return line.toString();
    }

    /** The figures by name, rounded as printed (also the JSON's {@code per_core} object). */
    public Map<String, Number> figures() {
        Map<String, Number> f = new LinkedHashMap<>();
        f.put("batcher_eps_per_core", whole(batcherEventsPerCore));
        f.put("objects_per_s", whole(objectsPerSecond));
        f.put("objects_per_s_per_key", decimals(objectsPerKeySecond, 3));
        f.put("events_per_object", whole(eventsPerObject));
        f.put("consume_eps_per_partition", whole(consumeEventsPerPartitionSecond));
        f.put("loader_rows_per_s", whole(loaderRowsPerSecond));
        f.put("loader_rows_per_core", whole(loaderRowsPerCore));
        f.put("loads_per_s", decimals(loadsPerSecond, 2));
        f.put("rows_per_load", whole(rowsPerLoad));
        return f;
    }

    private static Long whole(double value) {
        return Math.round(value);
    }

    private static BigDecimal decimals(double value, int scale) {
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
    }
}
