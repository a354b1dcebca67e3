package uk.contactpoint.access;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.contactpoint.audit.AuditEvent;
import uk.contactpoint.audit.AuditLog;

/**
 * Managing accounts. A local authority's ContactPoint manager manages the accounts of organisations in that
 * authority's area; a national administrator manages national organisations' accounts and local authority managers.
 * A new account is approved by a different administrator from the one who created it, and nobody changes their own
 * account. Every change is audited in the same transaction. See docs/adr/0012-identity-and-sign-in.md.
 */
@Service
class UserAdministration {

    static final Set<Role> LA_MANAGER_GRANTS = EnumSet.of(
            Role.PRACTITIONER,
            Role.PRACTITIONER_VIEW_ONLY,
            Role.LA_TEAM,
            Role.CHILD_PROTECTION_OVERRIDE,
            Role.LA_MANAGER);

    record UserRow(
            long id,
            String username,
            String displayName,
            String organisationCode,
            String organisationName,
            String localAuthorityCode,
            String status,
            boolean locked,
            LocalDate vettingCheckedOn,
            LocalDate trainingCompletedOn,
            Long createdBy,
            List<Role> roles) {}

    record NewAccount(
            String username,
            String displayName,
            String organisationCode,
            String password,
            LocalDate vettingCheckedOn,
            LocalDate trainingCompletedOn,
            Set<Role> roles) {}

    /**
     * A user's own family name and home postcode, both optional: what the own-family misuse rule compares with the
     * children the user looks up. Checked here, so a bad postcode is refused with the reason.
     */
    record Home(String familyName, String postcode) {
        static final Home NONE = new Home(null, null);

        static Home of(String familyName, String postcode) {
            String family = familyName == null || familyName.isBlank() ? null : familyName.strip();
            if (family != null && (family.length() > 200 || family.codePoints().anyMatch(Character::isISOControl))) {
                throw new AdministrationException("Enter the family name in at most 200 characters.");
            }
            if (postcode == null || postcode.isBlank()) {
                return new Home(family, null);
            }
            try {
                return new Home(
                        family, uk.contactpoint.kernel.Postcode.of(postcode).value());
            } catch (uk.contactpoint.kernel.InvalidValueException e) {
                throw new AdministrationException("Enter the home postcode as a real UK postcode, like LS6 2AB.");
            }
        }
    }

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final Accounts accounts;
    private final Clock clock;

    UserAdministration(JdbcClient jdbc, PasswordEncoder passwords, AuditLog audit, Accounts accounts, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /** The accounts the actor may see: those of the actor's authority, or national ones and LA managers. */
    @PreAuthorize("hasAnyRole('LA_MANAGER', 'NATIONAL_ADMIN', 'LA_TEAM')")
    List<UserRow> visibleTo(SignedInUser actor) {
        return all().stream().filter(u -> inScope(actor, u)).toList();
    }

    private List<UserRow> all() {
        OffsetDateTime now = now();
        var rows = jdbc.sql("""
                        select u.id, u.username, u.display_name, o.code, o.name, o.local_authority_code, u.status,
                            u.locked_until, u.vetting_checked_on, u.training_completed_on, u.created_by
                        from app_user u join organisation o on o.id = u.organisation_id order by o.name, u.display_name""")
                .query((rs, n) -> new UserRow(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getObject(8, OffsetDateTime.class) != null
                                && rs.getObject(8, OffsetDateTime.class).isAfter(now),
                        rs.getObject(9, LocalDate.class),
                        rs.getObject(10, LocalDate.class),
                        (Long) rs.getObject(11, Long.class),
                        List.of()))
                .list();
        return rows.stream()
                .map(u -> new UserRow(
                        u.id(),
                        u.username(),
                        u.displayName(),
                        u.organisationCode(),
                        u.organisationName(),
                        u.localAuthorityCode(),
                        u.status(),
                        u.locked(),
                        u.vettingCheckedOn(),
                        u.trainingCompletedOn(),
                        u.createdBy(),
                        accounts.roles(u.id())))
                .toList();
    }

    /** Whether the actor administers this account (the team only views and unlocks within its authority). */
    static boolean inScope(SignedInUser actor, UserRow user) {
        if (actor.has(Role.NATIONAL_ADMIN)
                && (user.localAuthorityCode() == null || user.roles().contains(Role.LA_MANAGER))) {
            return true;
        }
        return (actor.has(Role.LA_MANAGER) || actor.has(Role.LA_TEAM))
                && actor.localAuthorityCode() != null
                && actor.localAuthorityCode().equals(user.localAuthorityCode());
    }

    private UserRow target(SignedInUser actor, long userId) {
        UserRow user = all().stream()
                .filter(u -> u.id() == userId)
                .findFirst()
                .orElseThrow(() -> new AdministrationException("There is no such user."));
        if (!inScope(actor, user)) {
            throw new AdministrationException("That account is not one you administer.");
        }
        if (user.id() == actor.id()) {
            throw new AdministrationException("You cannot change your own account. Ask another administrator.");
        }
        return user;
    }

    @Transactional
    @PreAuthorize("hasAnyRole('LA_MANAGER', 'NATIONAL_ADMIN')")
    long create(SignedInUser actor, NewAccount account) {
        if (account.username() == null || !account.username().matches("[a-z0-9][a-z0-9._-]{2,99}")) {
            throw new AdministrationException(
                    "A username is 3-100 lower-case letters, digits, dots, hyphens or underscores.");
        }
        if (account.displayName() == null || account.displayName().isBlank()) {
            throw new AdministrationException("Enter the person's name.");
        }
        if (account.roles() == null || account.roles().isEmpty()) {
            throw new AdministrationException("Choose at least one role.");
        }
        var organisation = jdbc.sql("select id, local_authority_code from organisation where code = :code")
                .param("code", account.organisationCode())
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)})
                .optional()
                .orElseThrow(() -> new AdministrationException(
                        "There is no organisation with code '" + account.organisationCode() + "'."));
        String la = (String) organisation[1];
        boolean allowed = actor.has(Role.NATIONAL_ADMIN)
                ? la == null || account.roles().equals(Set.of(Role.LA_MANAGER))
                : actor.localAuthorityCode() != null
                        && actor.localAuthorityCode().equals(la)
                        && LA_MANAGER_GRANTS.containsAll(account.roles());
        if (!allowed) {
            throw new AdministrationException(
                    "You may not create that account: the organisation or a role is outside what you administer.");
        }
        PasswordPolicy.problem(account.password(), account.username()).ifPresent(problem -> {
            throw new AdministrationException(problem);
        });
        if (jdbc.sql("select count(*) from app_user where username = :u")
                        .param("u", account.username())
                        .query(Long.class)
                        .single()
                > 0) {
            throw new AdministrationException("That username is taken.");
        }
        long id = accounts.insert(new Accounts.NewAccountRow(
                account.username(),
                account.displayName().strip(),
                (Long) organisation[0],
                passwords.encode(account.password()),
                null,
                account.vettingCheckedOn(),
                account.trainingCompletedOn(),
                "PENDING",
                actor.id(),
                account.roles()));
        record(actor, "USER_CREATED", account.username() + " roles=" + account.roles());
        return id;
    }

    /** Creates the account with the user's home details for the misuse rules (the same checks as above). */
    @Transactional
    @PreAuthorize("hasAnyRole('LA_MANAGER', 'NATIONAL_ADMIN')")
    long create(SignedInUser actor, NewAccount account, Home home) {
        long id = create(actor, account);
        if (home.familyName() != null || home.postcode() != null) {
            accounts.recordHome(id, home.familyName(), home.postcode());
        }
        return id;
    }

    @Transactional
    @PreAuthorize("hasAnyRole('LA_MANAGER', 'NATIONAL_ADMIN')")
    void approve(SignedInUser actor, long userId) {
        UserRow user = target(actor, userId);
        if (!"PENDING".equals(user.status())) {
            throw new AdministrationException("Only an account waiting for approval can be approved.");
        }
        if (Objects.equals(user.createdBy(), actor.id())) {
            throw new AdministrationException("Another administrator must approve an account you created.");
        }
        setStatus(userId, "ACTIVE");
        record(actor, "USER_APPROVED", user.username());
    }

    @Transactional
    @PreAuthorize("hasAnyRole('LA_MANAGER', 'NATIONAL_ADMIN')")
    void suspend(SignedInUser actor, long userId) {
        UserRow user = target(actor, userId);
        setStatus(userId, "SUSPENDED");
        record(actor, "USER_SUSPENDED", user.username());
    }

    @Transactional
    @PreAuthorize("hasAnyRole('LA_MANAGER', 'NATIONAL_ADMIN')")
    void reinstate(SignedInUser actor, long userId) {
        UserRow user = target(actor, userId);
        if (!"SUSPENDED".equals(user.status())) {
            throw new AdministrationException("Only a suspended account can be re-enabled.");
        }
        setStatus(userId, "ACTIVE");
        record(actor, "USER_REINSTATED", user.username());
    }

    @Transactional
    @PreAuthorize("hasAnyRole('LA_MANAGER', 'NATIONAL_ADMIN')")
    void recordChecks(SignedInUser actor, long userId, LocalDate vetting, LocalDate training) {
        UserRow user = target(actor, userId);
        LocalDate today = LocalDate.now(clock);
        if ((vetting != null && vetting.isAfter(today)) || (training != null && training.isAfter(today))) {
            throw new AdministrationException("A check cannot be dated in the future.");
        }
        jdbc.sql("update app_user set vetting_checked_on = :v, training_completed_on = :t where id = :id")
                .param("v", vetting)
                .param("t", training)
                .param("id", userId)
                .update();
        record(actor, "USER_CHECKS_RECORDED", user.username() + " vetting=" + vetting + " training=" + training);
    }

    @Transactional
    @PreAuthorize("hasAnyRole('LA_MANAGER', 'NATIONAL_ADMIN', 'LA_TEAM')")
    void unlock(SignedInUser actor, long userId) {
        UserRow user = target(actor, userId);
        jdbc.sql("update app_user set locked_until = null, failed_sign_ins = 0 where id = :id")
                .param("id", userId)
                .update();
        record(actor, "USER_UNLOCKED", user.username());
    }

    /** A status change also ends the account's sessions on every node at their next request. */
    private void setStatus(long userId, String status) {
        jdbc.sql("update app_user set status = :s, sessions_valid_after = :at where id = :id")
                .param("s", status)
                .param("at", now())
                .param("id", userId)
                .update();
    }

    private void record(SignedInUser actor, String action, String detail) {
        audit.record(SignInAudit.event(action, actor, null, null, AuditEvent.Outcome.SUCCESS, detail));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
