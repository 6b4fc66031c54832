package routes.fields;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.monitor.PipelineMetrics;

import java.util.List;
import java.util.Locale;

/**
 * The loader's listener for committed field changes ({@link FieldChangeListener}): per change one INFO line (event
 * key, path, type, kind and when; never a value; at most {@value #MAX_LINES} per call, then one summary line), one count of {@link PipelineMetrics#FIELD_CHANGES} by kind, and a
 * place in the status page's {@link RecentFieldChanges}.
 */
public final class FieldChangeNotices implements FieldChangeListener {

    /** The name the loader finds it by (PipelineBeans binds it). */
    public static final String BEAN = "fieldChangeListener";
    /**
     * Lines per load at most: the first load of a key (or of every key, on the day the history starts) brings all of its
     * paths at once, and the log is for people; the rest is one summary line, counted and listed by {@code fields}.
     */
    static final int MAX_LINES = 50;

    private static final Logger LOG = LoggerFactory.getLogger(FieldChangeNotices.class);

    private final PipelineMetrics metrics;
    private final RecentFieldChanges recent;

    public FieldChangeNotices(PipelineMetrics metrics, RecentFieldChanges recent) {
        this.metrics = metrics;
        this.recent = recent;
    }

    @Override
    public void committed(List<FieldChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        for (int i = 0; i < changes.size(); i++) {
            FieldChange change = changes.get(i);
            if (i < MAX_LINES) {
                LOG.info(logLine(change));
            }
            metrics.fieldChanged(kindName(change.kind()));
        }
        if (changes.size() > MAX_LINES) {
            LOG.info("field changes: {} more not logged one by one (counted; `fields --changes` lists them)",
                    changes.size() - MAX_LINES);
        }
        recent.add(changes);
    }

    /**
     * {@code field change kind=new_type event_key=… path="…" type=… first_seen=…} ({@code last_seen=} for a path not
     * seen). The path is quoted, with {@code "} and {@code \} escaped and control characters as {@code ?}: it is a
     * field name from the apps' events.
     */
    static String logLine(FieldChange c) {
        String path = FieldsText.printable(c.path()).replace("\\", "\\\\").replace("\"", "\\\"");
        return "field change kind=" + kindName(c.kind()) + " event_key=" + c.eventKey() + " path=\"" + path + "\" type="
                + c.type().wireName() + (c.kind() == FieldChange.Kind.NOT_SEEN ? " last_seen=" : " first_seen=") + c.at();
    }

    /** The kind as the log line and the counter's tag write it: new_path, new_type, not_seen. */
    public static String kindName(FieldChange.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
