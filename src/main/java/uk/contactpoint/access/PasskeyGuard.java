package uk.contactpoint.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring Security's passkey endpoints are filters, some of which run before the authorisation rules. This guard runs
 * ahead of them: registering a passkey needs a session that has passed both factors (otherwise a password alone could
 * register a passkey and then use it as the "second" factor), and using a passkey needs a session that has just passed
 * the password.
 */
final class PasskeyGuard extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (path.startsWith("/webauthn/register") && !SecondFactor.holds(authentication, SecondFactor.SIGNED_IN)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        if ((path.equals("/webauthn/authenticate/options") || path.equals("/login/webauthn"))
                && !SecondFactor.holds(authentication, SecondFactor.PENDING)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        chain.doFilter(request, response);
    }
}
