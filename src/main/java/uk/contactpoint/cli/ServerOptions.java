package uk.contactpoint.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The port a server command listens on. */
final class ServerOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "8080",
            paramLabel = "N",
            description = "The HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    int port() {
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 1 and 65535, not " + port);
        }
        return port;
    }
}
