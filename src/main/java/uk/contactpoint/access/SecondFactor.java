package uk.contactpoint.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;
import uk.contactpoint.audit.AuditEvent;

/**
 * The step between the two factors. A correct password yields a session that may only reach the second-factor pages;
 * a correct code or passkey for the same account then yields the roles. See docs/adr/0012-identity-and-sign-in.md.
 */
@Component
class SecondFactor {

    /** The one authority of a session that has passed the password and not yet the second factor. */
    static final String PENDING = "SECOND_FACTOR_PENDING";

    /** Held by every session that has passed both factors. */
    static final String SIGNED_IN = "SIGNED_IN";

    static final String PASSWORD_VERIFIED = "contactpoint.passwordVerified";
    static final String PASSWORD_VERIFIED_AT = "contactpoint.passwordVerifiedAt";
    static final String SIGNED_IN_AT = "contactpoint.signedInAt";

    private final SecurityContextRepository contexts;
    private final Accounts accounts;
    private final SignInAudit audit;
    private final Clock clock;

    SecondFactor(SecurityContextRepository contexts, Accounts accounts, SignInAudit audit, Clock clock) {
        this.contexts = contexts;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    void passwordAccepted(HttpServletRequest request, Accounts.Account account) {
        HttpSession session = request.getSession();
        session.setAttribute(PASSWORD_VERIFIED, account.id());
        session.setAttribute(PASSWORD_VERIFIED_AT, clock.instant());
    }

    /** The account that passed the password in this session, if any. */
    static Long passwordVerified(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (Long) session.getAttribute(PASSWORD_VERIFIED);
    }

    /** Both factors are done: a fresh session id, and an authentication that carries the account's roles. */
    void complete(HttpServletRequest request, HttpServletResponse response, Accounts.Account account, String factor) {
        request.changeSessionId();
        HttpSession session = request.getSession();
        session.removeAttribute(PASSWORD_VERIFIED);
        session.removeAttribute(PASSWORD_VERIFIED_AT);
        session.setAttribute(SIGNED_IN_AT, clock.instant());
        List<GrantedAuthority> authorities = new ArrayList<>();
        account.roles().forEach(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
        authorities.add(new SimpleGrantedAuthority(SIGNED_IN));
        authorities.add(new SimpleGrantedAuthority("FACTOR_PASSWORD"));
        authorities.add(new SimpleGrantedAuthority("FACTOR_" + factor));
        var authentication = UsernamePasswordAuthenticationToken.authenticated(account, null, authorities);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        accounts.recordSuccess(account.id());
        audit.record(
                "SIGN_IN", account, null, request, AuditEvent.Outcome.SUCCESS, "password and " + factor.toLowerCase());
    }

    /** Whether the authentication (which may be null) holds the authority. */
    static boolean holds(org.springframework.security.core.Authentication authentication, String authority) {
        return authentication != null
                && authentication.getAuthorities().stream().anyMatch(a -> authority.equals(a.getAuthority()));
    }

    static Instant signedInAt(HttpSession session) {
        return session == null ? null : (Instant) session.getAttribute(SIGNED_IN_AT);
    }
}
