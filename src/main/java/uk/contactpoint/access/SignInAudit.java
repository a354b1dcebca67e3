package uk.contactpoint.access;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.contactpoint.audit.AuditEvent;
import uk.contactpoint.audit.AuditLog;

/** Records sign-in events (and account changes) with who, from where, and the outcome. */
@Component
class SignInAudit {

    private final AuditLog audit;
    private final TransactionTemplate transactions;

    SignInAudit(AuditLog audit, TransactionTemplate transactions) {
        this.audit = audit;
        this.transactions = transactions;
    }

    void record(
            String action,
            Accounts.Account account,
            String username,
            HttpServletRequest request,
            AuditEvent.Outcome outcome,
            String detail) {
        transactions.executeWithoutResult(
                tx -> audit.record(event(action, account, username, request, outcome, detail)));
    }

    /** For callers already in a transaction with the change the event describes. */
    static AuditEvent event(
            String action,
            SignedInUser actor,
            String username,
            HttpServletRequest request,
            AuditEvent.Outcome outcome,
            String detail) {
        return new AuditEvent(
                actor == null ? null : actor.id(),
                actor == null ? username : actor.username(),
                actor == null ? null : actor.organisationCode(),
                actor == null || actor.roles().isEmpty()
                        ? null
                        : actor.roles().getFirst().name(),
                request == null ? null : request.getRemoteAddr(),
                request == null ? null : request.getHeader("User-Agent"),
                action,
                null,
                detail,
                null,
                outcome);
    }
}
