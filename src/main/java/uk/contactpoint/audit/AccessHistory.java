package uk.contactpoint.audit;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Who has looked at a child, and why: every audit event about the child (views, overrides, changes) and every search
 * that showed the child among its results. The data of the subject access report, and of a family-facing "who looked
 * at my child's record" page.
 */
@Service
public class AccessHistory {

    /** One access: when, who (user, organisation, role), what, why and how it ended. */
    public record Access(
            long seq,
            OffsetDateTime at,
            String username,
            String organisation,
            String role,
            String action,
            String reason,
            String outcome) {}

    private final JdbcClient jdbc;

    AccessHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The accesses to the child with this ContactPoint ID (canonical form), oldest first. A search is included when
     * the child was among those it showed; its criteria are not (they may name other children).
     */
    public List<Access> of(String childId) {
        if (childId == null || !childId.matches("CP[0-9A-Z]{9}")) {
            throw new IllegalArgumentException("a ContactPoint ID in its canonical form, like CP7K3M9QXD4");
        }
        return jdbc.sql("""
                        select seq, occurred_at, actor_username, actor_organisation, actor_role, action, reason, outcome
                        from audit_event
                        where subject_child_id = :child
                           or (action = 'SEARCH' and detail like :shown)
                        order by seq""")
                .param("child", childId)
                .param("shown", "% shown=%" + childId + "%")
                .query((rs, n) -> new Access(
                        rs.getLong(1),
                        rs.getObject(2, OffsetDateTime.class),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8)))
                .list();
    }
}
