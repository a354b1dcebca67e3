package uk.contactpoint.access;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Loads accounts for sign-in, with their status, lock and eligibility. */
@Service
class Accounts implements UserDetailsService {

    private final JdbcClient jdbc;
    private final Clock clock;

    Accounts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The signed-in user: who they are, for which organisation, and why they may or may not sign in. */
    record Account(
            long id,
            String username,
            String displayName,
            String organisationCode,
            String organisationName,
            String passwordHash,
            String status,
            OffsetDateTime lockedUntil,
            LocalDate vettingCheckedOn,
            LocalDate trainingCompletedOn,
            List<Role> roles,
            Instant now)
            implements UserDetails, SignedInUser {

        @Override
        public Collection<? extends GrantedAuthority> getAuthorities() {
            return roles.stream()
                    .map(r -> new SimpleGrantedAuthority(r.authority()))
                    .toList();
        }

        @Override
        public String getPassword() {
            return passwordHash;
        }

        @Override
        public String getUsername() {
            return username;
        }

        @Override
        public boolean isEnabled() {
            return "ACTIVE".equals(status);
        }

        @Override
        public boolean isAccountNonLocked() {
            return lockedUntil == null || lockedUntil.toInstant().isBefore(now);
        }

        @Override
        public boolean isAccountNonExpired() {
            return lapsedReason().isEmpty();
        }

        /** Why the account may not be used today, if it may not. */
        Optional<String> lapsedReason() {
            return Eligibility.lapsed(vettingCheckedOn, trainingCompletedOn, LocalDate.ofInstant(now, ZoneOffset.UTC));
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        var account = jdbc.sql("""
                        select u.id, u.username, u.display_name, o.code, o.name, u.password_hash, u.status,
                            u.locked_until, u.vetting_checked_on, u.training_completed_on
                        from app_user u join organisation o on o.id = u.organisation_id
                        where u.username = :username""")
                .param("username", username)
                .query((rs, n) -> new Account(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getObject(8, OffsetDateTime.class),
                        rs.getObject(9, LocalDate.class),
                        rs.getObject(10, LocalDate.class),
                        List.of(),
                        clock.instant()))
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
        List<Role> roles = jdbc.sql("select role from user_role where user_id = :id order by role")
                .param("id", account.id())
                .query((rs, n) -> Role.valueOf(rs.getString(1)))
                .list();
        return new Account(
                account.id(),
                account.username(),
                account.displayName(),
                account.organisationCode(),
                account.organisationName(),
                account.passwordHash(),
                account.status(),
                account.lockedUntil(),
                account.vettingCheckedOn(),
                account.trainingCompletedOn(),
                roles,
                account.now());
    }
}
