package uk.contactpoint;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The Spring application: one deployable, organised as modules by domain (see docs/architecture.md). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ContactPointApplication {

    /** One clock for the whole service, so that tests can fix time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
