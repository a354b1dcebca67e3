package uk.contactpoint.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import uk.contactpoint.generator.SyntheticFeeds;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Runs ContactPoint on the embedded database under ./data with generated demo data and one demo"
                + " user for each role. A second run reuses the data.")
final class DemoCommand implements Callable<Integer> {

    static final int DEFAULT_CHILDREN = 10_000;

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Option(
            names = "--children",
            paramLabel = "N",
            description = "How many children to generate on the first run (default: " + DEFAULT_CHILDREN
                    + ", at most 2,000,000).")
    Integer children;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Where the demo keeps its database, index and feeds (default: ./data).")
    Path data;

    @Override
    public Integer call() {
        int port = server.port();
        if (children != null && (children < 1 || children > 2_000_000)) {
            throw new ParameterException(
                    spec.commandLine(), "--children must be between 1 and 2000000, not " + children);
        }
        var database = new DatabaseOptions();
        database.spec = spec;
        database.data = data;
        Path dataDirectory = database.dataDirectory();
        Path feeds = dataDirectory.resolve("feeds");
        var out = spec.commandLine().getOut();
        boolean generated =
                SyntheticFeeds.feedFileNames().stream().allMatch(f -> Files.isRegularFile(feeds.resolve(f)));
        if (!generated) {
            int n = children == null ? DEFAULT_CHILDREN : children;
            out.printf("Generating demo feeds for %,d children in %s ...%n", n, feeds);
            out.flush();
            SyntheticFeeds.write(new SyntheticFeeds.Options(n, 1, SyntheticFeeds.DEFAULT_AS_OF, 1.0), feeds, line -> {
                out.println("  " + line);
                out.flush();
            });
        } else if (children != null) {
            out.println("Reusing the demo data in " + dataDirectory + " (--children applies to a first run only; delete"
                    + " that directory to start afresh).");
        }
        var properties = new LinkedHashMap<>(database.springProperties());
        properties.put("server.port", port);
        var context = Server.start(properties, true);
        DemoSetup.run(context, feeds, out);
        out.println();
        out.println("Sign in with any of these users; the password of each is " + DemoSetup.PASSWORD + ":");
        DemoSetup.USERS.stream()
                .filter(u -> !u.roles().contains(uk.contactpoint.access.Role.FEED_SYSTEM))
                .forEach(u -> out.printf(
                        "  %-20s %-40s code: oathtool --totp -b %s%n",
                        u.username(), u.roles().iterator().next().title(), u.totpSecret()));
        out.println("The feed system demo.feed uploads with the token in "
                + dataDirectory.resolve("demo-feed-token.txt") + ".");
        out.println("Stop it with Ctrl+C. The data stays in " + dataDirectory + " for the next run.");
        out.println("ContactPoint is running at http://localhost:" + port + "/");
        out.flush();
        return Cli.KEEP_RUNNING;
    }
}
