package routes.load;

import routes.config.Setting;

/**
 * The options of the Redshift COPY a DBA may tune (docs/redshift.md, "COPY options").
 *
 * @param acceptInvalidChars empty: off (an invalid UTF-8 sequence fails the COPY, and the batch is isolated);
 *                           else the one ASCII character that replaces each invalid one ({@code ACCEPTINVCHARS AS})
 * @param maxError           rows COPY may skip ({@code MAXERROR}); skipped rows still fail the load's stage check
 *                           (fewer rows than the notifications promise), so a value above 0 only moves where a bad
 *                           batch is caught, and makes COPY record every bad row in the error views
 */
public record CopyOptions(String acceptInvalidChars, int maxError) {

    public static final int MAX_ERROR_LIMIT = Setting.LOAD_COPY_MAX_ERROR_LIMIT;

    public CopyOptions {
        if (acceptInvalidChars == null) {
            acceptInvalidChars = "";
        }
        if (!acceptInvalidChars.isEmpty() && !isReplacement(acceptInvalidChars)) {
            throw new IllegalArgumentException("pipeline.load.copy.accept-invalid-chars must be empty (off) or one"
                    + " printable ASCII character other than a quote or backslash, was '" + acceptInvalidChars + "'");
        }
        if (maxError < 0 || maxError > MAX_ERROR_LIMIT) {
            throw new IllegalArgumentException("pipeline.load.copy.max-error must be within 0.." + MAX_ERROR_LIMIT
                    + ", was " + maxError);
        }
    }

    public static CopyOptions defaults() {
        return new CopyOptions("", 0);
    }

    /** The options' SQL, after the fixed ones (values validated above: nothing else reaches the statement). */
    String sql() {
        return (acceptInvalidChars.isEmpty() ? "" : " ACCEPTINVCHARS AS '" + acceptInvalidChars + "'")
                + " MAXERROR " + maxError;
    }

    private static boolean isReplacement(String s) {
        char c = s.charAt(0);
        return s.length() == 1 && c > 0x20 && c < 0x7f && c != '\'' && c != '\\';
    }
}
