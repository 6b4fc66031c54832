package routes.docs;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownDocumentTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "The batcher's polling thread: per-exchange Camel overhead (cost 3) | the-batchers-polling-thread-per-exchange-camel-overhead-cost-3",
            "Trying it: `local --secure`                                        | trying-it-local---secure",
            "1.7 IAM authentication                                             | 17-iam-authentication",
            "Restore an hour of the warehouse from S3: `replay`                 | restore-an-hour-of-the-warehouse-from-s3-replay",
            "What S3 expires by itself, and what janitor is for                 | what-s3-expires-by-itself-and-what-janitor-is-for",
            "Day-two operations: `replay`, `dlq redrive`, `janitor`             | day-two-operations-replay-dlq-redrive-janitor",
            "**Bold** and [a link](x.md) in a heading                           | bold-and-a-link-in-a-heading",
            "pipeline_load_paused_tables > 0                                    | pipeline_load_paused_tables--0",
    })
    void headingAnchorsAreGitHubsSlugs(String heading, String anchor) {
        assertThat(MarkdownDocument.slug(heading)).isEqualTo(anchor);
    }

    @Test
    void repeatedHeadingsGetNumberedAnchorsAndCodeIsNeitherHeadingNorLink() {
        MarkdownDocument doc = new MarkdownDocument(String.join("\n",
                "# Title", "## Run it", "## Run it", "```bash", "# not a heading", "[not](a-link.md)", "```",
                "See [the page](docs/page.md#part), ![a picture](docs/p.png) and `[code](not-a-link.md)`.",
                "[ref]: docs/other.md"));

        assertThat(doc.anchors()).containsExactly("title", "run-it", "run-it-1");
        assertThat(doc.linkTargets()).containsExactly("docs/page.md#part", "docs/p.png", "docs/other.md");
    }
}
