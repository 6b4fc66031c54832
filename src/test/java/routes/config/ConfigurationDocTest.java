package routes.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigurationDocTest {

    private static final Path DOC = Path.of("docs/configuration.md");

    @Test
    void everyPipelineSettingIsDocumentedWithTypeAndMeaning() throws Exception {
        assertThat(ConfigurationDoc.entries())
                .filteredOn(e -> e.key().startsWith("pipeline."))
                .allSatisfy(e -> {
                    assertThat(e.type()).as("type of " + e.key()).isNotBlank();
                    assertThat(e.doc()).as("doc of " + e.key()).isNotBlank();
                });
    }

    @Test
    void configurationReferenceMatchesApplicationProperties() throws Exception {
        if (Boolean.getBoolean("configuration.doc.write")) {
            ConfigurationDoc.write(DOC);
        }
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/configuration.md is stale: run mvn -B test -Dtest=ConfigurationDocTest -Dconfiguration.doc.write=true")
                .isEqualTo(ConfigurationDoc.render());
    }
}
