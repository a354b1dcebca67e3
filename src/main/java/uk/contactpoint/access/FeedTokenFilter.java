package uk.contactpoint.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates API calls that present a feed-system token as {@code Authorization: Bearer cpf_...}. */
final class FeedTokenFilter extends OncePerRequestFilter {

    private final FeedTokens tokens;

    FeedTokenFilter(FeedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.startsWith("Bearer ")) {
            var system =
                    tokens.authenticate(header.substring("Bearer ".length()).strip());
            if (system.isEmpty()) {
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                response.setContentType("application/problem+json");
                response.getWriter()
                        .write(
                                "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                                        + "\"detail\":\"The token is not valid, has been revoked, or its account cannot be used.\"}");
                return;
            }
            var authentication = UsernamePasswordAuthenticationToken.authenticated(
                    system.get(),
                    null,
                    List.of(
                            new SimpleGrantedAuthority(Role.FEED_SYSTEM.authority()),
                            new SimpleGrantedAuthority(
                                    FeedSystem.sourceAuthority(system.get().sourceCode()))));
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(authentication);
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
