package uk.contactpoint.access;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * NCSC password guidance: a minimum length and a deny-list of common passwords, and no composition rules (which only
 * push people to predictable patterns). See docs/adr/0012-identity-and-sign-in.md.
 */
final class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;

    private static final Set<String> COMMON = load();

    private PasswordPolicy() {}

    /** Why the password is not acceptable for this user, or empty when it is. */
    static Optional<String> problem(String password, String username) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of(
                    "Use at least " + MIN_LENGTH + " characters. Three random words make a strong password.");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("Use at most " + MAX_LENGTH + " characters.");
        }
        String folded = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(folded) || COMMON.contains(folded.replaceAll("[^a-z0-9]", ""))) {
            return Optional.of("That password is too common. Choose something less easy to guess.");
        }
        if (username != null && !username.isBlank() && folded.contains(username.toLowerCase(Locale.ROOT))) {
            return Optional.of("Do not include your username in your password.");
        }
        if (password.chars().distinct().count() < 4) {
            return Optional.of("That password repeats too few characters. Choose something less easy to guess.");
        }
        return Optional.empty();
    }

    private static Set<String> load() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("/access/common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("access/common-passwords.txt is missing from the classpath");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.strip().toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
