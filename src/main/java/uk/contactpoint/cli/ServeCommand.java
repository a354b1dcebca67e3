package uk.contactpoint.cli;

import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Runs the service (web interface and API) on PostgreSQL or the embedded H2 database.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() {
        var properties = new LinkedHashMap<>(database.springProperties());
        properties.put("server.port", server.port());
        Server.start(properties, true);
        var out = spec.commandLine().getOut();
        out.println("ContactPoint is running at http://localhost:" + server.port() + "/");
        out.flush();
        return Cli.KEEP_RUNNING;
    }
}
