package routes.status;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusHttpTest {

    @Test
    void everyFileOfThePageIsInTheJarIncludingTheChartingLibrary() {
        StatusHttp.ASSETS.forEach((path, asset) ->
                assertThat(asset.load().length()).as("%s from %s", path, asset.resource()).isGreaterThan(100));
    }

    @Test
    void thePageLoadsNothingFromOutsideTheServer() {
        String page = StatusHttp.ASSETS.get("/").load().toString();

        assertThat(page).doesNotContain("http://", "https://", "//cdn");
        assertThat(page).contains("/status/uPlot.iife.min.js", "/status/status.js");
    }

    @Test
    void thePageHasAFieldChangesPanelThatTheScriptFillsAsTextOnly() {
        String page = StatusHttp.ASSETS.get("/").load().toString();
        String script = StatusHttp.ASSETS.get("/status/status.js").load().toString();

        assertThat(page).contains("<h2>Field changes", "<table id=\"fieldChanges\">",
                "<th>at</th><th>event key</th><th>path</th><th>type</th><th>change</th>", "id=\"quietPaths\"");
        assertThat(script).contains("fillTable('fieldChanges', s.fieldChanges.recent", "s.fieldChanges.quietPaths")
                .doesNotContain("innerHTML");
    }
}
