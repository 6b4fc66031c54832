package routes.fields;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.monitor.PipelineMetrics;

import java.util.List;
import java.util.Locale;

/**
 * The loader's listener for committed field changes ({@link FieldChangeListener}): per change one INFO line (event
 * key, path, type, kind and when; never a value), one count of {@link PipelineMetrics#FIELD_CHANGES} by kind, and a
 * place in the status page's {@link RecentFieldChanges}.
 */
public final class FieldChangeNotices implements FieldChangeListener {

    /** The name the loader finds it by (PipelineBeans binds it). */
    public static final String BEAN = "fieldChangeListener";

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
        for (FieldChange change : changes) {
            LOG.info(logLine(change));
            metrics.fieldChanged(kindName(change.kind()));
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
