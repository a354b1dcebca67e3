package uk.contactpoint.directory;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.util.Collection;
import java.util.LinkedHashSet;
import uk.contactpoint.kernel.ChildId;

/**
 * The children a user's searches have shown in this session. A record opens only for one of them: search is the way
 * in, so a ContactPoint ID learnt elsewhere (or guessed) opens nothing, and every opening follows an audited search.
 * Bounded, oldest forgotten first; gone when the session ends.
 */
public final class FoundChildren implements Serializable {

    static final int LIMIT = 200;
    private static final String ATTRIBUTE = FoundChildren.class.getName();

    private final LinkedHashSet<String> ids = new LinkedHashSet<>();

    private FoundChildren() {}

    /** Remembers the children a search showed (ContactPoint IDs, in any of their written forms). */
    public static void remember(HttpSession session, Collection<String> childIds) {
        if (childIds.isEmpty()) {
            return;
        }
        synchronized (session) {
            FoundChildren found = (FoundChildren) session.getAttribute(ATTRIBUTE);
            if (found == null) {
                found = new FoundChildren();
            }
            for (String id : childIds) {
                String canonical = ChildId.of(id).value();
                found.ids.remove(canonical);
                found.ids.add(canonical);
            }
            while (found.ids.size() > LIMIT) {
                found.ids.remove(found.ids.getFirst());
            }
            session.setAttribute(ATTRIBUTE, found);
        }
    }

    static boolean contains(HttpSession session, ChildId childId) {
        if (session == null) {
            return false;
        }
        synchronized (session) {
            FoundChildren found = (FoundChildren) session.getAttribute(ATTRIBUTE);
            return found != null && found.ids.contains(childId.value());
        }
    }
}
