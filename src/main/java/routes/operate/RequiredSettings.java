package routes.operate;

import routes.config.PipelineSettings;

/**
 * The operator commands read exactly {@code run}'s settings; this refuses to start when one they need is
 * empty, naming the setting and its environment variable (never its value).
 */
public final class RequiredSettings {

    private RequiredSettings() {
    }

    public static void require(PipelineSettings settings, String... keys) {
        for (String key : keys) {
            if (settings.get(key).isEmpty()) {
                throw new IllegalArgumentException(key + " is not set (" + PipelineSettings.environmentName(key)
                        + ", --config FILE or --" + key + "=…)");
            }
        }
    }
}
