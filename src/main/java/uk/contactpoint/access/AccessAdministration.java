package uk.contactpoint.access;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** For the operator and the demo: organisations, ready accounts and feed tokens, outside the web's roles. */
@Service
public class AccessAdministration {

    public enum OrganisationKind {
        LOCAL_AUTHORITY,
        NATIONAL_PARTNER,
        SCHOOL,
        GP_PRACTICE,
        HEALTH_TRUST,
        OTHER_SERVICE,
        NATIONAL
    }

    public record NewOrganisation(String code, String name, OrganisationKind kind, String localAuthorityCode) {}

    public record NewUser(
            String username,
            String displayName,
            String organisationCode,
            String password,
            String totpSecret,
            LocalDate vettingCheckedOn,
            LocalDate trainingCompletedOn,
            Set<Role> roles) {}

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final FeedTokens tokens;
    private final Accounts accounts;
    private final Clock clock;

    AccessAdministration(
            JdbcClient jdbc, PasswordEncoder passwords, FeedTokens tokens, Accounts accounts, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.tokens = tokens;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** The codes of the organisations that work in a local authority's area. */
    public java.util.List<String> organisationsOf(String localAuthorityCode) {
        return jdbc.sql("select code from organisation where local_authority_code = :la")
                .param("la", localAuthorityCode)
                .query(String.class)
                .list();
    }

    /** Issues a feed token from the operator's command line; the token is returned once and never stored. */
    @Transactional
    public String issueFeedToken(String username, String sourceCode) {
        long userId = jdbc.sql("select id from app_user where username = :u")
                .param("u", username)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new IllegalArgumentException("no user " + username));
        return tokens.create(null, userId, sourceCode);
    }

    /** Creates the organisation unless one with its code exists; returns its id either way. */
    @Transactional
    public long ensureOrganisation(NewOrganisation organisation) {
        Optional<Long> existing = jdbc.sql("select id from organisation where code = :code")
                .param("code", organisation.code())
                .query(Long.class)
                .optional();
        if (existing.isPresent()) {
            return existing.get();
        }
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into organisation (code, name, kind, local_authority_code, created_at)
                values (:code, :name, :kind, :la, :at)""")
                .param("code", organisation.code())
                .param("name", organisation.name())
                .param("kind", organisation.kind().name())
                .param("la", organisation.localAuthorityCode())
                .param("at", now())
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    /** Creates an active account unless the username is taken; an existing account is left as it is. */
    @Transactional
    public boolean ensureUser(NewUser user) {
        if (jdbc.sql("select count(*) from app_user where username = :u")
                        .param("u", user.username())
                        .query(Long.class)
                        .single()
                > 0) {
            return false;
        }
        long organisationId = jdbc.sql("select id from organisation where code = :code")
                .param("code", user.organisationCode())
                .query(Long.class)
                .optional()
                .orElseThrow(
                        () -> new IllegalArgumentException("no organisation with code " + user.organisationCode()));
        accounts.insert(new Accounts.NewAccountRow(
                user.username(),
                user.displayName(),
                organisationId,
                passwords.encode(user.password()),
                user.totpSecret(),
                user.vettingCheckedOn(),
                user.trainingCompletedOn(),
                "ACTIVE",
                null,
                user.roles()));
        return true;
    }

    /**
     * Records a user's own family name and home postcode (for the own-family misuse rule), as set up outside the
     * managers' pages (the demo, tests); a bad postcode is refused with the reason.
     */
    public void recordHome(String username, String familyName, String homePostcode) {
        long id = accounts.byUsername(username)
                .orElseThrow(() -> new IllegalArgumentException("no user " + username))
                .id();
        var home = UserAdministration.Home.of(familyName, homePostcode);
        accounts.recordHome(id, home.familyName(), home.postcode());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
