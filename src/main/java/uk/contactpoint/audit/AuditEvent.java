package uk.contactpoint.audit;

/**
 * One thing to record: who (user, organisation, role), from where, what, about which child, why, and the outcome.
 * Absent parts are null.
 */
public record AuditEvent(
        Long actorUserId,
        String actorUsername,
        String actorOrganisation,
        String actorRole,
        String clientAddress,
        String userAgent,
        String action,
        String subjectChildId,
        String detail,
        String reason,
        Outcome outcome) {

    public enum Outcome {
        SUCCESS,
        FAILURE,
        REFUSED
    }

    public AuditEvent {
        if (action == null || action.isBlank()) {
            throw new IllegalArgumentException("an audit event names its action");
        }
        if (outcome == null) {
            throw new IllegalArgumentException("an audit event has an outcome");
        }
    }

    /** An event done by the system itself (a feed run from the command line, a scheduled job). */
    public static AuditEvent bySystem(String action, String detail, Outcome outcome) {
        return new AuditEvent(null, "system", null, null, null, null, action, null, detail, null, outcome);
    }

    /** An event done by the system about one child (ContactPoint ID, canonical form). */
    public static AuditEvent bySystem(String action, String childId, String detail, Outcome outcome) {
        return new AuditEvent(null, "system", null, null, null, null, action, childId, detail, null, outcome);
    }
}
