package routes;

import picocli.CommandLine.Option;
import routes.config.PipelineSettings;

import java.nio.file.Path;
import java.util.List;

/** The options every command shares: a properties file and {@code --key=value} overrides. */
public final class SettingsOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file applied over the defaults (see docs/configuration.md).")
    Path config;

    /**
     * Defaults, then the profile, the file, PIPELINE_* environment variables, and {@code --key=value}
     * arguments last (collected by each command's {@code @Unmatched} field: picocli ignores it in mixins).
     */
    public PipelineSettings.Builder resolve(String profile, List<String> overrides) {
        PipelineSettings.Builder builder = PipelineSettings.builder();
        if (profile != null) {
            builder.profile(profile);
        }
        if (config != null) {
            builder.file(config);
        }
        builder.environment(System.getenv());
        for (String override : overrides) {
            if (!override.startsWith("--") || !override.contains("=")) {
                throw new routes.config.SettingsException("unknown argument " + override + " (settings are --key=value)");
            }
            int eq = override.indexOf('=');
            builder.set(override.substring(2, eq), override.substring(eq + 1));
        }
        return builder;
    }
}
