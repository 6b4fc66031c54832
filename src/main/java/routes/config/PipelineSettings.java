package routes.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The resolved configuration: the declared defaults ({@link Setting}) and {@code application.properties}
 * (Camel's settings), then the profile file, an optional {@code --config} file, {@code PIPELINE_*} environment variables and
 * {@code --key=value} arguments, highest last. Unknown {@code pipeline.*} keys are refused so that a typo
 * fails at startup instead of silently keeping a default, and every value is checked against its
 * declaration when built.
 */
public final class PipelineSettings {

    private final Map<String, String> values;
    private final Set<String> given;

    private PipelineSettings(Map<String, String> values, Set<String> given) {
        this.values = Collections.unmodifiableMap(values);
        this.given = Set.copyOf(given);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults only (tests start from here and override connection properties). */
    public static PipelineSettings defaults() {
        return builder().build();
    }

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("unknown setting " + key);
        }
        return value.trim();
    }

    /**
     * Whether {@code key} was given by a file, the environment or an argument, rather than left at the
     * default of application.properties or the profile (even when the given value equals the default).
     */
    public boolean isGiven(String key) {
        return given.contains(key);
    }

    public int getInt(String key) {
        return Integer.parseInt(get(key));
    }

    public long getLong(String key) {
        return Long.parseLong(get(key));
    }

    public boolean getBoolean(String key) {
        return Boolean.parseBoolean(get(key));
    }

    /** A secret, read from the key itself or, when empty, from the file named by {@code key + "-file"}. */
    public String secret(String key) {
        String direct = get(key);
        if (!direct.isEmpty()) {
            return direct;
        }
        String file = values.getOrDefault(key + "-file", "").trim();
        if (file.isEmpty()) {
            return "";
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + key + "-file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every key and value, for Camel's property placeholders. */
    public Properties asProperties() {
        Properties properties = new Properties();
        properties.putAll(values);
        return properties;
    }

    /** {@code pipeline.s3.bucket} → {@code PIPELINE_S3_BUCKET}. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Set<String> given = new java.util.HashSet<>();
        private final Set<String> known;

        private Builder() {
            values.putAll(Setting.defaults());
            values.putAll(load("application.properties"));
            known = Set.copyOf(values.keySet());
        }

        /** Applies {@code application-<profile>.properties} from the classpath. */
        public Builder profile(String profile) {
            // a profile's values are defaults too: `run` must not take them for given
            Set<String> before = Set.copyOf(given);
            overrideAll(load("application-" + profile + ".properties"), "profile " + profile);
            given.retainAll(before);
            return this;
        }

        public Builder file(Path file) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
            }
            return overrideAll(toMap(properties), "file " + file);
        }

        /** Applies {@code PIPELINE_*} (and {@code CAMEL_*}) variables for the keys this file declares. */
        public Builder environment(Map<String, String> environment) {
            for (String key : known) {
                String value = environment.get(environmentName(key));
                if (value != null) {
                    values.put(key, value);
                    given.add(key);
                }
            }
            return this;
        }

        public Builder set(String key, String value) {
            if (key.startsWith("pipeline.") && !known.contains(key)) {
                throw new SettingsException("unknown setting " + key + " (see docs/configuration.md)");
            }
            values.put(key, value);
            given.add(key);
            return this;
        }

        public Builder overrideAll(Map<String, String> overrides, String source) {
            overrides.forEach((k, v) -> {
                try {
                    set(k, v);
                } catch (SettingsException e) {
                    throw new SettingsException(e.getMessage() + " in " + source);
                }
            });
            return this;
        }

        public PipelineSettings build() {
            Setting.validate(values);
            Setting.normalize(values);
            return new PipelineSettings(new LinkedHashMap<>(values), given);
        }

        private static Map<String, String> load(String resource) {
            Properties properties = new Properties();
            try (InputStream in = PipelineSettings.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing from the classpath");
                }
                properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + resource, e);
            }
            return toMap(properties);
        }

        private static Map<String, String> toMap(Properties properties) {
            Map<String, String> map = new LinkedHashMap<>();
            properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
            return map;
        }
    }
}
