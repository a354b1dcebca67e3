package uk.contactpoint.access;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AccountExpiredException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetailsChecker;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import uk.contactpoint.audit.AuditEvent;

/**
 * Sign-in and the authorisation rule of every endpoint. Every path is named here with who may use it; anything not
 * named is denied to everyone, so a new endpoint is unreachable until it gets a rule (and the access matrix test fails
 * until it gets a row). See docs/adr/0012-identity-and-sign-in.md.
 */
@Configuration
@ConditionalOnWebApplication
@EnableMethodSecurity
class SecurityConfiguration {

    static final String SIGN_IN = "/sign-in";
    private static final String[] ADMINS = {"LA_MANAGER", "NATIONAL_ADMIN"};
    /** Who may search for children (docs/contactpoint.md): practitioners, the LA team, child-protection users. */
    private static final String[] SEARCHERS = {
        "PRACTITIONER", "PRACTITIONER_VIEW_ONLY", "LA_TEAM", "CHILD_PROTECTION_OVERRIDE"
    };

    @Bean
    DaoAuthenticationProvider authenticationProvider(Accounts accounts, PasswordEncoder encoder) {
        var provider = new DaoAuthenticationProvider(accounts);
        provider.setPasswordEncoder(encoder);
        // Check the password first and the account's state after, so that a stranger without the password learns
        // nothing about an account (suspended, lapsed or locked) from the answer.
        provider.setPreAuthenticationChecks(user -> {});
        provider.setPostAuthenticationChecks(accountChecks());
        // A password alone grants nothing but the way to the second factor.
        provider.setAuthoritiesMapper(ignored -> Set.of(new SimpleGrantedAuthority(SecondFactor.PENDING)));
        return provider;
    }

    private static UserDetailsChecker accountChecks() {
        return user -> {
            var account = (Accounts.Account) user;
            if (!account.isAccountNonLocked()) {
                throw new LockedException("Your account is locked after repeated failed sign-ins. Try again in 15"
                        + " minutes, or ask your local authority's ContactPoint team to unlock it.");
            }
            if (!account.isEnabled()) {
                throw new DisabledException(
                        "SUSPENDED".equals(account.status())
                                ? "Your account is suspended. Contact your ContactPoint manager."
                                : "Your account is waiting for your ContactPoint manager's approval.");
            }
            account.lapsedReason().ifPresent(reason -> {
                throw new AccountExpiredException(reason);
            });
        };
    }

    /**
     * The search API for a signed-in person's session (both factors done): the same session and session checks as the
     * pages, but JSON errors instead of redirects.
     */
    @Bean
    @Order(0)
    SecurityFilterChain searchApi(
            HttpSecurity http,
            Accounts accounts,
            SecondFactor secondFactor,
            SecurityContextRepository contexts,
            Clock clock)
            throws Exception {
        http.securityMatcher("/api/v1/children", "/api/v1/children/**", "/api/v1/team/**")
                .securityContext(context -> context.securityContextRepository(contexts))
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) ->
                                problem(response, 401, "Unauthorized", "Sign in to ContactPoint first."))
                        .accessDeniedHandler((request, response, ex) ->
                                problem(response, 403, "Forbidden", "Your role may not do this.")))
                .authorizeHttpRequests(
                        requests -> requests.requestMatchers(GET, "/api/v1/children", "/api/v1/children/{childId}")
                                .access(signedInAs(SEARCHERS))
                                // A practitioner's own involvement, changed from the same session (CSRF token).
                                .requestMatchers(
                                        POST,
                                        "/api/v1/children/{childId}/involvements",
                                        "/api/v1/children/{childId}/involvements/{serviceType}/{change}")
                                .access(signedInAs("PRACTITIONER"))
                                // The team's workbench as JSON, for the same signed-in session (CSRF token on changes).
                                .requestMatchers(
                                        GET,
                                        "/api/v1/team/match-review",
                                        "/api/v1/team/match-review/{id}",
                                        "/api/v1/team/data-queries",
                                        "/api/v1/team/contact-requests",
                                        "/api/v1/team/feed-runs",
                                        "/api/v1/team/children/{childId}/merges")
                                .access(signedInAs("LA_TEAM"))
                                .requestMatchers(
                                        POST,
                                        "/api/v1/team/match-review/{id}",
                                        "/api/v1/team/data-queries/{id}",
                                        "/api/v1/team/contact-requests/{id}",
                                        "/api/v1/team/children/{childId}/shield",
                                        "/api/v1/team/children/{childId}/shield/lift",
                                        "/api/v1/team/children/{childId}/merges",
                                        "/api/v1/team/children/{childId}/merges/{id}/unmerge",
                                        "/api/v1/team/children/{childId}/adoption",
                                        "/api/v1/team/children/{childId}/stay-on",
                                        "/api/v1/team/archive/{childId}")
                                .access(signedInAs("LA_TEAM"))
                                .anyRequest()
                                .denyAll())
                .addFilterBefore(new SessionGuard(accounts, secondFactor, clock), AuthorizationFilter.class);
        return http.build();
    }

    /** Feed systems and case-management systems: stateless, token-authenticated, JSON errors. */
    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, FeedTokens tokens) throws Exception {
        http.securityMatcher("/api/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new FeedTokenFilter(tokens), AuthorizationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> problem(
                                response, 401, "Unauthorized", "Present a valid token: Authorization: Bearer <token>."))
                        .accessDeniedHandler((request, response, ex) -> problem(
                                response,
                                403,
                                "Forbidden",
                                "This token may not be used for this source or operation.")))
                .authorizeHttpRequests(requests -> requests
                        // A feed system uploads to, and reads the runs of, its own source only.
                        .requestMatchers(POST, "/api/v1/feeds/{source}/runs")
                        .access((auth, context) ->
                                ownSource(auth.get(), context.getVariables().get("source")))
                        .requestMatchers(
                                GET, "/api/v1/feeds/{source}/runs/{run}", "/api/v1/feeds/{source}/runs/{run}/rejects")
                        .access((auth, context) ->
                                ownSource(auth.get(), context.getVariables().get("source")))
                        .anyRequest()
                        .denyAll());
        return http.build();
    }

    /** Fully signed in (both factors) and holding one of the roles. */
    private static AuthorizationManager<RequestAuthorizationContext> signedInAs(String... roles) {
        return AuthorizationManagers.allOf(
                AuthorityAuthorizationManager.hasAuthority(SecondFactor.SIGNED_IN),
                AuthorityAuthorizationManager.hasAnyRole(roles));
    }

    static void problem(HttpServletResponse response, int status, String title, String detail)
            throws java.io.IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getWriter()
                .write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                        + detail + "\"}");
    }

    private static AuthorizationDecision ownSource(
            org.springframework.security.core.Authentication auth, String source) {
        return new AuthorizationDecision(SecondFactor.holds(auth, FeedSystem.sourceAuthority(source)));
    }

    @Bean
    @Order(2)
    SecurityFilterChain web(
            HttpSecurity http,
            Accounts accounts,
            SecondFactor secondFactor,
            SignInAudit audit,
            SecurityContextRepository contexts,
            Clock clock,
            @Value("${contactpoint.webauthn.rp-id}") String rpId,
            @Value("${contactpoint.webauthn.allowed-origins}") Set<String> origins)
            throws Exception {
        http.securityContext(context -> context.securityContextRepository(contexts))
                .authorizeHttpRequests(requests -> requests
                        // Anyone: the sign-in page, errors, static assets, the load balancer's health check.
                        .requestMatchers(GET, SIGN_IN, "/error")
                        .permitAll()
                        .requestMatchers(GET, "/govuk/**", "/assets/**", "/js/**", "/css/**")
                        .permitAll()
                        .requestMatchers(GET, "/actuator/health", "/actuator/health/**")
                        .permitAll()
                        // The API's OpenAPI description: it says how to call the API, nothing about any child.
                        .requestMatchers(GET, "/v3/api-docs", "/v3/api-docs.yaml")
                        .permitAll()
                        // Between the factors: only the second-factor pages.
                        .requestMatchers(GET, "/sign-in/second-factor", "/sign-in/enrol")
                        .hasAuthority(SecondFactor.PENDING)
                        .requestMatchers(POST, "/sign-in/second-factor", "/sign-in/enrol")
                        .hasAuthority(SecondFactor.PENDING)
                        // Every signed-in user (both factors done).
                        .requestMatchers(GET, "/", "/account")
                        .hasAuthority(SecondFactor.SIGNED_IN)
                        .requestMatchers(POST, "/account/passkeys/{id}/delete")
                        .hasAuthority(SecondFactor.SIGNED_IN)
                        // Passkeys (Spring Security's filters; PasskeyGuard also checks these ahead of them).
                        .requestMatchers(POST, "/webauthn/register/options", "/webauthn/register")
                        .hasAuthority(SecondFactor.SIGNED_IN)
                        .requestMatchers(POST, "/webauthn/authenticate/options", "/login/webauthn")
                        .hasAuthority(SecondFactor.PENDING)
                        // Search for children: the roles that may search, both factors done.
                        .requestMatchers(GET, "/search")
                        .access(signedInAs(SEARCHERS))
                        // A child's record: the reason page, opening, the record, closing it.
                        .requestMatchers(GET, "/children/{childId}", "/children/{childId}/record")
                        .access(signedInAs(SEARCHERS))
                        .requestMatchers(
                                POST,
                                "/children/{childId}",
                                "/children/{childId}/close",
                                "/children/{childId}/contact-requests",
                                "/children/{childId}/data-queries")
                        .access(signedInAs(SEARCHERS))
                        // A practitioner's own service's involvement (not view-only practitioners).
                        .requestMatchers(
                                POST,
                                "/children/{childId}/involvements",
                                "/children/{childId}/involvements/{serviceType}/{change}")
                        .access(signedInAs("PRACTITIONER"))
                        // Shielding and adoption: the ContactPoint team (of the child's authority, checked with the
                        // record).
                        .requestMatchers(
                                POST,
                                "/children/{childId}/shield",
                                "/children/{childId}/shield/lift",
                                "/children/{childId}/adoption",
                                "/children/{childId}/merges",
                                "/children/{childId}/merges/{id}/unmerge")
                        .access(signedInAs("LA_TEAM"))
                        // The team's queues: brokered contact for shielded children, its sources' feed runs.
                        .requestMatchers(
                                GET,
                                "/team/contact-requests",
                                "/team/feed-runs",
                                "/team/feed-runs/{run}/rejects",
                                "/team/match-review",
                                "/team/match-review/{id}",
                                "/team/data-queries",
                                "/team/archive")
                        .hasRole("LA_TEAM")
                        .requestMatchers(
                                POST,
                                "/team/contact-requests/{id}",
                                "/team/match-review/{id}",
                                "/team/data-queries/{id}",
                                "/team/archive",
                                "/team/archive/stay-on")
                        .hasRole("LA_TEAM")
                        // User administration: managers and national administrators; the team may view and unlock.
                        .requestMatchers(GET, "/admin/users")
                        .hasAnyRole("LA_MANAGER", "NATIONAL_ADMIN", "LA_TEAM")
                        .requestMatchers(POST, "/admin/users/{id}/unlock")
                        .hasAnyRole("LA_MANAGER", "NATIONAL_ADMIN", "LA_TEAM")
                        .requestMatchers(GET, "/admin/users/new")
                        .hasAnyRole(ADMINS)
                        .requestMatchers(POST, "/admin/users")
                        .hasAnyRole(ADMINS)
                        .requestMatchers(
                                POST,
                                "/admin/users/{id}/approve",
                                "/admin/users/{id}/suspend",
                                "/admin/users/{id}/reinstate",
                                "/admin/users/{id}/checks")
                        .hasAnyRole(ADMINS)
                        // Subject access reports: managers, for the children of their authority (checked in the
                        // report).
                        .requestMatchers(GET, "/admin/subject-access")
                        .hasRole("LA_MANAGER")
                        .requestMatchers(POST, "/admin/subject-access")
                        .hasRole("LA_MANAGER")
                        // Misuse alerts: a manager sees those of the authority's organisations, national administrators
                        // all.
                        .requestMatchers(GET, "/admin/alerts")
                        .hasAnyRole(ADMINS)
                        // Organisations and feed tokens: national administrators only.
                        .requestMatchers(GET, "/admin/organisations", "/admin/tokens")
                        .hasRole("NATIONAL_ADMIN")
                        .requestMatchers(
                                POST,
                                "/admin/organisations",
                                "/admin/tokens",
                                "/admin/tokens/{id}/revoke",
                                "/admin/tokens/{id}/rotate")
                        .hasRole("NATIONAL_ADMIN")
                        .anyRequest()
                        .denyAll())
                .formLogin(form -> form.loginPage(SIGN_IN)
                        .loginProcessingUrl(SIGN_IN)
                        .successHandler((request, response, authentication) -> {
                            var account = (Accounts.Account) authentication.getPrincipal();
                            secondFactor.passwordAccepted(request, account);
                            boolean enrolled = account.totpSecret() != null || accounts.hasPasskey(account.username());
                            response.sendRedirect(request.getContextPath()
                                    + (enrolled ? "/sign-in/second-factor" : "/sign-in/enrol"));
                        })
                        .failureHandler(new SimpleUrlAuthenticationFailureHandler(SIGN_IN + "?error") {
                            @Override
                            public void onAuthenticationFailure(
                                    jakarta.servlet.http.HttpServletRequest request,
                                    HttpServletResponse response,
                                    org.springframework.security.core.AuthenticationException exception)
                                    throws java.io.IOException, jakarta.servlet.ServletException {
                                String username = request.getParameter("username");
                                var account = username == null
                                        ? java.util.Optional.<Accounts.Account>empty()
                                        : accounts.byUsername(username);
                                if (exception instanceof BadCredentialsException && account.isPresent()) {
                                    boolean locked =
                                            accounts.recordFailure(account.get().id());
                                    audit.record(
                                            locked ? "ACCOUNT_LOCKED" : "SIGN_IN",
                                            null,
                                            username,
                                            request,
                                            AuditEvent.Outcome.FAILURE,
                                            "wrong password");
                                } else {
                                    audit.record(
                                            "SIGN_IN",
                                            null,
                                            username,
                                            request,
                                            exception instanceof BadCredentialsException
                                                    ? AuditEvent.Outcome.FAILURE
                                                    : AuditEvent.Outcome.REFUSED,
                                            exception instanceof BadCredentialsException
                                                    ? "unknown user or wrong password"
                                                    : exception.getMessage());
                                }
                                super.onAuthenticationFailure(request, response, exception);
                            }
                        }))
                .webAuthn(webAuthn -> webAuthn.rpName("ContactPoint")
                        .rpId(rpId)
                        .allowedOrigins(origins)
                        .disableDefaultRegistrationPage(true))
                .logout(logout -> logout.logoutUrl("/sign-out").logoutSuccessUrl(SIGN_IN + "?signed-out"))
                .exceptionHandling(e -> e.accessDeniedHandler((request, response, denied) -> {
                    // Half-way through signing in, any other page leads back to the code page rather than an error.
                    var auth = org.springframework.security.core.context.SecurityContextHolder.getContext()
                            .getAuthentication();
                    if (SecondFactor.holds(auth, SecondFactor.PENDING) && "GET".equals(request.getMethod())) {
                        response.sendRedirect(request.getContextPath() + "/sign-in/second-factor?denied");
                    } else {
                        response.sendError(HttpServletResponse.SC_FORBIDDEN);
                    }
                }))
                .addFilterBefore(new SessionGuard(accounts, secondFactor, clock), AuthorizationFilter.class)
                .addFilterBefore(new PasskeyGuard(), UsernamePasswordAuthenticationFilter.class)
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                                        + " font-src 'self'; connect-src 'self'; frame-ancestors 'none';"
                                        + " form-action 'self'; base-uri 'none'"))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .httpStrictTransportSecurity(
                                hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)));
        return http.build();
    }
}
