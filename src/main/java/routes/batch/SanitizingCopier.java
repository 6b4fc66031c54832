package routes.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import routes.contract.FieldType;

/**
 * Copies JSON values token by token from a parser to a generator, applying the field rules wherever a field
 * appears, and refusing what the warehouse cannot hold: nesting deeper than the limit, duplicate field names,
 * U+0000 and unpaired surrogates, and what {@link WarehouseValueLimits} refuses in what is written. One
 * instance per event; not thread-safe.
 */
final class SanitizingCopier {

    /** SANITIZED applies the field rules; RAW copies verbatim (the input of a hash); SKIP only validates. */
    enum Mode { SANITIZED, RAW, SKIP }

    private final JsonParser p;
    private final JsonFactory json;
    private final SanitizeRules rules;
    private final int maxDepth;
    private final boolean checkChars;
    private final WarehouseValueLimits values;
    /** Told each field written in SANITIZED mode, with the type written; null when fields are not observed. */
    private final FieldObserver observer;

    SanitizingCopier(JsonParser p, JsonFactory json, SanitizeRules rules, int maxDepth, boolean checkChars,
                     WarehouseValueLimits values, FieldObserver observer) {
        this.p = p;
        this.json = json;
        this.rules = rules;
        this.maxDepth = maxDepth;
        this.checkChars = checkChars;
        this.values = values;
        this.observer = observer;
    }

    /**
     * Copies the value starting at the current token {@code t}.
     *
     * @param depth nesting depth of the container holding the value (0 for a root value)
     * @param g     target, or null in {@link Mode#SKIP}
     */
    void copyValue(JsonToken t, JsonGenerator g, int depth, Mode mode) throws IOException {
        if (t == null) {
            throw new Rejection(RejectReason.NOT_JSON, "unexpected end of input");
        }
        switch (t) {
            case START_OBJECT -> {
                int d = enter(depth);
                if (g != null) {
                    g.writeStartObject();
                }
                FieldNameSet names = new FieldNameSet();
                for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
                    copyField(fieldName(f, names), p.nextToken(), g, d, mode);
                }
                if (g != null) {
                    g.writeEndObject();
                }
            }
            case START_ARRAY -> {
                int d = enter(depth);
                if (g != null) {
                    g.writeStartArray();
                }
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    copyValue(v, g, d, mode);
                }
                if (g != null) {
                    g.writeEndArray();
                }
            }
            case VALUE_STRING -> {
                char[] chars = p.getTextCharacters();
                int offset = p.getTextOffset();
                int length = p.getTextLength();
                checkChars(chars, offset, length);
                if (mode == Mode.SANITIZED) {
                    values.checkString(chars, offset, length, "string value", depth);
                }
                if (g != null) {
                    g.writeString(chars, offset, length);
                }
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                if (mode == Mode.SANITIZED) {
                    values.checkNumber(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), depth);
                }
                if (g != null) {
                    // The number's text exactly as written: 1e400, -0 and 40-digit integers survive (in jsonb).
                    g.writeNumber(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                }
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                if (g != null) {
                    g.writeBoolean(t == JsonToken.VALUE_TRUE);
                }
            }
            case VALUE_NULL -> {
                if (g != null) {
                    g.writeNull();
                }
            }
            default -> throw new Rejection(RejectReason.NOT_JSON, "unexpected token " + t);
        }
    }

    /** Validates the name at the current FIELD_NAME token and records it in {@code names}. */
    String fieldName(JsonToken t, FieldNameSet names) throws IOException {
        if (t != JsonToken.FIELD_NAME) {
            throw new Rejection(RejectReason.NOT_JSON, "expected a field name");
        }
        String name = p.currentName();
        if (checkChars) {
            checkChars(name.toCharArray(), 0, name.length());
        }
        if (!names.add(name)) {
            throw new Rejection(RejectReason.DUPLICATE_FIELD, "duplicate field name in an object at depth "
                    + p.getParsingContext().getNestingDepth());
        }
        return name;
    }

    /**
     * Copies one field (name already read, {@code v} its value token), applying its rule in SANITIZED mode.
     * Only what is written is held to the warehouse's limits: a removed field or a hash's input is not.
     */
    void copyField(String name, JsonToken v, JsonGenerator g, int depth, Mode mode) throws IOException {
        FieldAction action = mode == Mode.SANITIZED ? rules.actionFor(name) : null;
        if (action instanceof FieldAction.Remove || g == null) {
            copyValue(v, null, depth, Mode.SKIP);
            return;
        }
        if (mode == Mode.SANITIZED) {
            values.checkFieldName(name, depth);
        }
        g.writeFieldName(name);
        boolean observed = observer != null && mode == Mode.SANITIZED;
        if (action == null) {
            if (observed) {
                copyObserved(name, v, g, depth);
            } else {
                copyValue(v, g, depth, mode);
            }
            return;
        }
        if (observed) {
            // What is written: null stays null, a masked or hashed value is a string.
            observer.leaf(name, v == JsonToken.VALUE_NULL ? FieldType.NULL : FieldType.STRING);
        }
        if (v == JsonToken.VALUE_NULL) {
            g.writeNull();
        } else if (action instanceof FieldAction.Mask mask) {
            if (v.isScalarValue()) {
                g.writeString(mask.apply(scalarText(v)));
            } else {
                copyValue(v, null, depth, Mode.SKIP);
                g.writeString(FieldAction.MASK);
            }
        } else if (action instanceof FieldAction.Hash hash) {
            if (v.isScalarValue()) {
                g.writeString(hash.hmac().hex(scalarText(v)));
            } else {
                byte[] compact = capture(v, depth, Mode.RAW);
                g.writeString(hash.hmac().hex(compact, 0, compact.length));
            }
        }
    }

    /** A top-level field the pipeline writes itself (its own flag), with the type it writes. */
    void written(String name, FieldType type) {
        if (observer != null) {
            observer.leaf(name, type);
        }
    }

    /** Copies the value {@code v} of the field {@code name} in SANITIZED mode, telling the observer its leaves. */
    private void copyObserved(String name, JsonToken v, JsonGenerator g, int depth) throws IOException {
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
            observer.open(name, v == JsonToken.START_ARRAY);
            copyValue(v, g, depth, Mode.SANITIZED);
            observer.close();
        } else {
            if (v != null) {
                observer.scalar(name, v, p);
            }
            copyValue(v, g, depth, Mode.SANITIZED);
        }
    }

    /**
     * The value at {@code v} as compact JSON bytes, copied in SANITIZED mode as the field {@code name} (the observer
     * notes its leaves under that name).
     */
    byte[] captureField(String name, JsonToken v, int depth) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (JsonGenerator side = json.createGenerator(bytes)) {
            if (observer == null) {
                copyValue(v, side, depth, Mode.SANITIZED);
            } else {
                copyObserved(name, v, side, depth);
            }
        }
        return bytes.toByteArray();
    }

    /** The value at {@code v} as compact JSON bytes, copied in {@code mode}. */
    byte[] capture(JsonToken v, int depth, Mode mode) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (JsonGenerator side = json.createGenerator(bytes)) {
            copyValue(v, side, depth, mode);
        }
        return bytes.toByteArray();
    }

    /** A scalar's text: a string as-is, a number or boolean as its JSON text. */
    String scalarText(JsonToken v) throws IOException {
        String text = p.getText();
        if (v == JsonToken.VALUE_STRING) {
            checkChars(text.toCharArray(), 0, text.length());
        }
        return text;
    }

    private int enter(int depth) {
        int d = depth + 1;
        if (d > maxDepth) {
            throw new Rejection(RejectReason.TOO_DEEP, "nesting deeper than " + maxDepth);
        }
        return d;
    }

    /** Refuses U+0000 and unpaired surrogates, which only a JSON escape can produce in valid UTF-8 input. */
    void checkChars(char[] chars, int offset, int length) {
        if (!checkChars) {
            return;
        }
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = chars[i];
            if (c == 0) {
                throw new Rejection(RejectReason.UNSUPPORTED_CHARACTER, "string contains U+0000");
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
                    i++;
                } else {
                    throw new Rejection(RejectReason.UNSUPPORTED_CHARACTER, "string contains an unpaired surrogate");
                }
            }
        }
    }
}
