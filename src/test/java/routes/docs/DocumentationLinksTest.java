package routes.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README guides and the pages under docs/ hold the detail: every relative link among them must lead to a file
 * that exists and, when it names an anchor, to a heading that GitHub gives that anchor. External links are not
 * fetched (the build runs offline); they are only told apart.
 */
class DocumentationLinksTest {

    private static final Path README = Path.of("README.md");
    private static final int README_MAX_LINES = 250;

    @Test
    void readmeStaysAGuideOfAtMost250Lines() throws IOException {
        assertThat(document(README).lineCount()).as("README.md lines: the detail belongs in docs/").isLessThanOrEqualTo(README_MAX_LINES);
    }

    @Test
    void everyRelativeLinkInTheReadmeAndDocsLeadsToAFileAndHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            for (String target : document(page).linkTargets()) {
                problem(page, target).ifPresent(broken::add);
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void theCheckFindsAMissingFileAndAMissingAnchor() throws IOException {
        assertThat(problem(README, "docs/no-such-page.md")).isPresent();
        assertThat(problem(README, "docs/operations.md#no-such-heading")).isPresent();
        assertThat(problem(README, "#no-such-heading")).isPresent();
        assertThat(problem(README, "docs/operations.md")).isEmpty();
        assertThat(problem(README, "https://example.com/not-fetched")).isEmpty();
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static java.util.Optional<String> problem(Path page, String target) {
        if (target.isEmpty() || target.matches("(?i)^[a-z][a-z0-9+.-]*:.*")) {
            return java.util.Optional.empty(); // http(s), mailto: not fetched offline
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page
                : page.toAbsolutePath().getParent().resolve(URLDecoder.decode(file, StandardCharsets.UTF_8)).normalize();
        String where = page + " -> " + target;
        if (!Files.exists(resolved)) {
            return java.util.Optional.of(where + ": no file " + resolved);
        }
        if (anchor != null && resolved.toString().endsWith(".md") && !document(resolved).anchors().contains(anchor)) {
            return java.util.Optional.of(where + ": no heading with anchor #" + anchor);
        }
        return java.util.Optional.empty();
    }

    private static MarkdownDocument document(Path page) {
        try {
            return new MarkdownDocument(Files.readString(page, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
