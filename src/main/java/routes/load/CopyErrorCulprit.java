package routes.load;

import routes.contract.BatchNotification;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds which batch of a manifest COPY a Redshift load error is about. First the file name recorded in
 * {@code sys_load_error_detail} (a CHAR(256) column: a longer URL is stored cut short, so it is matched as a
 * prefix of exactly one batch's URL); else any {@code s3://} URL in the error's text, where errors that stop a
 * COPY before any row is read (a mandatory manifest entry that is missing, error 8001) name the file. Nothing
 * found, or more than one batch matching: no batch is blamed, and the loader's isolation rule finds it.
 */
final class CopyErrorCulprit {

    private static final Pattern S3_URL = Pattern.compile("s3://[^\\s'\",;()\\[\\]{}<>|]+");

    private CopyErrorCulprit() {
    }

    /**
     * @param byUrl     the cycle's batches by {@code s3://bucket/key}
     * @param fileName  the file name of this COPY's latest error row, if one was recorded
     * @param errorText the messages of the failed COPY's exception chain
     */
    static Optional<BatchNotification> find(Map<String, BatchNotification> byUrl, Optional<String> fileName,
                                            String errorText) {
        Optional<BatchNotification> named = fileName.map(String::strip).filter(f -> !f.isEmpty())
                .flatMap(f -> match(byUrl, f));
        if (named.isPresent()) {
            return named;
        }
        Matcher m = S3_URL.matcher(errorText == null ? "" : errorText);
        while (m.find()) {
            Optional<BatchNotification> found = match(byUrl, trimTrailingPunctuation(m.group()));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The batch whose URL is {@code url}, or the only one that starts with it (a name cut to the column). */
    private static Optional<BatchNotification> match(Map<String, BatchNotification> byUrl, String url) {
        BatchNotification exact = byUrl.get(url);
        if (exact != null) {
            return Optional.of(exact);
        }
        if (url.length() < "s3://b/k".length()) {
            return Optional.empty();
        }
        List<BatchNotification> prefixed = byUrl.entrySet().stream().filter(e -> e.getKey().startsWith(url))
                .map(Map.Entry::getValue).toList();
        return prefixed.size() == 1 ? Optional.of(prefixed.get(0)) : Optional.empty();
    }

    private static String trimTrailingPunctuation(String url) {
        int end = url.length();
        while (end > 0 && ".:".indexOf(url.charAt(end - 1)) >= 0) {
            end--;
        }
        return url.substring(0, end);
    }
}
