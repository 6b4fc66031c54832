package routes.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders docs/configuration.md from the declarations ({@link Setting}) and Camel's values in
 * application.properties. Regenerate with
 * {@code mvn -B test -Dtest=ConfigurationDocTest -Dconfiguration.doc.write=true}.
 */
final class ConfigurationDoc {

    /** A Camel setting of application.properties with the comment above it. */
    record CamelEntry(String key, String value, String comment) {
    }

    static List<CamelEntry> camelEntries() throws IOException {
        List<CamelEntry> entries = new ArrayList<>();
        String comment = null;
        try (InputStream in = ConfigurationDoc.class.getClassLoader().getResourceAsStream("application.properties")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.trim();
                if (trimmed.startsWith("# ") && !trimmed.startsWith("# ===") && !trimmed.startsWith("# ----")) {
                    comment = comment == null ? trimmed.substring(2) : comment + " " + trimmed.substring(2);
                } else if (!trimmed.isEmpty() && !trimmed.startsWith("#") && trimmed.contains("=")) {
                    int eq = trimmed.indexOf('=');
                    entries.add(new CamelEntry(trimmed.substring(0, eq), trimmed.substring(eq + 1), comment == null ? "" : comment));
                    comment = null;
                } else {
                    comment = null;
                }
            }
        }
        return entries;
    }

    static String render() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n")
          .append("Generated from the declarations in `src/main/java/routes/config/Setting.java` (each setting's type,\n")
          .append("unit, default, rule and meaning, declared once) by `ConfigurationDocTest`; do not edit by hand. Every\n")
          .append("key can be set in a `--config` file, as an environment variable (upper case, `.` and `-` become `_`,\n")
          .append("e.g. `PIPELINE_S3_BUCKET`) or as `--key=value` on the command line, in that order of precedence (last\n")
          .append("wins). `local` applies `application-local.properties` first. Every value is checked against its rule\n")
          .append("at start: an invalid one stops the command, naming the key, the value and the rule. Settings marked\n")
          .append("SECRET are never logged nor shown; give them through the environment or the matching `*-file` key.\n")
          .append("`run` refuses to start until it is given every setting whose default is local mode's (endpoints on\n")
          .append("127.0.0.1, the local bucket, dialect, user and password) and lists the missing ones; `replay`,\n")
          .append("`janitor`, `dlq redrive` and `reconcile` do the same for the services they touch\n")
          .append("(routes.config.RunRequirements).\n")
          .append("\n## Event field names\n\n")
          .append("`event_id`, `event_key` and `occurred_at` are names of the contract, not settings: the batcher, the\n")
          .append("loader's stager, the Redshift SUPER paths and reconcile all read them as such. The former\n")
          .append("`pipeline.event.field.*` keys renamed them in the batcher alone, which failed every load, and are\n")
          .append("refused as unknown settings; an app that names these fields otherwise renames them before publishing.\n");
        String section = null;
        for (Setting.Declaration d : Setting.declarations()) {
            if (!d.section().equals(section)) {
                section = d.section();
                md.append("\n## ").append(section).append("\n\n")
                  .append("| key | environment variable | type | unit or values | default | rule | meaning |\n")
                  .append("| --- | --- | --- | --- | --- | --- | --- |\n");
            }
            md.append("| `").append(d.key()).append("` | `").append(PipelineSettings.environmentName(d.key())).append("` | ")
              .append(d.secret() ? "string, SECRET" : d.type().name().toLowerCase(Locale.ROOT)).append(" | ")
              .append(cell(d.unit())).append(" | ")
              .append(d.defaultValue().isEmpty() ? "(empty)" : "`" + d.defaultValue() + "`").append(" | ")
              .append(d.rule() == null ? "" : cell(d.rule().toString())).append(" | ")
              .append(cell(d.doc())).append(" |\n");
        }
        md.append("\n## Camel\n\n")
          .append("Camel's own settings, from `src/main/resources/application.properties` (see the Camel Main documentation).\n\n")
          .append("| key | value | why |\n")
          .append("| --- | --- | --- |\n");
        for (CamelEntry e : camelEntries()) {
            md.append("| `").append(e.key()).append("` | `").append(e.value()).append("` | ").append(cell(e.comment())).append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    static void write(Path target) throws IOException {
        Files.writeString(target, render(), StandardCharsets.UTF_8);
    }
}
