package uk.contactpoint.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthentication;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs on every web request before authorisation. It turns a passkey sign-in into a full session only when the same
 * session has passed the password for the same account, and it ends a session at once when its account is suspended,
 * lapses or is locked, when the account's sessions were revoked, or when the session is older than the absolute
 * limit. Checking the database on each request (not a per-node session registry) ends the session on every node.
 */
final class SessionGuard extends OncePerRequestFilter {

    static final Duration ABSOLUTE_LIMIT = Duration.ofHours(10);
    static final Duration SECOND_FACTOR_WITHIN = Duration.ofMinutes(5);

    private final Accounts accounts;
    private final SecondFactor secondFactor;
    private final Clock clock;

    SessionGuard(Accounts accounts, SecondFactor secondFactor, Clock clock) {
        this.accounts = accounts;
        this.secondFactor = secondFactor;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        HttpSession session = request.getSession(false);
        Optional<String> ended = Optional.empty();
        if (authentication instanceof WebAuthnAuthentication passkey) {
            ended = upgradePasskey(request, response, passkey);
        } else if (authentication != null && authentication.getPrincipal() instanceof Accounts.Account account) {
            if (SecondFactor.holds(authentication, SecondFactor.SIGNED_IN)) {
                ended = stillValid(account, session);
            } else if (SecondFactor.holds(authentication, SecondFactor.PENDING)) {
                Instant verifiedAt =
                        session == null ? null : (Instant) session.getAttribute(SecondFactor.PASSWORD_VERIFIED_AT);
                if (verifiedAt == null || verifiedAt.plus(SECOND_FACTOR_WITHIN).isBefore(clock.instant())) {
                    ended = Optional.of("timeout");
                }
            }
        }
        if (ended.isPresent()) {
            SecurityContextHolder.clearContext();
            HttpSession current = request.getSession(false);
            if (current != null) {
                current.invalidate();
            }
            response.sendRedirect(request.getContextPath() + "/sign-in?ended=" + ended.get());
            return;
        }
        chain.doFilter(request, response);
    }

    private Optional<String> upgradePasskey(
            HttpServletRequest request, HttpServletResponse response, WebAuthnAuthentication passkey) {
        Long verified = SecondFactor.passwordVerified(request);
        var account = accounts.byUsername(passkey.getName());
        if (verified == null || account.isEmpty() || account.get().id() != verified) {
            return Optional.of("passkey");
        }
        if (!account.get().usable()) {
            return Optional.of("refused");
        }
        secondFactor.complete(request, response, account.get(), "WEBAUTHN");
        return Optional.empty();
    }

    private Optional<String> stillValid(Accounts.Account signedIn, HttpSession session) {
        Instant signedInAt = SecondFactor.signedInAt(session);
        if (signedInAt == null || signedInAt.plus(ABSOLUTE_LIMIT).isBefore(clock.instant())) {
            return Optional.of("timeout");
        }
        var account = accounts.byId(signedIn.id());
        if (account.isEmpty() || !account.get().isEnabled()) {
            return Optional.of("suspended");
        }
        if (!account.get().isAccountNonExpired()) {
            return Optional.of("lapsed");
        }
        if (!account.get().isAccountNonLocked()) {
            return Optional.of("locked");
        }
        var revoked = account.get().sessionsValidAfter();
        if (revoked != null && !signedInAt.isAfter(revoked.toInstant())) {
            return Optional.of("revoked");
        }
        return Optional.empty();
    }
}
