package uk.contactpoint.directory;

/**
 * The one check of text people type into the record pages (reasons, messages, names, notes): stripped, within its
 * length, and free of control characters other than line breaks. A refusal names the field.
 */
final class FreeText {

    private FreeText() {}

    /** The stripped text; refused with {@code missing} when empty. */
    static String required(String value, String field, String missing, int max) {
        String text = optional(value, field, max);
        if (text == null) {
            throw RecordRefusedException.bad(field, missing);
        }
        return text;
    }

    /** The stripped text, or null when there is none. */
    static String optional(String value, String field, int max) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() > max
                || text.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r')) {
            throw RecordRefusedException.bad(field, "Use at most " + max + " characters, and no control characters.");
        }
        return text;
    }
}
