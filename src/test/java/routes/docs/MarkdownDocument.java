package routes.docs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The links and heading anchors of one Markdown file, read the way GitHub renders it: nothing inside a fenced code
 * block or an inline code span is a link or a heading, and a heading's anchor is GitHub's slug of its rendered text.
 */
final class MarkdownDocument {

    /** {@code [text](target)} and {@code ![alt](target)}; the text may hold one level of brackets (a badge, {@code [`x`]}). */
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** {@code [label]: target} at the start of a line. */
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern ATX_HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    /** What GitHub drops from a heading's text before joining words with '-': anything but letters, marks, digits, '_', '-' and spaces. */
    private static final Pattern NOT_IN_SLUG = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc}\\- ]");

    private final List<String> lines;

    MarkdownDocument(String text) {
        this.lines = text.lines().toList();
    }

    /** Every link target written in the document, in order, code excluded. */
    List<String> linkTargets() {
        List<String> targets = new ArrayList<>();
        for (String line : proseLines()) {
            Matcher reference = REFERENCE_DEFINITION.matcher(line);
            if (reference.matches()) {
                targets.add(reference.group(1));
                continue;
            }
            Matcher link = INLINE_LINK.matcher(withoutCodeSpans(line));
            while (link.find()) {
                targets.add(link.group(1));
            }
        }
        return targets;
    }

    /** The anchors GitHub gives the document's headings; a repeated slug gets -1, -2, … as on GitHub. */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : proseLines()) {
            Matcher heading = ATX_HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(2));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        }
        return anchors;
    }

    /** GitHub's anchor for a heading written as {@code markdown}: the rendered text, lower case, punctuation dropped, spaces to '-'. */
    static String slug(String markdown) {
        String text = CODE_SPAN.matcher(markdown).replaceAll("$2");
        text = INLINE_LINK.matcher(text).replaceAll(match -> Matcher.quoteReplacement(linkText(match.group())));
        text = text.replace("**", "").replace("*", "");
        return NOT_IN_SLUG.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
    }

    int lineCount() {
        return lines.size();
    }

    private static String linkText(String link) {
        return link.substring(link.indexOf('[') + 1, link.lastIndexOf("]("));
    }

    private static String withoutCodeSpans(String line) {
        return CODE_SPAN.matcher(line).replaceAll("");
    }

    private List<String> proseLines() {
        List<String> prose = new ArrayList<>();
        String openFence = null;
        for (String line : lines) {
            Matcher fence = FENCE.matcher(line);
            if (fence.find()) {
                String marker = fence.group(1);
                if (openFence == null) {
                    openFence = marker;
                } else if (marker.charAt(0) == openFence.charAt(0) && marker.length() >= openFence.length()) {
                    openFence = null;
                }
                continue;
            }
            if (openFence == null) {
                prose.add(line);
            }
        }
        return prose;
    }
}
