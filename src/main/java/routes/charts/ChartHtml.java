package routes.charts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Charts in a self-contained HTML file (the reconcile report, bench.html): uPlot and charts.js inlined from the
 * jar, so the file opens anywhere without a network; each chart is a {@code div} carrying its {@link Chart} as
 * JSON in a {@code data-chart} attribute, drawn when the page loads.
 */
public final class ChartHtml {

    /** The uPlot webjar's files, also served by the status page. */
    public static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    public static final String UPLOT_JS = UPLOT + "uPlot.iife.min.js";
    public static final String UPLOT_CSS = UPLOT + "uPlot.min.css";
    public static final String CHARTS_JS = "charts/charts.js";

    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private ChartHtml() {
    }

    /** For the document's head: uPlot's style and script, and charts.js. */
    public static String head() {
        // the legend is a table: the report's own table borders are not for it
        return "<style>" + resource(UPLOT_CSS) + ".chart{margin:8px 0 16px}.u-legend td,.u-legend th{border:none}</style>"
                + "<script>" + resource(UPLOT_JS) + "</script>"
                + "<script>" + resource(CHARTS_JS) + "</script>";
    }

    /** Where the chart goes. */
    public static String div(Chart chart) {
        try {
            return "<div class=\"chart\" data-chart=\"" + attribute(JSON.writeValueAsString(chart)) + "\"></div>";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** At the end of the body: draws every chart of the page. */
    public static String drawAll() {
        return "<script>PipelineCharts.drawAll();</script>";
    }

    public static String resource(String name) {
        try (InputStream in = ChartHtml.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String attribute(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
