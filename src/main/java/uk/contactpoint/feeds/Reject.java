package uk.contactpoint.feeds;

/**
 * One reason a row was rejected: the file line it starts on, the column at fault (empty when the row as a whole is
 * wrong), and the reason in words the source can act on.
 */
public record Reject(long line, String recordId, String column, String reason) {
    @Override
    public String toString() {
        return "line " + line + (column.isEmpty() ? "" : ", " + column) + ": " + reason;
    }
}
