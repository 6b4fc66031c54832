package routes.batch;

/**
 * Whether Redshift's SUPER can hold a JSON number exactly, judged from its text alone (no conversion on the
 * common path). A number without fraction or exponent becomes BIGINT, one with a fraction DECIMAL, one with an
 * exponent FLOAT8; the limits are those of the Redshift numeric types. {@code -0} and {@code -0.0} are accepted:
 * they equal 0, which is what BIGINT, DECIMAL and PostgreSQL's numeric all store. Why each rule: docs/redshift.md.
 */
final class SuperNumbers {

    static final int MAX_DECIMAL_PRECISION = 38;
    static final int MAX_DECIMAL_SCALE = 37;
    /** Largest BIGINT, and the largest 19-digit DECIMAL (those are stored in 8 bytes whatever the scale). */
    private static final String LONG_MAX = "9223372036854775807";
    private static final String LONG_MIN_MAGNITUDE = "9223372036854775808";
    private static final int LONG_DIGITS = LONG_MAX.length();
    /** A leading digit at 10^-307..10^307 is inside FLOAT8's normal range with room to spare. */
    private static final int SAFE_DECIMAL_EXPONENT = 307;

    private SuperNumbers() {
    }

    /**
     * @param t the number's JSON text (already validated by the parser) at {@code offset}, {@code length} chars
     * @return null when SUPER holds the number exactly, else why not (never the number itself)
     */
    static String problem(char[] t, int offset, int length) {
        int end = offset + length;
        int i = offset;
        boolean negative = t[i] == '-';
        if (negative) {
            i++;
        }
        int intStart = i;
        i = digitsEnd(t, i, end);
        int intEnd = i;
        int fracStart = i;
        if (i < end && t[i] == '.') {
            fracStart = i + 1;
            i = digitsEnd(t, fracStart, end);
        }
        int fracEnd = i;
        if (i < end) {
            return floatProblem(t, offset, length, intStart, intEnd, fracStart, fracEnd, i + 1, end);
        }
        if (fracEnd == fracStart) {
            return integerProblem(t, intStart, intEnd, negative);
        }
        return decimalProblem(t, intStart, intEnd, fracStart, fracEnd);
    }

    private static String integerProblem(char[] t, int start, int end, boolean negative) {
        int digits = end - start;
        if (digits < LONG_DIGITS) {
            return null;
        }
        if (digits > LONG_DIGITS || compare(t, start, negative ? LONG_MIN_MAGNITUDE : LONG_MAX) > 0) {
            return "integer outside the signed 64-bit range";
        }
        return null;
    }

    private static String decimalProblem(char[] t, int intStart, int intEnd, int fracStart, int fracEnd) {
        int scale = fracEnd - fracStart;
        // JSON allows no leading zeros, so the integer part is significant unless it is a single 0.
        int intDigits = t[intStart] == '0' ? 0 : intEnd - intStart;
        int precision = intDigits + scale;
        if (scale > MAX_DECIMAL_SCALE) {
            return "decimal with more than " + MAX_DECIMAL_SCALE + " digits after the point";
        }
        if (precision > MAX_DECIMAL_PRECISION) {
            return "decimal with more than " + MAX_DECIMAL_PRECISION + " digits";
        }
        if (precision == LONG_DIGITS && unscaledAboveLongMax(t, intStart, intDigits, fracStart, scale)) {
            return "19-digit decimal above " + LONG_MAX + " ignoring the point";
        }
        return null;
    }

    private static String floatProblem(char[] t, int offset, int length, int intStart, int intEnd, int fracStart,
                                       int fracEnd, int expStart, int end) {
        int lead = firstNonZero(t, intStart, intEnd);
        int leadExponent;
        if (lead < intEnd) {
            leadExponent = intEnd - lead - 1;
        } else {
            lead = firstNonZero(t, fracStart, fracEnd);
            if (lead == fracEnd) {
                return null; // zero, -0e0 included: FLOAT8 has a signed zero
            }
            leadExponent = fracStart - lead - 1;
        }
        boolean expNegative = t[expStart] == '-';
        int expDigits = t[expStart] == '-' || t[expStart] == '+' ? expStart + 1 : expStart;
        int firstExpDigit = firstNonZero(t, expDigits, end);
        if (end - firstExpDigit > 9) {
            return expNegative ? "number underflows double precision" : "number overflows double precision";
        }
        long exponent = 0;
        for (int k = firstExpDigit; k < end; k++) {
            exponent = exponent * 10 + (t[k] - '0');
        }
        long decimalExponent = leadExponent + (expNegative ? -exponent : exponent);
        if (Math.abs(decimalExponent) <= SAFE_DECIMAL_EXPONENT) {
            return null;
        }
        // Near a limit: only here is the text converted.
        double value = Double.parseDouble(new String(t, offset, length));
        if (Double.isInfinite(value)) {
            return "number overflows double precision";
        }
        if (Math.abs(value) < Double.MIN_NORMAL) {
            return "number underflows double precision";
        }
        return null;
    }

    private static int digitsEnd(char[] t, int i, int end) {
        while (i < end && t[i] >= '0' && t[i] <= '9') {
            i++;
        }
        return i;
    }

    private static int firstNonZero(char[] t, int i, int end) {
        while (i < end && t[i] == '0') {
            i++;
        }
        return i;
    }

    /** Compares the {@code limit.length()} digits at {@code start} with {@code limit}. */
    private static int compare(char[] t, int start, String limit) {
        for (int k = 0; k < limit.length(); k++) {
            int d = t[start + k] - limit.charAt(k);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    /** The digits of integer part and fraction read as one integer, above {@link #LONG_MAX}? */
    private static boolean unscaledAboveLongMax(char[] t, int intStart, int intDigits, int fracStart, int scale) {
        char[] digits = new char[intDigits + scale];
        System.arraycopy(t, intStart, digits, 0, intDigits);
        System.arraycopy(t, fracStart, digits, intDigits, scale);
        // A leading zero (0.0…) leaves fewer than 19 significant digits.
        return digits[0] != '0' && compare(digits, 0, LONG_MAX) > 0;
    }
}
