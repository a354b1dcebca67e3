package uk.contactpoint.cli;

import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import uk.contactpoint.ContactPointApplication;

/** Starts the Spring application with the settings the command line chose. */
final class Server {
    private Server() {}

    static ConfigurableApplicationContext start(Map<String, Object> settings, boolean web) {
        // Passed as command-line arguments, which outrank application.yaml; default properties would not.
        String[] args = settings.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(ContactPointApplication.class)
                .web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
                .logStartupInfo(false)
                .run(args);
    }
}
