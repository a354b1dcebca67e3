package uk.contactpoint.directory;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import uk.contactpoint.kernel.ChildId;

/**
 * The one record a user has open in a session, with the reason they gave and whether they confirmed a
 * child-protection override. It lasts until the user closes the record, opens another, signs out, or {@link #LASTS}
 * passes; an override lasts exactly as long, and must be confirmed again for the next opening.
 */
record OpenRecord(String childId, ViewReason reason, String detail, boolean override, Instant openedAt)
        implements Serializable {

    static final Duration LASTS = Duration.ofMinutes(30);
    private static final String ATTRIBUTE = OpenRecord.class.getName();

    String reasonText() {
        return reason.name() + (detail == null ? "" : ": " + detail);
    }

    void keep(HttpSession session) {
        session.setAttribute(ATTRIBUTE, this);
    }

    static Optional<OpenRecord> current(HttpSession session, ChildId childId, Instant now) {
        if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof OpenRecord open)) {
            return Optional.empty();
        }
        if (!open.childId().equals(childId.value())
                || open.openedAt().plus(LASTS).isBefore(now)) {
            return Optional.empty();
        }
        return Optional.of(open);
    }

    static void close(HttpSession session) {
        if (session != null) {
            session.removeAttribute(ATTRIBUTE);
        }
    }
}
