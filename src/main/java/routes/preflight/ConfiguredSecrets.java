package routes.preflight;

import routes.config.PipelineSettings;
import routes.config.Setting;

import java.util.ArrayList;
import java.util.List;

/**
 * The values preflight must never print: every setting declared {@code PASSWORD} in {@link Setting} (read
 * directly or from its {@code -file}), so a secret added later is scrubbed without being named here.
 */
public final class ConfiguredSecrets {

    private ConfiguredSecrets() {
    }

    public static List<String> of(PipelineSettings settings) {
        List<String> secrets = new ArrayList<>();
        for (Setting.Declaration declaration : Setting.declarations()) {
            if (!declaration.secret()) {
                continue;
            }
            try {
                secrets.add(settings.secret(declaration.key()));
            } catch (IllegalStateException unreadableFile) {
                // reported by the configuration check; nothing to scrub
            }
        }
        return secrets;
    }
}
