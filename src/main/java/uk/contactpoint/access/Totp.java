package uk.contactpoint.access;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.QRCodeWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;
import org.apache.commons.codec.binary.Base32;

/**
 * Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps), as authenticator apps and
 * {@code oathtool --totp -b SECRET} compute them. A code is accepted for its own step or one either side (clock
 * drift), and never for a step at or before the last one accepted, so a code cannot be replayed.
 */
final class Totp {

    static final Duration STEP = Duration.ofSeconds(30);
    private static final int SECRET_BYTES = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Totp() {}

    /** A new secret, in base32 without padding, as authenticator apps take it. */
    static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return new Base32().encodeToString(bytes).replace("=", "");
    }

    /** The secret in groups of four, easier to type. */
    static String grouped(String secret) {
        return secret.replaceAll("(.{4})(?!$)", "$1 ");
    }

    static long stepOf(Instant instant) {
        return instant.getEpochSecond() / STEP.toSeconds();
    }

    static String code(String secret, long step) {
        try {
            var generator = new TimeBasedOneTimePasswordGenerator(STEP);
            var key = new SecretKeySpec(new Base32().decode(secret), generator.getAlgorithm());
            return String.format(
                    Locale.ROOT,
                    "%06d",
                    generator.generateOneTimePassword(key, Instant.ofEpochSecond(step * STEP.toSeconds())));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The step the code belongs to when it is valid now and newer than {@code lastStep}; empty otherwise.
     */
    static OptionalLong verify(String secret, String typed, Instant now, Long lastStep) {
        if (typed == null) {
            return OptionalLong.empty();
        }
        String code = typed.replaceAll("\\s", "");
        if (!code.matches("[0-9]{6}")) {
            return OptionalLong.empty();
        }
        long current = stepOf(now);
        for (long step = current - 1; step <= current + 1; step++) {
            if ((lastStep == null || step > lastStep)
                    && java.security.MessageDigest.isEqual(
                            code(secret, step).getBytes(StandardCharsets.US_ASCII),
                            code.getBytes(StandardCharsets.US_ASCII))) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    /** The otpauth:// URI that authenticator apps read from the QR code. */
    static String uri(String secret, String username) {
        String label = URLEncoder.encode("ContactPoint:" + username, StandardCharsets.UTF_8)
                .replace("+", "%20");
        return "otpauth://totp/" + label + "?secret=" + secret
                + "&issuer=ContactPoint&algorithm=SHA1&digits=6&period=30";
    }

    /** The QR code of the URI as a PNG data URI, for an img tag (the page's CSP allows data: images). */
    static String qrDataUri(String uri) {
        try {
            var matrix = new QRCodeWriter().encode(uri, BarcodeFormat.QR_CODE, 220, 220);
            var image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
            for (int x = 0; x < matrix.getWidth(); x++) {
                for (int y = 0; y < matrix.getHeight(); y++) {
                    image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
                }
            }
            var png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
        } catch (WriterException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
