package uk.contactpoint.access;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Password hashing, needed by the web and by the command line (which creates accounts) alike. */
@Configuration
class PasswordConfiguration {

    /** Argon2id, with Spring Security's current recommended cost (19 MiB, 2 iterations). */
    @Bean
    PasswordEncoder passwordEncoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }
}
