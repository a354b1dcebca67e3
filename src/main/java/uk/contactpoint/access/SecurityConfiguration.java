package uk.contactpoint.access;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AccountExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsChecker;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Sign-in and the web's security rules. Every path has an explicit rule; anything not named is refused to the
 * anonymous. Two-factor sign-in, lockout and the full access matrix come with issue 3.
 */
@Configuration
@ConditionalOnWebApplication
class SecurityConfiguration {

    static final String SIGN_IN = "/sign-in";

    @Bean
    DaoAuthenticationProvider authenticationProvider(Accounts accounts, PasswordEncoder encoder) {
        var provider = new DaoAuthenticationProvider(accounts);
        provider.setPasswordEncoder(encoder);
        // Check the password first and the account's state after, so that a stranger without the password learns
        // nothing about an account (suspended, lapsed or locked) from the answer.
        provider.setPreAuthenticationChecks(user -> {});
        provider.setPostAuthenticationChecks(accountChecks());
        return provider;
    }

    private static UserDetailsChecker accountChecks() {
        return user -> {
            var account = (Accounts.Account) user;
            if (!account.isAccountNonLocked()) {
                throw new LockedException("Your account is locked after repeated failed sign-ins. Try again later"
                        + " or ask your local authority's ContactPoint team.");
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

    @Bean
    SecurityFilterChain web(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(SIGN_IN, "/error")
                        .permitAll()
                        .requestMatchers("/govuk/**", "/assets/**", "/js/**")
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage(SIGN_IN)
                        .loginProcessingUrl(SIGN_IN)
                        .defaultSuccessUrl("/", true)
                        .failureUrl(SIGN_IN + "?error")
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/sign-out").logoutSuccessUrl(SIGN_IN + "?signed-out"))
                .headers(headers -> headers.contentSecurityPolicy(
                                csp -> csp.policyDirectives(
                                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                                                + " font-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .httpStrictTransportSecurity(
                                hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)));
        return http.build();
    }
}
