package uk.contactpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.contactpoint.testing.TestDatabases;

/** `serve --db` as an operator runs it: the launcher, a real PostgreSQL database, migrations at start-up. */
class ServeOnPostgresIT {

    @BeforeAll
    static void postgres() {
        TestDatabases.requirePostgres();
    }

    @TempDir
    Path data;

    @Test
    void serve_migrates_an_empty_postgresql_database_and_answers_with_the_sign_in_page() throws Exception {
        String url = TestDatabases.createPostgresDatabase(
                "cp_test_serve_" + ProcessHandle.current().pid());
        int port = DemoLauncherIT.freePort();
        var builder = new ProcessBuilder("./contactpoint", "serve", "--port", String.valueOf(port))
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true);
        builder.environment().put("CONTACTPOINT_DB_URL", url + "?user=postgres");
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        try {
            var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && !line.startsWith("ContactPoint is running at")) {
                output.add(line);
            }
            assertThat(line).as(String.join("\n", output)).isNotNull();
            var page = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sign-in"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Sign in to ContactPoint");
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
