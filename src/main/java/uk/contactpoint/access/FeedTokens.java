package uk.contactpoint.access;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.contactpoint.audit.AuditEvent;
import uk.contactpoint.audit.AuditLog;
import uk.contactpoint.kernel.Sha256;

/**
 * API tokens for feed systems, each bound to one source. The token is shown once when issued; only its SHA-256 is
 * stored. Rotating issues a new token and revokes the old one in one step.
 */
@Service
class FeedTokens {

    static final String PREFIX = "cpf_";
    private static final SecureRandom RANDOM = new SecureRandom();

    record Token(
            long id,
            long userId,
            String username,
            String sourceCode,
            OffsetDateTime createdAt,
            OffsetDateTime revokedAt) {}

    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final AuditLog audit;
    private final Clock clock;

    FeedTokens(JdbcClient jdbc, Accounts accounts, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /** Issues a token for a feed-system account and source; returns the token text, which is never stored. */
    @Transactional
    @PreAuthorize("hasRole('NATIONAL_ADMIN')")
    public String issue(SignedInUser actor, long userId, String sourceCode) {
        return create(actor, userId, sourceCode);
    }

    /** Also used by the operator's command line, which stands outside the web's roles. */
    @Transactional
    String create(SignedInUser actor, long userId, String sourceCode) {
        var account = accounts.byId(userId).orElseThrow(() -> new AdministrationException("There is no such user."));
        if (!account.roles().contains(Role.FEED_SYSTEM)) {
            throw new AdministrationException("Only a feed-system account can hold a feed token.");
        }
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        try {
            jdbc.sql("""
                    insert into feed_token (user_id, source_code, token_hash, created_at, created_by)
                    values (:user, :source, :hash, :at, :by)""")
                    .param("user", userId)
                    .param("source", sourceCode)
                    .param("hash", hash(token))
                    .param("at", now())
                    .param("by", actor == null ? null : actor.id())
                    .update();
        } catch (DataIntegrityViolationException e) {
            throw new AdministrationException("There is no source with code '" + sourceCode + "'.");
        }
        audit.record(SignInAudit.event(
                "FEED_TOKEN_ISSUED",
                actor,
                actor == null ? "system" : null,
                null,
                AuditEvent.Outcome.SUCCESS,
                "user=" + account.username() + " source=" + sourceCode));
        return token;
    }

    @Transactional
    @PreAuthorize("hasRole('NATIONAL_ADMIN')")
    public String rotate(SignedInUser actor, long tokenId) {
        Token old = find(tokenId).orElseThrow(() -> new AdministrationException("There is no such token."));
        revoke(actor, tokenId);
        return issue(actor, old.userId(), old.sourceCode());
    }

    @Transactional
    @PreAuthorize("hasRole('NATIONAL_ADMIN')")
    public void revoke(SignedInUser actor, long tokenId) {
        int changed = jdbc.sql("update feed_token set revoked_at = :at where id = :id and revoked_at is null")
                .param("at", now())
                .param("id", tokenId)
                .update();
        if (changed == 0) {
            throw new AdministrationException("That token does not exist or is already revoked.");
        }
        audit.record(SignInAudit.event(
                "FEED_TOKEN_REVOKED", actor, null, null, AuditEvent.Outcome.SUCCESS, "token=" + tokenId));
    }

    List<Token> all() {
        return jdbc.sql("""
                        select t.id, t.user_id, u.username, t.source_code, t.created_at, t.revoked_at
                        from feed_token t join app_user u on u.id = t.user_id order by t.id""")
                .query((rs, n) -> new Token(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class),
                        rs.getObject(6, OffsetDateTime.class)))
                .list();
    }

    Optional<Token> find(long id) {
        return all().stream().filter(t -> t.id() == id).findFirst();
    }

    /** The feed system a presented token belongs to, when the token is live and its account usable. */
    Optional<FeedSystem> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return jdbc.sql("select user_id, source_code from feed_token where token_hash = :hash and revoked_at is null")
                .param("hash", hash(token))
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)})
                .optional()
                .flatMap(row -> accounts.byId((Long) row[0])
                        .filter(Accounts.Account::usable)
                        .filter(a -> a.roles().contains(Role.FEED_SYSTEM))
                        .map(a -> new FeedSystem(a.id(), a.username(), a.organisationCode(), (String) row[1])));
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static String hash(String token) {
        return Sha256.hex(token);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
