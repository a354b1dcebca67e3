package uk.contactpoint.feeds;

/** Writing RFC 4180 CSV: feeds, rejects reports and exports all quote the same way. */
public final class Csv {
    private Csv() {}

    /** A value quoted when it holds a comma, a quote or a line break, with its quotes doubled; null is empty. */
    public static String field(String value) {
        if (value == null) {
            return "";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + value.replace("\"", "\"\"") + '"';
            }
        }
        return value;
    }

    /** A whole line, ending in a line feed. */
    public static String row(String... values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(values[i]));
        }
        return line.append('\n').toString();
    }
}
