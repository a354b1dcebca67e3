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
        var all = new java.util.LinkedHashMap<>(settings);
        // Only a server keeps the search index up to date: a command that loads or reports must not take the index's
        // lock from a server running beside it (the server catches up from the change log by itself).
        all.putIfAbsent("contactpoint.search.follow", web);
        // Passed as command-line arguments, which outrank application.yaml; default properties would not.
        String[] args = all.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(ContactPointApplication.class)
                .web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
                .logStartupInfo(false)
                .run(args);
    }
}
