package dev.convnet.definition;

import java.util.Optional;

/**
 * What a model name may contain: any printable Unicode, up to 200 characters. Refused are the characters a
 * database cannot store (NUL fails on PostgreSQL) or that make a name read differently from what it is: control
 * characters (line breaks, escapes), line and paragraph separators, bidirectional overrides and isolates (a name
 * that displays reversed), and halves of surrogate pairs (not text at all).
 */
public final class ModelNames {

    public static final int MAX_LENGTH = 200;

    private ModelNames() {
    }

    /** Why the name cannot be a model's name, or empty when it can. */
    public static Optional<String> problem(String name) {
        if (name.isBlank() || name.length() > MAX_LENGTH) {
            return Optional.of("name must be a non-blank string of at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); ) {
            int codePoint = name.codePointAt(i);
            if (isRefused(codePoint)) {
                return Optional.of(String.format("name must not contain control or formatting characters such as "
                        + "U+%04X (at index %d); printable Unicode is fine", codePoint, i));
            }
            i += Character.charCount(codePoint);
        }
        return Optional.empty();
    }

    public static boolean isValid(String name) {
        return name != null && problem(name).isEmpty();
    }

    /** The name with each refused character written as its code point, e.g. {@code <U+0000>}: safe in a message. */
    public static String printable(String name) {
        StringBuilder text = new StringBuilder();
        name.codePoints().forEach(codePoint -> {
            if (isRefused(codePoint)) {
                text.append(String.format("<U+%04X>", codePoint));
            } else {
                text.appendCodePoint(codePoint);
            }
        });
        return text.toString();
    }

    private static boolean isRefused(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isISOControl(codePoint)
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE // only unpaired halves reach here: pairs are read as one code point
                || (codePoint >= 0x202A && codePoint <= 0x202E) // bidirectional embeddings and overrides
                || (codePoint >= 0x2066 && codePoint <= 0x2069); // bidirectional isolates
    }
}
