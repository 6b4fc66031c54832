package routes;

import picocli.CommandLine.Option;
import routes.config.PipelineSettings;

import java.nio.file.Path;

/** {@code --routes FILE}: run an edited copy of the routes (written by {@code routes export}) instead of the packaged ones. */
public final class RoutesOptions {

    @Option(names = "--routes", paramLabel = "FILE",
            description = "Routes file to run instead of the packaged routes.yaml (`routes export FILE` writes a copy to edit).")
    Path routes;

    /**
     * Points the settings at the routes file, after checking it.
     *
     * @return false, with the reason on stderr, when the file cannot run
     */
    public boolean apply(PipelineSettings.Builder builder, boolean reload) {
        if (routes == null) {
            if (reload) {
                System.err.println("--reload needs --routes FILE (the packaged routes cannot change)");
                return false;
            }
            return true;
        }
        try {
            RoutesFile.use(routes, reload, builder);
            return true;
        } catch (RoutesFile.InvalidRoutesException e) {
            System.err.println("routes file refused: " + e.getMessage());
            return false;
        }
    }
}
