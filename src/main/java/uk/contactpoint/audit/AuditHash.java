package uk.contactpoint.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Objects;
import uk.contactpoint.kernel.Sha256;

/**
 * The hash of one chained entry: SHA-256 over its sequence number, time, every field of the event, and the previous
 * entry's hash. The chain position is deliberately left out, so that verification can tell an altered entry (its own
 * hash fails) from a reordered one (its own hash holds but its predecessor does not match).
 */
final class AuditHash {

    static final String COLUMNS = "seq, occurred_at, actor_user_id, actor_username, actor_organisation, actor_role,"
            + " client_address, user_agent, action, subject_child_id, detail, reason, outcome";

    private AuditHash() {}

    /** The entry's content as read from a row selected with {@link #COLUMNS} first. */
    static String content(ResultSet rs) throws SQLException {
        StringBuilder text = new StringBuilder(256);
        text.append(rs.getLong(1)).append('\u001f');
        text.append(rs.getObject(2, OffsetDateTime.class).toInstant()).append('\u001f');
        Object userId = rs.getObject(3);
        text.append(userId == null ? "" : ((Number) userId).longValue()).append('\u001f');
        for (int column = 4; column <= 13; column++) {
            text.append(Objects.toString(rs.getString(column), "")).append('\u001f');
        }
        return text.toString();
    }

    static String hash(String content, String previousHash) {
        // The previous hash is hexadecimal ASCII, so hashing the joined text equals hashing the two parts in turn.
        return Sha256.hex(content + previousHash);
    }

    static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
