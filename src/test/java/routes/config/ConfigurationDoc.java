package routes.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders docs/configuration.md from application.properties, the one home of every setting.
 * Regenerate with {@code mvn -B test -Dtest=ConfigurationDocTest -Dconfiguration.doc.write=true}.
 */
final class ConfigurationDoc {

    record Entry(String section, String key, String type, String doc, String defaultValue) {
    }

    static List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        String section = "";
        String comment = null;
        try (InputStream in = ConfigurationDoc.class.getClassLoader().getResourceAsStream("application.properties")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.trim();
                if (trimmed.startsWith("# ----")) {
                    section = trimmed.replaceAll("^# -+ ", "").replaceAll(" -+$", "").trim();
                    comment = null;
                } else if (trimmed.startsWith("# ") && !trimmed.startsWith("# ===")) {
                    comment = comment == null ? trimmed.substring(2) : comment + " " + trimmed.substring(2);
                } else if (!trimmed.isEmpty() && !trimmed.startsWith("#") && trimmed.contains("=")) {
                    String key = trimmed.substring(0, trimmed.indexOf('='));
                    String value = trimmed.substring(trimmed.indexOf('=') + 1);
                    String text = comment == null ? "" : comment;
                    int dot = text.indexOf(". ");
                    String type = dot > 0 ? text.substring(0, dot) : "";
                    String doc = dot > 0 ? text.substring(dot + 2) : text;
                    entries.add(new Entry(section, key, type, doc, value));
                    comment = null;
                } else if (trimmed.isEmpty()) {
                    comment = null;
                }
            }
        }
        return entries;
    }

    static String render() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n")
          .append("Generated from `src/main/resources/application.properties` (the one home of every setting) by\n")
          .append("`ConfigurationDocTest`; do not edit by hand. Every key can be set in a `--config` file, as an\n")
          .append("environment variable (upper case, `.` and `-` become `_`, e.g. `PIPELINE_S3_BUCKET`) or as\n")
          .append("`--key=value` on the command line, in that order of precedence (last wins). `local` applies\n")
          .append("`application-local.properties` first. Keys marked SECRET are never logged; give them through the\n")
          .append("environment or the matching `*-file` key.\n")
          .append("\n## Event field names\n\n")
          .append("`event_id`, `event_key` and `occurred_at` are names of the contract, not settings: the batcher, the\n")
          .append("loader's stager, the Redshift SUPER paths and reconcile all read them as such. The former\n")
          .append("`pipeline.event.field.*` keys renamed them in the batcher alone, which failed every load, and are\n")
          .append("refused as unknown settings; an app that names these fields otherwise renames them before publishing.\n");
        String section = null;
        for (Entry e : entries()) {
            if (!e.section().equals(section)) {
                section = e.section();
                md.append("\n## ").append(section).append("\n\n")
                  .append("| key | environment variable | type | default | meaning |\n")
                  .append("| --- | --- | --- | --- | --- |\n");
            }
            md.append("| `").append(e.key()).append("` | `").append(PipelineSettings.environmentName(e.key())).append("` | ")
              .append(e.type().replace("|", "\\|")).append(" | ")
              .append(e.defaultValue().isEmpty() ? "(empty)" : "`" + e.defaultValue() + "`").append(" | ")
              .append(e.doc().replace("|", "\\|")).append(" |\n");
        }
        return md.toString();
    }

    static void write(Path target) throws IOException {
        Files.writeString(target, render(), StandardCharsets.UTF_8);
    }
}
