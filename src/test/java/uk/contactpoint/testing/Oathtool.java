package uk.contactpoint.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * TOTP codes computed by Debian's oathtool, the independent implementation the second factor is tested against.
 * Where oathtool is missing, tests that need it are skipped, or fail in CI (-Dcontactpoint.requireTools=true).
 */
public final class Oathtool {
    private Oathtool() {}

    public static void require() {
        if (!new java.io.File("/usr/bin/oathtool").canExecute()) {
            String message = "oathtool is not installed (apt-get install oathtool; ./contactpoint test installs it)";
            if (Boolean.getBoolean("contactpoint.requireTools")) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
    }

    /** The code for the time step that holds {@code at}. */
    public static String code(String base32Secret, Instant at) {
        require();
        try {
            Process process = new ProcessBuilder(
                            "oathtool", "--totp", "-b", "-N", "@" + at.getEpochSecond(), base32Secret.replace(" ", ""))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("oathtool failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String code(String base32Secret) {
        return code(base32Secret, Instant.now());
    }
}
