package uk.contactpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start as a new user meets it: the ./contactpoint launcher run with the machine's own PATH (where java may
 * be 17) and no JAVA_HOME, starting the demo on a fresh data directory, then again on the same one.
 */
class DemoLauncherIT {

    @TempDir
    Path data;

    record Started(Process process, List<String> output, long millis) {}

    Started demo(int port) throws IOException {
        var builder = new ProcessBuilder(
                        "./contactpoint",
                        "demo",
                        "--data",
                        data.toString(),
                        "--port",
                        String.valueOf(port),
                        "--children",
                        "400")
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        long started = System.nanoTime();
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            output.add(line);
            if (line.startsWith("ContactPoint is running at")) {
                return new Started(process, output, (System.nanoTime() - started) / 1_000_000);
            }
        }
        throw new AssertionError("the demo stopped before it was ready:\n" + String.join("\n", output));
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    @Test
    void the_demo_starts_with_a_govuk_sign_in_page_and_a_second_run_reuses_its_data() throws Exception {
        int port = freePort();
        Started first = demo(port);
        try {
            assertThat(first.output()).anyMatch(l -> l.contains("Generating demo feeds for 400 children"));
            assertThat(first.output()).anyMatch(l -> l.contains("demo.lateam"));
            var client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            var page = client.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sign-in"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("govuk-template", "Sign in to ContactPoint");
        } finally {
            stop(first.process());
        }

        Started second = demo(port);
        try {
            assertThat(second.output()).noneMatch(l -> l.contains("Generating"));
            assertThat(second.output())
                    .filteredOn(l -> l.contains("already loaded"))
                    .hasSize(4);
            System.out.printf("demo start: first run %d ms, second run %d ms%n", first.millis(), second.millis());
        } finally {
            stop(second.process());
        }
    }
}
