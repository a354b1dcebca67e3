package uk.contactpoint.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts as sign-in needs them: state, lock, eligibility, second factors. */
@Service
class Accounts implements UserDetailsService {

    /** Consecutive failures (passwords or codes) that lock an account, and for how long. */
    static final int LOCK_AFTER_FAILURES = 5;

    static final Duration LOCK_FOR = Duration.ofMinutes(15);

    private final JdbcClient jdbc;
    private final Clock clock;

    Accounts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * An account. It grants no authority by itself: roles reach a session only once both factors are done (see
     * {@link SecondFactor}), so no single-factor path (a password alone, a passkey alone) can ever carry a role.
     */
    record Account(
            long id,
            String username,
            String displayName,
            String organisationCode,
            String organisationName,
            String localAuthorityCode,
            String passwordHash,
            String status,
            OffsetDateTime lockedUntil,
            LocalDate vettingCheckedOn,
            LocalDate trainingCompletedOn,
            String totpSecret,
            Long totpLastStep,
            OffsetDateTime sessionsValidAfter,
            String familyName,
            String homePostcode,
            List<Role> roles,
            Instant now)
            implements UserDetails, SignedInUser {

        @Override
        public Collection<? extends GrantedAuthority> getAuthorities() {
            return List.of();
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
            return lockedUntil == null || !lockedUntil.toInstant().isAfter(now);
        }

        @Override
        public boolean isAccountNonExpired() {
            return lapsedReason().isEmpty();
        }

        /** Why the account may not be used today, if it may not. */
        Optional<String> lapsedReason() {
            return Eligibility.lapsed(vettingCheckedOn, trainingCompletedOn, LocalDate.ofInstant(now, ZoneOffset.UTC));
        }

        /** Whether everything about the account allows it to be used now. */
        boolean usable() {
            return isEnabled() && isAccountNonLocked() && isAccountNonExpired();
        }

        Account withRoles(List<Role> granted) {
            return new Account(
                    id,
                    username,
                    displayName,
                    organisationCode,
                    organisationName,
                    localAuthorityCode,
                    passwordHash,
                    status,
                    lockedUntil,
                    vettingCheckedOn,
                    trainingCompletedOn,
                    totpSecret,
                    totpLastStep,
                    sessionsValidAfter,
                    familyName,
                    homePostcode,
                    granted,
                    now);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Account a && a.id == id;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(id);
        }

        @Override
        public String toString() {
            return "Account[" + username + "]";
        }
    }

    /** The account with its organisation, one row per role granted (one row with no role if none is). */
    private static final String SELECT = """
            select u.id, u.username, u.display_name, o.code, o.name, o.local_authority_code, u.password_hash, u.status,
                u.locked_until, u.vetting_checked_on, u.training_completed_on, u.totp_secret, u.totp_last_step,
                u.sessions_valid_after, u.family_name, u.home_postcode, r.role
            from app_user u join organisation o on o.id = u.organisation_id
                left join user_role r on r.user_id = u.id
            """;

    @Override
    public UserDetails loadUserByUsername(String username) {
        return byUsername(username).orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }

    Optional<Account> byUsername(String username) {
        return find("u.username = :key", username);
    }

    Optional<Account> byId(long id) {
        return find("u.id = :key", id);
    }

    /**
     * One query for the account and its roles (every signed-in request checks its account in {@link SessionGuard}),
     * read whole before the connection goes back to the pool. Never a second query from inside the row mapping:
     * outside a transaction that would wait for a second pooled connection while holding the first, and as many
     * concurrent requests as the pool has connections would then deadlock it.
     */
    private Optional<Account> find(String condition, Object key) {
        Instant now = clock.instant();
        return jdbc.sql(SELECT + " where " + condition + " order by r.role")
                .param("key", key)
                .query(rs -> {
                    Account account = null;
                    List<Role> roles = new ArrayList<>();
                    while (rs.next()) {
                        if (account == null) {
                            account = new Account(
                                    rs.getLong(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getString(6),
                                    rs.getString(7),
                                    rs.getString(8),
                                    rs.getObject(9, OffsetDateTime.class),
                                    rs.getObject(10, LocalDate.class),
                                    rs.getObject(11, LocalDate.class),
                                    rs.getString(12),
                                    (Long) rs.getObject(13, Long.class),
                                    rs.getObject(14, OffsetDateTime.class),
                                    rs.getString(15),
                                    rs.getString(16),
                                    List.of(),
                                    now);
                        }
                        String role = rs.getString(17);
                        if (role != null) {
                            roles.add(Role.valueOf(role));
                        }
                    }
                    return Optional.ofNullable(account).map(a -> a.withRoles(List.copyOf(roles)));
                });
    }

    /** The user's own family name and home postcode, for the own-family misuse rule; null clears them. */
    void recordHome(long userId, String familyName, String homePostcode) {
        jdbc.sql("update app_user set family_name = :family, home_postcode = :postcode where id = :id")
                .param("family", familyName)
                .param("postcode", homePostcode)
                .param("id", userId)
                .update();
    }

    /** A new account as stored: the password already hashed. */
    record NewAccountRow(
            String username,
            String displayName,
            long organisationId,
            String passwordHash,
            String totpSecret,
            LocalDate vettingCheckedOn,
            LocalDate trainingCompletedOn,
            String status,
            Long createdBy,
            Set<Role> roles) {}

    /** Inserts the account and its roles (granted by its creator); returns its id. */
    long insert(NewAccountRow row) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into app_user (username, display_name, organisation_id, password_hash, totp_secret,
                    vetting_checked_on, training_completed_on, status, created_by, created_at)
                values (:username, :name, :org, :hash, :totp, :vetting, :training, :status, :by, :at)""")
                .param("username", row.username())
                .param("name", row.displayName())
                .param("org", row.organisationId())
                .param("hash", row.passwordHash())
                .param("totp", row.totpSecret())
                .param("vetting", row.vettingCheckedOn())
                .param("training", row.trainingCompletedOn())
                .param("status", row.status())
                .param("by", row.createdBy())
                .param("at", now)
                .update(keys, "id");
        long id = keys.getKeyAs(Long.class);
        for (Role role : row.roles()) {
            jdbc.sql("insert into user_role (user_id, role, granted_by, granted_at) values (:u, :r, :by, :at)")
                    .param("u", id)
                    .param("r", role.name())
                    .param("by", row.createdBy())
                    .param("at", now)
                    .update();
        }
        return id;
    }

    List<Role> roles(long userId) {
        return jdbc.sql("select role from user_role where user_id = :id order by role")
                .param("id", userId)
                .query((rs, n) -> Role.valueOf(rs.getString(1)))
                .list();
    }

    /** Counts a failed password or code; locks the account once the failures reach the limit. Returns true if locked. */
    @Transactional
    boolean recordFailure(long id) {
        jdbc.sql("update app_user set failed_sign_ins = failed_sign_ins + 1 where id = :id")
                .param("id", id)
                .update();
        int failures = jdbc.sql("select failed_sign_ins from app_user where id = :id")
                .param("id", id)
                .query(Integer.class)
                .single();
        if (failures >= LOCK_AFTER_FAILURES) {
            jdbc.sql("update app_user set locked_until = :until, failed_sign_ins = 0 where id = :id")
                    .param("until", OffsetDateTime.ofInstant(clock.instant().plus(LOCK_FOR), ZoneOffset.UTC))
                    .param("id", id)
                    .update();
            return true;
        }
        return false;
    }

    @Transactional
    void recordSuccess(long id) {
        jdbc.sql("update app_user set failed_sign_ins = 0 where id = :id")
                .param("id", id)
                .update();
    }

    /** Stores a newly enrolled TOTP secret with the step of the code that confirmed it. */
    @Transactional
    void enrolTotp(long id, String secret, long step) {
        jdbc.sql("update app_user set totp_secret = :secret, totp_last_step = :step where id = :id")
                .param("secret", secret)
                .param("step", step)
                .param("id", id)
                .update();
    }

    /** Moves the last accepted step forward; false when another request already used this step (a replay). */
    @Transactional
    boolean acceptTotpStep(long id, long step) {
        return jdbc.sql("""
                        update app_user set totp_last_step = :step
                        where id = :id and (totp_last_step is null or totp_last_step < :step)""").param("step", step).param("id", id).update() == 1;
    }

    boolean hasPasskey(String username) {
        return jdbc.sql("""
                        select count(*) from user_credentials c join user_entities e on e.id = c.user_entity_user_id
                        where e.name = :username""").param("username", username).query(Long.class).single() > 0;
    }
}
