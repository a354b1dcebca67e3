package uk.contactpoint.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signed checkpoints of the chain: every so often the head (position and hash) is signed with this node's Ed25519
 * key, stored, and appended to an export file outside the database. Someone who can rewrite the database can
 * recompute every hash, but cannot sign: verification against the checkpoints catches a rewritten chain.
 */
@Component
public class AuditCheckpoints {

    public record Checkpoint(long chainPos, String entryHash, Instant signedAt, String publicKey, String signature) {
        String signed() {
            return "contactpoint-audit-checkpoint|" + chainPos + "|" + entryHash + "|" + signedAt;
        }

        String json() {
            return "{\"chainPos\":" + chainPos + ",\"entryHash\":\"" + entryHash + "\",\"signedAt\":\"" + signedAt
                    + "\",\"publicKey\":\"" + publicKey + "\",\"signature\":\"" + signature + "\"}";
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditChain chain;
    private final Clock clock;
    private final Path keys;
    private final Path export;

    AuditCheckpoints(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            AuditChain chain,
            Clock clock,
            @Value("${contactpoint.data-directory}") Path dataDirectory) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.chain = chain;
        this.clock = clock;
        this.keys = dataDirectory.resolve("keys");
        this.export = exportFile(dataDirectory);
    }

    public static Path exportFile(Path dataDirectory) {
        return dataDirectory.resolve("audit-checkpoints.jsonl");
    }

    @Scheduled(
            fixedDelayString = "${contactpoint.audit.checkpoint-interval:60s}",
            initialDelayString = "${contactpoint.audit.checkpoint-interval:60s}")
    void scheduled() {
        checkpoint();
    }

    /** Chains what is pending, then signs the head if it moved since the last checkpoint. */
    public synchronized Checkpoint checkpoint() {
        chain.chainPending();
        return transactions.execute(tx -> {
            Object[] head = jdbc.sql("select last_pos, last_hash from audit_chain_head where id = 1 for update")
                    .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)})
                    .single();
            long pos = (Long) head[0];
            long last = jdbc.sql("select coalesce(max(chain_pos), -1) from audit_checkpoint")
                    .query(Long.class)
                    .single();
            if (pos == 0 || pos == last) {
                return null;
            }
            KeyPair pair = keyPair();
            Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
            var unsigned = new Checkpoint(
                    pos,
                    (String) head[1],
                    at,
                    Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
                    "");
            var checkpoint = new Checkpoint(
                    pos, unsigned.entryHash(), at, unsigned.publicKey(), sign(pair.getPrivate(), unsigned.signed()));
            jdbc.sql("""
                    insert into audit_checkpoint (chain_pos, entry_hash, signed_at, public_key, signature)
                    values (:pos, :hash, :at, :key, :sig)""")
                    .param("pos", pos)
                    .param("hash", checkpoint.entryHash())
                    .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                    .param("key", checkpoint.publicKey())
                    .param("sig", checkpoint.signature())
                    .update();
            try {
                Files.writeString(
                        export,
                        checkpoint.json() + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot export the audit checkpoint to " + export, e);
            }
            return checkpoint;
        });
    }

    List<Checkpoint> stored() {
        return jdbc.sql(
                        "select chain_pos, entry_hash, signed_at, public_key, signature from audit_checkpoint order by chain_pos")
                .query((rs, n) -> new Checkpoint(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getString(4),
                        rs.getString(5)))
                .list();
    }

    /** Whether the checkpoint's signature is good for its content and key. */
    static boolean signatureHolds(Checkpoint checkpoint) {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(checkpoint.publicKey())));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(checkpoint.signed().getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(checkpoint.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The public keys this installation signs with (one per node's data directory). */
    static String trustedKey(Path dataDirectory) {
        try {
            Path file = dataDirectory.resolve("keys").resolve("audit-signing.pub");
            return Files.exists(file) ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sign(PrivateKey key, String text) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This node's signing key, made on first use and kept readable by the service's user only. */
    private KeyPair keyPair() {
        Path privateFile = keys.resolve("audit-signing.key");
        Path publicFile = keys.resolve("audit-signing.pub");
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            if (Files.exists(privateFile)) {
                return new KeyPair(
                        factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                                .decode(Files.readString(publicFile).strip()))),
                        factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                                .decode(Files.readString(privateFile).strip()))));
            }
            Files.createDirectories(keys);
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.writeString(
                    privateFile,
                    Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n");
            try {
                Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: rely on the directory's permissions
            }
            Files.writeString(
                    publicFile,
                    Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n");
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
