package routes.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigurationDocTest {

    private static final Path DOC = Path.of("docs/configuration.md");

    @Test
    void everyPipelineSettingIsDeclaredOnceWithAMeaningAndNoneInApplicationProperties() throws Exception {
        assertThat(Setting.declarations()).extracting(Setting.Declaration::key).doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(key).startsWith("pipeline."));
        assertThat(Setting.declarations()).allSatisfy(d -> assertThat(d.doc()).as("doc of " + d.key()).endsWith("."));
        assertThat(ConfigurationDoc.camelEntries()).extracting(ConfigurationDoc.CamelEntry::key)
                .allSatisfy(key -> assertThat(key).startsWith("camel."));
    }

    @Test
    void configurationReferenceMatchesTheDeclarations() throws Exception {
        if (Boolean.getBoolean("configuration.doc.write")) {
            ConfigurationDoc.write(DOC);
        }
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/configuration.md is stale: run mvn -B test -Dtest=ConfigurationDocTest -Dconfiguration.doc.write=true")
                .isEqualTo(ConfigurationDoc.render());
    }
}
